#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/blocking_calls.hpp"
#include "core/duration.hpp"
#include "core/metric.hpp"

/// The plot directories at a glance, at every gather and cheaply: one
/// directory listing each, no plot file opened. A plot's size is read once,
/// when its name first appears (plots do not change), and again every hour.
/// A directory whose listing does not answer in time (a network share whose
/// server is gone) is reported unreachable without holding up the others.
namespace lfdm::plot_check {

/// What a file in a plot directory is, from its name.
enum class plot_file_kind { other, plot, plot2, temporary };

/// `*.plot`, `*.plot2`, or a plot being written or copied: `*.tmp`,
/// `*.part`, `*.partial`, or a hidden `.plot-...` file (rsync's).
plot_file_kind classify_plot_file(std::string_view name);

/// One directory's state at one listing.
struct plot_dir_listing {
    bool reachable = false;
    /// Why it could not be listed ("No such file or directory").
    std::string error;
    std::int64_t plots = 0;     ///< `.plot` and `.plot2` files
    std::int64_t plots_v2 = 0;  ///< `.plot2` files among them
    std::int64_t plot_bytes = 0;
    std::int64_t plots_added = 0;  ///< since the listing before (0 at the first)
    std::int64_t plots_removed = 0;
    std::int64_t temp_files = 0;
    std::int64_t temp_bytes = 0;
    /// Space of the filesystem holding it; -1 when unknown.
    std::int64_t free_bytes = -1;
    std::int64_t total_bytes = -1;
    /// How long the listing took; -1 when no listing answered.
    double scan_ms = -1;
};

/// Hashes a plot file name given as any kind of string, so that a name read
/// from a directory is looked up without a copy.
struct name_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const noexcept {
        return std::hash<std::string_view>{}(name);
    }
};

/// Plot file names and their sizes in bytes.
using plot_sizes = std::unordered_map<std::string, std::int64_t, name_hash, std::equal_to<>>;

namespace detail {

/// What one listing compares with: the listing before. Shared, read-only,
/// with the listing's thread.
struct listing_basis {
    std::shared_ptr<const plot_sizes> known = std::make_shared<const plot_sizes>();
    bool listed = false;  ///< whether there was a listing before
    bool refresh_sizes = false;
};

/// What one listing found.
struct plot_dir_scan {
    plot_dir_listing listing;
    std::shared_ptr<const plot_sizes> sizes;  ///< when reachable
    std::chrono::steady_clock::time_point began;
    bool refreshed_sizes = false;
};

/// Lists one plot directory, reading nothing but its arguments.
using dir_scanner = std::function<plot_dir_scan(const std::string& dir, const listing_basis&)>;

/// The real listing: a hung network mount blocks it.
plot_dir_scan scan_plot_dir(const std::string& dir, const listing_basis& basis);

}  // namespace detail

/// Watches the configured plot directories.
class plot_inventory {
  public:
    /// `answer_time`: how long listing one directory may take; `scan`
    /// lists one (tests stand in for a hung mount with theirs).
    explicit plot_inventory(std::vector<std::string> dirs,
                            duration answer_time = std::chrono::seconds(3),
                            detail::dir_scanner scan = detail::scan_plot_dir);

    /// Lists every directory now, each allowed the answer time, and appends
    /// one `lfdm_plot_dir` metric each.
    void collect(metric_batch& out);

    /// Lists one directory on this thread, however long it takes, comparing
    /// with its listing before.
    plot_dir_listing list(const std::string& dir);

  private:
    struct known_dir {
        /// Shared with a listing under way, which reads it on its thread.
        std::shared_ptr<const plot_sizes> sizes = std::make_shared<const plot_sizes>();
        bool listed = false;
        std::chrono::steady_clock::time_point sizes_read;
    };
    detail::listing_basis basis_of(const std::string& dir,
                                   std::chrono::steady_clock::time_point now);
    plot_dir_listing take(const std::string& dir, detail::plot_dir_scan scan);

    std::vector<std::string> dirs_;
    detail::dir_scanner scan_;
    std::unordered_map<std::string, known_dir> known_;
    blocking_calls listings_;
};

/// The `lfdm_plot_dir` metric of a listing.
metric plot_dir_metric(const std::string& dir, const plot_dir_listing& listing);

}  // namespace lfdm::plot_check
