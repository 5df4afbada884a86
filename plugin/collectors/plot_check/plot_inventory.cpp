#include "collectors/plot_check/plot_inventory.hpp"

#include <filesystem>
#include <system_error>

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

plot_inventory::plot_inventory(std::vector<std::string> dirs) : dirs_(std::move(dirs)) {}

void plot_inventory::collect(metric_batch& out) {
    for (const auto& dir : dirs_)
        out.metrics.push_back(plot_dir_metric(dir, list(dir)));
}

plot_dir_listing plot_inventory::list(const std::string& dir) {
    const auto begin = std::chrono::steady_clock::now();
    plot_dir_listing listing;
    known_dir& known = known_[dir];
    const bool refresh_sizes = begin - known.sizes_read >= sizes_refresh;

    std::unordered_map<std::string, std::int64_t> sizes;
    sizes.reserve(known.plot_sizes.size());
    std::error_code ec;
    // A hung network mount blocks here, and with it this collector's gather
    // (the agent reports it timed out); the chia run is not affected.
    fs::directory_iterator it(path_from_utf8(dir), ec);
    for (const fs::directory_iterator end; !ec && it != end; it.increment(ec)) {
        const std::string name = utf8_of(it->path().filename());
        const auto kind = classify_plot_file(name);
        if (kind == plot_file_kind::other) continue;
        if (kind == plot_file_kind::temporary) {
            ++listing.temp_files;
            listing.temp_bytes += size_of(*it);
            continue;
        }
        const auto previous = known.plot_sizes.find(name);
        const std::int64_t size =
            previous != known.plot_sizes.end() && !refresh_sizes ? previous->second : size_of(*it);
        ++listing.plots;
        if (kind == plot_file_kind::plot2) ++listing.plots_v2;
        listing.plot_bytes += size;
        if (known.listed && previous == known.plot_sizes.end()) ++listing.plots_added;
        sizes.emplace(name, size);
    }
    if (ec) {
        // Kept as it was: when the drive comes back, added and removed count
        // from before it went, not from nothing.
        listing = {};
        listing.error = ec.message();
    } else {
        listing.reachable = true;
        if (known.listed) {
            for (const auto& [name, size] : known.plot_sizes) {
                if (!sizes.contains(name)) ++listing.plots_removed;
            }
        }
        known.plot_sizes = std::move(sizes);
        known.listed = true;
        if (refresh_sizes) known.sizes_read = begin;
        read_space(dir, listing);
    }
    listing.scan_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count();
    return listing;
}

metric plot_dir_metric(const std::string& dir, const plot_dir_listing& l) {
    metric m("lfdm_plot_dir");
    m.tag("plot_dir", dir);
    m.field("reachable", l.reachable);
    m.field("scan_ms", l.scan_ms);
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
