#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/metric.hpp"

/// The plot directories at a glance, at every gather and cheaply: one
/// directory listing each, no plot file opened. A plot's size is read once,
/// when its name first appears (plots do not change), and again every hour.
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
    double scan_ms = 0;
};

/// Watches the configured plot directories.
class plot_inventory {
  public:
    explicit plot_inventory(std::vector<std::string> dirs);

    /// Lists every directory now and appends one `lfdm_plot_dir` metric each.
    void collect(metric_batch& out);

    /// Lists one directory, comparing with its listing before.
    plot_dir_listing list(const std::string& dir);

  private:
    struct known_dir {
        std::unordered_map<std::string, std::int64_t> plot_sizes;
        bool listed = false;
        std::chrono::steady_clock::time_point sizes_read;
    };

    std::vector<std::string> dirs_;
    std::unordered_map<std::string, known_dir> known_;
};

/// The `lfdm_plot_dir` metric of a listing.
metric plot_dir_metric(const std::string& dir, const plot_dir_listing& listing);

}  // namespace lfdm::plot_check
