#include "collectors/plot_check/plot_inventory.hpp"

#include <filesystem>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/utf8_path.hpp"

namespace lfdm::plot_check {
namespace fs = std::filesystem;
namespace {

/// Plot sizes are read again this often, for a plot copied under its final
/// name (its size grows while the copy runs).
constexpr auto sizes_refresh = std::chrono::hours(1);

std::int64_t size_of(const fs::directory_entry& entry) {
    std::error_code ec;
    const auto size = entry.file_size(ec);
    return ec ? 0 : static_cast<std::int64_t>(size);
}

/// The name of the file at `path`, in UTF-8; `scratch` holds it when it has
/// to be converted (Windows), else it is a view into `path`.
std::string_view file_name(const fs::path& path, [[maybe_unused]] std::string& scratch) {
#if defined(_WIN32)
    scratch = utf8_of(path.filename());
    return scratch;
#else
    const std::string_view full = path.native();
    return full.substr(full.find_last_of('/') + 1);
#endif
}

void read_space(const std::string& dir, plot_dir_listing& listing) {
    std::error_code ec;
    const auto space = fs::space(path_from_utf8(dir), ec);
    if (ec) return;
    listing.free_bytes = static_cast<std::int64_t>(space.available);
    listing.total_bytes = static_cast<std::int64_t>(space.capacity);
}

}  // namespace

plot_file_kind classify_plot_file(std::string_view name) {
    if (name.ends_with(".plot"))
        return name.starts_with('.') ? plot_file_kind::temporary : plot_file_kind::plot;
    if (name.ends_with(".plot2"))
        return name.starts_with('.') ? plot_file_kind::temporary : plot_file_kind::plot2;
    if (name.ends_with(".tmp") || name.ends_with(".part") || name.ends_with(".partial")) {
        return plot_file_kind::temporary;
    }
    if (name.starts_with(".plot-")) return plot_file_kind::temporary;  // rsync's temporary
    return plot_file_kind::other;
}

// Reads nothing but its arguments: it runs on a helper thread, where a hung
// network mount may keep it for long. A farm lists thousands of plots at
// every gather, nearly always the same: a name is looked up without a copy,
// and the sizes are shared with the listing before unless a plot came or
// went.
detail::plot_dir_scan detail::scan_plot_dir(const std::string& dir, const listing_basis& basis) {
    detail::plot_dir_scan scan;
    scan.began = std::chrono::steady_clock::now();
    scan.refreshed_sizes = basis.refresh_sizes;
    plot_dir_listing& listing = scan.listing;
    const plot_sizes& known = *basis.known;

    std::vector<const plot_sizes::value_type*> kept;         // in `known`, sizes unchanged
    std::vector<std::pair<std::string, std::int64_t>> read;  // sizes read now
    if (!basis.refresh_sizes) kept.reserve(known.size());
    std::size_t seen_again = 0;  // of the known plots
    std::string scratch;
    std::error_code ec;
    fs::directory_iterator it(path_from_utf8(dir), ec);
    for (const fs::directory_iterator end; !ec && it != end; it.increment(ec)) {
        const std::string_view name = file_name(it->path(), scratch);
        const auto kind = classify_plot_file(name);
        if (kind == plot_file_kind::other) continue;
        if (kind == plot_file_kind::temporary) {
            ++listing.temp_files;
            listing.temp_bytes += size_of(*it);
            continue;
        }
        ++listing.plots;
        if (kind == plot_file_kind::plot2) ++listing.plots_v2;
        const auto previous = known.find(name);
        if (previous != known.end()) {
            ++seen_again;
        } else if (basis.listed) {
            ++listing.plots_added;
        }
        if (previous != known.end() && !basis.refresh_sizes) {
            listing.plot_bytes += previous->second;
            kept.push_back(&*previous);
        } else {
            read.emplace_back(name, size_of(*it));
            listing.plot_bytes += read.back().second;
        }
    }

    if (ec) {
        listing = {};
        listing.error = ec.message();
    } else {
        listing.reachable = true;
        // File names are unique: the known plots not seen again were removed.
        if (basis.listed)
            listing.plots_removed = static_cast<std::int64_t>(known.size() - seen_again);
        if (read.empty() && kept.size() == known.size()) {
            scan.sizes = basis.known;
        } else {
            plot_sizes sizes;
            sizes.reserve(kept.size() + read.size());
            for (const auto* entry : kept)
                sizes.insert(*entry);
            for (auto& [name, size] : read)
                sizes.emplace(std::move(name), size);
            scan.sizes = std::make_shared<const plot_sizes>(std::move(sizes));
        }
        read_space(dir, listing);
    }
    listing.scan_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - scan.began)
            .count();
    return scan;
}

plot_inventory::plot_inventory(std::vector<std::string> dirs, duration answer_time,
                               detail::dir_scanner scan)
    : dirs_(std::move(dirs)), scan_(std::move(scan)), listings_(answer_time) {}

void plot_inventory::collect(metric_batch& out) {
    const auto now = std::chrono::steady_clock::now();
    std::unordered_map<std::string, detail::listing_basis> bases;
    for (const auto& dir : dirs_)
        bases.emplace(dir, basis_of(dir, now));

    auto answers = listings_.run_each<detail::plot_dir_scan>(
        dirs_, [bases = std::move(bases), scan = scan_](const std::string& dir) {
            return scan(dir, bases.at(dir));
        });
    for (std::size_t i = 0; i < dirs_.size(); ++i) {
        plot_dir_listing listing;
        if (answers[i].value) {
            listing = take(dirs_[i], std::move(*answers[i].value));
        } else {
            listing.error = answers[i].no_answer;
        }
        out.metrics.push_back(plot_dir_metric(dirs_[i], listing));
    }
}

plot_dir_listing plot_inventory::list(const std::string& dir) {
    return take(dir, scan_(dir, basis_of(dir, std::chrono::steady_clock::now())));
}

detail::listing_basis plot_inventory::basis_of(const std::string& dir,
                                               std::chrono::steady_clock::time_point now) {
    const known_dir& known = known_[dir];
    return {known.sizes, known.listed, now - known.sizes_read >= sizes_refresh};
}

plot_dir_listing plot_inventory::take(const std::string& dir, detail::plot_dir_scan scan) {
    // Kept as it was when unreachable: when the drive comes back, added and
    // removed count from before it went, not from nothing.
    if (!scan.listing.reachable) return scan.listing;
    known_dir& known = known_[dir];
    if (scan.refreshed_sizes) known.sizes_read = scan.began;
    known.sizes = std::move(scan.sizes);
    known.listed = true;
    return scan.listing;
}

metric plot_dir_metric(const std::string& dir, const plot_dir_listing& l) {
    metric m("lfdm_plot_dir");
    m.tag("plot_dir", dir);
    m.field("reachable", l.reachable);
    if (l.scan_ms >= 0) m.field("scan_ms", l.scan_ms);
    if (!l.reachable) {
        m.field("error", l.error);
        return m;
    }
    m.field("plots", l.plots);
    m.field("plots_v2", l.plots_v2);
    m.field("plot_bytes", l.plot_bytes);
    m.field("plots_added", l.plots_added);
    m.field("plots_removed", l.plots_removed);
    m.field("temp_files", l.temp_files);
    m.field("temp_bytes", l.temp_bytes);
    if (l.free_bytes >= 0) m.field("free_bytes", l.free_bytes);
    if (l.total_bytes >= 0) m.field("total_bytes", l.total_bytes);
    return m;
}

}  // namespace lfdm::plot_check
