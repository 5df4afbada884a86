#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/config_schema.hpp"
#include "core/duration.hpp"

namespace lfdm::plot_check {

/// The `[plot_check]` table: how and when `chia plots check` runs, and which
/// plot directories the inventory watches.
struct plot_check_config {
    bool enabled = false;
    /// The chia executable; empty: looked for in the usual install places.
    std::string chia_path;
    /// Challenges per plot (`-n`); chia raises values under 5 to 5.
    std::int64_t challenges = 30;
    /// First challenge (`--challenge-start`); 0: chia's default, from the first.
    std::int64_t challenge_start = 0;
    /// Time between two runs.
    duration interval{std::chrono::hours(24)};
    /// Whether to start a run as soon as the plugin starts, rather than one
    /// interval after the last finished run.
    bool run_at_start = false;
    /// Only check plots whose path contains this text (`-g`); empty: all.
    std::string grep;
    /// Ask chia to list duplicate plots (`-l`).
    bool list_duplicates = false;
    /// chia's configuration root (`CHIA_ROOT`); empty: chia's default.
    std::string chia_root;
    /// File holding the keyring passphrase (`--passphrase-file`); empty: none.
    std::string passphrase_file;
    /// A run silent for this long is killed and reported as timed out.
    duration silence_timeout{std::chrono::minutes(30)};
    /// A run longer than this is killed and reported as timed out.
    duration max_duration{std::chrono::hours(48)};
    /// Plot directories for the inventory (cheap, at every gather).
    std::vector<std::string> plot_dirs;
    /// How long listing one plot directory may take before it is reported
    /// unreachable (a network share whose server is gone).
    duration plot_dir_timeout{std::chrono::seconds(3)};
    /// Per-plot results written per gather at most; the rest follow at the
    /// next gathers, so that Telegraf's buffer is never flooded.
    std::int64_t max_plots_per_gather = 500;
    /// A plot whose slowest quality lookup takes longer is reported slow
    /// (chia warns above 5 s before 2.0 and 8 s since).
    duration slow_lookup{std::chrono::seconds(5)};
    /// A plot whose slowest proof search takes longer is reported slow
    /// (chia warns above 15 s).
    duration slow_proof{std::chrono::seconds(15)};
};

/// The description of `[plot_check]`, for loading and for the sample.
config::table_schema<plot_check_config> plot_check_schema();

}  // namespace lfdm::plot_check
