#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/plot_check/output_parser.hpp"
#include "core/metric.hpp"

/// The plot check's results as metrics (see this folder's README for every
/// field with its type and unit): `lfdm_plot` once per plot,
/// `lfdm_plot_check` for the current run and `lfdm_plot_check_last` for
/// the last finished one at every gather.
namespace lfdm::plot_check {

/// Above which a plot is reported slow.
struct slow_thresholds {
    std::int64_t lookup_ms = 5000;
    std::int64_t proof_ms = 15000;
};

/// Whether `plot` is slow: chia warned, or its slowest lookup or proof search
/// exceeds the thresholds.
bool is_slow(const plot_result& plot, const slow_thresholds& slow);

/// The `lfdm_plot` metric of a plot with a result.
metric plot_metric(const plot_result& plot, const slow_thresholds& slow);

/// A run as reported and persisted: flat values, no list.
struct run_summary {
    /// "waiting", "running", "done", "failed" or "timed_out".
    std::string state = "waiting";
    std::int64_t started_unix_seconds = 0;
    /// 0 while running.
    std::int64_t finished_unix_seconds = 0;
    double duration_seconds = 0;
    std::int64_t challenges = 0;
    std::int64_t plots_found = 0;
    std::int64_t plots_loaded = 0;
    std::int64_t plots_tested = 0;
    std::int64_t plots_good = 0;
    std::int64_t plots_bad = 0;
    std::int64_t plots_unopenable = 0;
    std::int64_t plots_slow = 0;
    std::int64_t plots_duplicate = 0;
    std::int64_t plots_key_missing = 0;
    std::int64_t plots_skipped = 0;
    std::int64_t dirs_missing = 0;
    std::int64_t unknown_lines = 0;
    std::int64_t prover_messages = 0;
    /// Size of the valid plots from chia's summary, in bytes (chia prints
    /// TiB with 5 decimals: exact to about 6 MB); -1 before the summary.
    std::int64_t total_size_bytes = -1;
    std::optional<double> loading_seconds;
    std::optional<double> testing_seconds;
    std::string chia_version;
    /// chia's exit status once it ended (-1: killed, or never started).
    std::optional<std::int64_t> exit_code;
    /// Why the run failed or timed out; empty when it did not.
    std::string error;
};

/// Copies the parser's totals into `summary` (state and times untouched).
void copy_totals(const run_totals& totals, run_summary& summary);

/// The `lfdm_plot_check` metric (or `measurement`) of a run. A waiting
/// state has only `state` and, when `next_run_seconds` is given, that; the
/// start time is left out when unknown (0, a saved log).
metric run_metric(std::string_view measurement, const run_summary& run,
                  std::optional<std::int64_t> next_run_seconds = std::nullopt);

/// The metrics of a whole saved output (`plot-check --from-log`): every
/// plot with a result, in the order of the results, then `lfdm_plot_check`
/// with state "done" when chia's summary was read, else "running".
std::vector<metric> log_metrics(const output_parser& parser, const slow_thresholds& slow);

}  // namespace lfdm::plot_check
