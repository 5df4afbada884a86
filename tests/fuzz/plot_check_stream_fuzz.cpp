// Fuzz target: a whole `chia plots check` output read by the incremental
// parser, as a live run delivers it. The first byte seeds how the rest is cut
// into chunks: the parser must reach the same results whatever the cuts (a
// pipe delivers any amount at a time). The results must hold together
// (counts match the plots, every finished plot has an outcome, kept texts
// stay bounded), and every metric and the report must be valid, with a field
// never changing type from one input to the next.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/plot_check/output_parser.hpp"
#include "collectors/plot_check/plot_check_metrics.hpp"
#include "collectors/plot_check/plot_check_report.hpp"
#include "core/line_protocol.hpp"
#include "support/line_parser.hpp"

namespace {

using namespace lfdm;
using namespace lfdm::plot_check;

void fail(const char* what) {
    std::fprintf(stderr, "plot check stream: %s\n", what);
    std::abort();
}

/// Feeds `text` to `parser` in chunks of 1 to 64 bytes from a small
/// generator seeded with `seed`.
void feed_in_chunks(output_parser& parser, std::string_view text, std::uint8_t seed) {
    std::uint32_t state = seed * 2654435761U + 1;
    while (!text.empty()) {
        state = state * 1664525U + 1013904223U;
        const std::size_t length = std::min<std::size_t>(text.size(), 1 + (state >> 26));
        parser.feed(text.substr(0, length));
        text.remove_prefix(length);
    }
}

std::string describe(const plot_result& p) {
    return p.path + '|' + std::string(outcome_name(p.outcome)) + '|' + std::to_string(p.k) + '|' +
           std::to_string(static_cast<int>(p.pool)) + '|' + p.pool_contract + '|' +
           std::to_string(p.proofs) + '/' + std::to_string(p.challenges) + '|' +
           std::to_string(p.lookups) + ',' + std::to_string(p.lookup_max_ms) + ',' +
           std::to_string(p.lookup_total_ms) + '|' + std::to_string(p.proof_searches) + ',' +
           std::to_string(p.proof_max_ms) + ',' + std::to_string(p.proof_total_ms) + '|' +
           std::to_string(p.proofs_dropped) + '|' + std::to_string(p.warnings) + ',' +
           std::to_string(p.errors) + '|' + std::to_string(p.slow_warning) +
           std::to_string(p.key_missing) + '|' + p.error;
}

/// Everything the parser holds, as text, to compare two parsers.
std::string describe(const output_parser& parser) {
    std::string out;
    for (const auto& plot : parser.plots())
        out += describe(plot) + '\n';
    for (const auto index : parser.finished())
        out += std::to_string(index) + ' ';
    out += '\n';
    const run_totals t = parser.totals();
    for (const auto value :
         {t.challenges, t.plots_found, t.plots_loaded, t.plots_tested, t.plots_good, t.plots_bad,
          t.plots_unopenable, t.plots_testing, t.plots_duplicate, t.plots_key_missing,
          t.plots_skipped, t.dirs_missing, t.summary_valid, t.summary_invalid, t.unknown_lines,
          t.prover_messages, t.lines}) {
        out += std::to_string(value) + ' ';
    }
    out += t.total_size_text + '|' + t.chia_version + '|' + t.crash + '|' +
           std::to_string(t.summary_seen) + std::to_string(t.interrupted) +
           std::to_string(t.passphrase_prompt) + '|' +
           std::to_string(t.loading_seconds.value_or(-1)) + '|' +
           std::to_string(t.testing_seconds.value_or(-1)) + '\n';
    for (const auto& [size, count] : t.sizes)
        out += size + '=' + std::to_string(count) + ' ';
    for (const auto& d : parser.duplicates()) {
        out += d.plot + ':';
        for (const auto& path : d.paths)
            out += path + ',';
    }
    for (const auto& s : parser.skipped())
        out += s.path + ':' + s.reason + ';';
    for (const auto& dir : parser.missing_dirs())
        out += dir + ';';
    for (const auto& line : parser.unknown_samples())
        out += line + ';';
    return out;
}

void check_consistency(const output_parser& parser) {
    const auto& plots = parser.plots();
    const run_totals t = parser.totals();
    std::int64_t testing = 0, good = 0, bad = 0, unopenable = 0, ended = 0;
    for (const auto& plot : plots) {
        testing += plot.outcome == plot_outcome::testing;
        good += plot.outcome == plot_outcome::good;
        bad += plot.outcome == plot_outcome::bad;
        unopenable += plot.outcome == plot_outcome::unopenable;
        ended += plot.outcome != plot_outcome::testing;
        if (plot.error.size() > 500) fail("a plot's error text is unbounded");
    }
    if (t.plots_testing != testing) fail("plots_testing differs from the plots");
    if (t.plots_good != good || t.plots_bad != bad || t.plots_unopenable != unopenable) {
        fail("outcome counts differ from the plots");
    }
    if (static_cast<std::int64_t>(parser.finished().size()) != ended) {
        fail("finished() is not every plot with a result");
    }
    std::vector<bool> seen(plots.size());
    for (const auto index : parser.finished()) {
        if (index >= plots.size()) fail("finished() points past the plots");
        if (seen[index]) fail("a plot finished twice");
        seen[index] = true;
    }
    if (parser.unknown_samples().size() > output_parser::unknown_samples_kept) {
        fail("too many unknown samples kept");
    }
    for (const auto& line : parser.unknown_samples()) {
        if (line.size() > 500) fail("an unknown sample is unbounded");
    }
    if (t.crash.size() > 500) fail("the crash text is unbounded");
}

/// The first type seen for each measurement and field, across inputs.
std::map<std::string, std::size_t>& types_seen() {
    static std::map<std::string, std::size_t> types;
    return types;
}

void check_lines(const std::string& text) {
    try {
        for (const auto& line : test::parse_lines(text)) {
            for (const auto& [key, value] : line.point.fields) {
                const std::string name = line.point.measurement + "." + key;
                const auto [it, first] = types_seen().try_emplace(name, value.index());
                if (!first && it->second != value.index()) {
                    std::fprintf(stderr, "field %s changed type\n", name.c_str());
                    std::abort();
                }
            }
        }
    } catch (const test::line_error& e) {
        std::fprintf(stderr, "invalid line: %s\n%s", e.what(), text.c_str());
        std::abort();
    }
}

void check_metrics(const output_parser& parser) {
    std::string text;
    for (const auto& m : log_metrics(parser, slow_thresholds{}))
        line_protocol::write(text, m, 1'700'000'000'000'000'000);
    run_summary run;
    run.state = "running";
    copy_totals(parser.totals(), run);
    line_protocol::write(text, run_metric("lfdm_plot_check", run), 1'700'000'000'000'000'000);
    check_lines(text);
    (void)write_report(parser, slow_thresholds{}, "fuzz");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t seed = data[0];
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

    // A line longer than the parser's limit is cut where a chunk ends: the
    // only place where the cuts may change what is read.
    std::size_t longest = 0;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        longest = std::max(longest, end - at);
        at = end + 1;
    }
    const bool comparable = longest < 64 * 1024;

    output_parser whole, chunked;
    whole.set_clock(1.0);
    chunked.set_clock(1.0);
    whole.feed(text);
    feed_in_chunks(chunked, text, seed);
    if (comparable && describe(whole) != describe(chunked)) {
        fail("the cuts between chunks changed the results");
    }
    check_consistency(chunked);

    whole.finish(seed & 1 ? plot_outcome::incomplete : plot_outcome::timeout);
    chunked.finish(seed & 1 ? plot_outcome::incomplete : plot_outcome::timeout);
    if (comparable && describe(whole) != describe(chunked)) {
        fail("the cuts changed the results at the end");
    }
    check_consistency(chunked);
    if (chunked.totals().plots_testing != 0) fail("a plot is still testing after the end");
    check_metrics(chunked);

    // The same bytes as chia's stdout, where only prover lines and prompts
    // are expected.
    output_parser console;
    feed_in_chunks(console, text, seed);
    console.feed(text.substr(0, text.size() / 2), output_stream::stdout_stream);
    console.finish();
    check_consistency(console);
    return 0;
}
