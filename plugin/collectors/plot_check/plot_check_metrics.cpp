#include "collectors/plot_check/plot_check_metrics.hpp"

#include <cmath>

#include "collectors/plot_check/plot_name.hpp"

namespace lfdm::plot_check {
namespace {

std::string_view pool_name(pool_kind pool) {
    switch (pool) {
        case pool_kind::contract:
            return "contract";
        case pool_kind::public_key:
            return "public_key";
        default:
            return "";
    }
}

void add_identity(metric& m, const plot_result& plot) {
    const plot_name name = parse_plot_name(plot.path);
    const int k = plot.k > 0 ? plot.k : name.k;
    m.tag("plot_id", name.id);
    m.tag("plot_dir", name.dir);
    m.tag("drive", name.drive);
    if (k > 0) m.tag("k", std::to_string(k));
    if (name.compression >= 0) m.tag("compression", std::to_string(name.compression));
    m.tag("format", name.format == 2 ? "v2" : "v1");
    m.tag("pool", std::string(pool_name(plot.pool)));
    m.tag("pool_contract", plot.pool_contract);
}

}  // namespace

bool is_slow(const plot_result& plot, const slow_thresholds& slow) {
    return plot.slow_warning || plot.lookup_max_ms > slow.lookup_ms ||
           plot.proof_max_ms > slow.proof_ms;
}

metric plot_metric(const plot_result& plot, const slow_thresholds& slow) {
    metric m("lfdm_plot");
    add_identity(m, plot);
    m.field("path", plot.path);
    m.field("result", outcome_name(plot.outcome));
    if (plot.proofs >= 0) {
        m.field("proofs", plot.proofs);
        m.field("challenges", plot.challenges);
        if (plot.challenges > 0) {
            m.field("proof_ratio",
                    static_cast<double>(plot.proofs) / static_cast<double>(plot.challenges));
        }
    }
    m.field("lookups", plot.lookups);
    m.field("lookup_max_ms", plot.lookup_max_ms);
    if (plot.lookups > 0) {
        m.field("lookup_mean_ms",
                static_cast<double>(plot.lookup_total_ms) / static_cast<double>(plot.lookups));
    }
    m.field("proof_max_ms", plot.proof_max_ms);
    if (plot.proof_searches > 0) {
        m.field("proof_mean_ms", static_cast<double>(plot.proof_total_ms) /
                                     static_cast<double>(plot.proof_searches));
    }
    m.field("proofs_dropped", plot.proofs_dropped);
    m.field("warnings", plot.warnings);
    m.field("errors", plot.errors);
    m.field("slow", is_slow(plot, slow));
    m.field("key_missing", plot.key_missing);
    if (!plot.error.empty()) m.field("error", plot.error);
    return m;
}

void copy_totals(const run_totals& t, run_summary& s) {
    s.challenges = t.challenges;
    s.plots_found = t.plots_found;
    s.plots_loaded = t.plots_loaded;
    s.plots_tested = t.plots_tested;
    s.plots_good = t.plots_good;
    s.plots_bad = t.plots_bad;
    s.plots_unopenable = t.plots_unopenable;
    s.plots_duplicate = t.plots_duplicate;
    s.plots_key_missing = t.plots_key_missing;
    s.plots_skipped = t.plots_skipped;
    s.dirs_missing = t.dirs_missing;
    s.unknown_lines = t.unknown_lines;
    s.prover_messages = t.prover_messages;
    if (t.total_size_tib) {
        s.total_size_bytes = std::llround(*t.total_size_tib * 1099511627776.0);
    }
    s.loading_seconds = t.loading_seconds;
    s.testing_seconds = t.testing_seconds;
    if (!t.chia_version.empty()) s.chia_version = t.chia_version;
}

metric run_metric(std::string_view measurement, const run_summary& run,
                  std::optional<std::int64_t> next_run_seconds) {
    metric m{std::string(measurement)};
    m.field("state", run.state);
    if (next_run_seconds) m.field("next_run_seconds", *next_run_seconds);
    if (run.state == "waiting") return m;

    if (run.started_unix_seconds > 0) m.field("started_unix_seconds", run.started_unix_seconds);
    if (run.finished_unix_seconds > 0) m.field("finished_unix_seconds", run.finished_unix_seconds);
    m.field("duration_seconds", run.duration_seconds);
    m.field("challenges", run.challenges);
    m.field("plots_found", run.plots_found);
    m.field("plots_loaded", run.plots_loaded);
    m.field("plots_tested", run.plots_tested);
    m.field("plots_good", run.plots_good);
    m.field("plots_bad", run.plots_bad);
    m.field("plots_unopenable", run.plots_unopenable);
    m.field("plots_slow", run.plots_slow);
    m.field("plots_duplicate", run.plots_duplicate);
    m.field("plots_key_missing", run.plots_key_missing);
    m.field("plots_skipped", run.plots_skipped);
    m.field("dirs_missing", run.dirs_missing);
    m.field("unknown_lines", run.unknown_lines);
    m.field("prover_messages", run.prover_messages);
    if (run.total_size_bytes >= 0) m.field("total_size_bytes", run.total_size_bytes);
    if (run.loading_seconds) m.field("loading_seconds", *run.loading_seconds);
    if (run.testing_seconds) m.field("testing_seconds", *run.testing_seconds);
    if (!run.chia_version.empty()) m.field("chia_version", run.chia_version);
    if (run.exit_code) m.field("exit_code", *run.exit_code);
    if (!run.error.empty()) m.field("error", run.error);
    return m;
}

std::vector<metric> log_metrics(const output_parser& parser, const slow_thresholds& slow) {
    std::vector<metric> metrics;
    run_summary run;
    copy_totals(parser.totals(), run);
    for (const std::size_t index : parser.finished()) {
        const auto& plot = parser.plots()[index];
        if (plot.outcome != plot_outcome::unopenable && is_slow(plot, slow)) ++run.plots_slow;
        metrics.push_back(plot_metric(plot, slow));
    }
    run.state = run.total_size_bytes >= 0 || parser.totals().summary_seen ? "done" : "running";
    run.duration_seconds = run.loading_seconds.value_or(0) + run.testing_seconds.value_or(0);
    metrics.push_back(run_metric("lfdm_plot_check", run));
    return metrics;
}

}  // namespace lfdm::plot_check
