#include "collectors/plot_check/plot_check_report.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

namespace lfdm::plot_check {
namespace {

/// Appends "  label<padding>value\n", the value column at 22.
void row(std::string& out, std::string_view label, std::string_view value) {
    out += "  ";
    out += label;
    out.append(label.size() < 20 ? 20 - label.size() : 1, ' ');
    out += value;
    out += '\n';
}

std::string count_of(std::int64_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string tested_text(const run_totals& t) {
    std::string text = std::to_string(t.plots_tested);
    if (t.plots_tested > 0) {
        text +=
            ": " + std::to_string(t.plots_good) + " good, " + std::to_string(t.plots_bad) + " bad";
    }
    return text;
}

std::string size_text(const run_totals& t) {
    std::string text = t.total_size_text + " TiB";
    if (t.summary_valid >= 0) {
        text += " in " + count_of(t.summary_valid, "valid plot", "valid plots");
        std::string sizes;
        for (const auto& [size, count] : t.sizes) {
            if (!sizes.empty()) sizes += ", ";
            sizes += std::to_string(count) + " " + size;
        }
        if (!sizes.empty()) text += " (" + sizes + ")";
    }
    return text;
}

std::string ms_text(std::int64_t ms) {
    return format_seconds(static_cast<double>(ms) / 1000.0);
}

/// The line under a listed plot: its proofs and its error.
std::string plot_detail(const plot_result& plot) {
    std::string text;
    if (plot.proofs >= 0) {
        text = std::to_string(plot.proofs) + " of " + std::to_string(plot.challenges) + " proofs";
    }
    if (!plot.error.empty()) {
        if (!text.empty()) text += "; ";
        text += plot.error;
    }
    if (!text.empty()) return text;
    switch (plot.outcome) {
        case plot_outcome::timeout:
            return "no result: the run timed out first";
        case plot_outcome::testing:
            return "no result yet";
        default:
            return "no result: the run ended first";
    }
}

std::string slow_detail(const plot_result& plot) {
    std::string text = "slowest lookup " + ms_text(plot.lookup_max_ms) + ", slowest proof " +
                       ms_text(plot.proof_max_ms);
    if (plot.slow_warning) text += " (chia warned)";
    return text;
}

template <class Select, class Detail>
void list_plots(std::string& out, const output_parser& parser, std::string_view title,
                Select select, Detail detail) {
    std::vector<const plot_result*> listed;
    for (const auto& plot : parser.plots()) {
        if (select(plot)) listed.push_back(&plot);
    }
    if (listed.empty()) return;
    out += "\n" + std::string(title) + " (" + std::to_string(listed.size()) + "):\n";
    for (const auto* plot : listed) {
        out += "  " + plot->path + "\n    " + detail(*plot) + "\n";
    }
}

void write_totals(std::string& out, const run_totals& t, const slow_thresholds& slow,
                  std::int64_t slow_count) {
    if (!t.chia_version.empty()) row(out, "chia version", t.chia_version);
    if (t.challenges > 0) row(out, "challenges", std::to_string(t.challenges) + " per plot");
    row(out, "plots found", std::to_string(t.plots_found));
    row(out, "plots loaded", std::to_string(t.plots_loaded));
    row(out, "plots tested", tested_text(t));
    row(out, "unopenable", std::to_string(t.plots_unopenable));
    row(out, "slow",
        std::to_string(slow_count) + " (lookup over " + ms_text(slow.lookup_ms) +
            " or proof over " + ms_text(slow.proof_ms) + ")");
    if (t.plots_testing > 0) row(out, "not finished", std::to_string(t.plots_testing));
    if (t.plots_duplicate > 0) row(out, "duplicates", std::to_string(t.plots_duplicate));
    if (t.plots_skipped > 0) row(out, "skipped", std::to_string(t.plots_skipped));
    if (t.plots_key_missing > 0) {
        row(out, "keys not here", std::to_string(t.plots_key_missing));
    }
    if (t.dirs_missing > 0) row(out, "directories missing", std::to_string(t.dirs_missing));
    if (t.total_size_tib) row(out, "valid size", size_text(t));
    if (t.loading_seconds) row(out, "loading", format_seconds(*t.loading_seconds));
    if (t.testing_seconds) row(out, "testing", format_seconds(*t.testing_seconds));
    if (t.prover_messages > 0) row(out, "prover read errors", std::to_string(t.prover_messages));
    if (t.unknown_lines > 0) row(out, "lines not understood", std::to_string(t.unknown_lines));
}

void write_ending(std::string& out, const run_totals& t) {
    if (!t.crash.empty()) out += "\nchia stopped with an error: " + t.crash + "\n";
    if (t.interrupted) out += "\nchia was interrupted before the end of the check.\n";
    if (t.passphrase_prompt) {
        out += "\nchia asked for the keyring passphrase: set passphrase_file in [plot_check].\n";
    }
    if (!t.summary_seen)
        out += "\nThe output ends before chia's summary: the check did not finish.\n";
}

}  // namespace

std::string format_seconds(double seconds) {
    char text[64];
    if (seconds < 0) seconds = 0;
    if (seconds < 1) {
        std::snprintf(text, sizeof text, "%.0f ms", seconds * 1000);
    } else if (seconds < 60) {
        std::snprintf(text, sizeof text, "%.1f s", seconds);
    } else if (seconds < 3600) {
        const auto s = std::llround(seconds);
        std::snprintf(text, sizeof text, "%lld min %lld s", s / 60, s % 60);
    } else {
        const auto m = std::llround(seconds / 60);
        std::snprintf(text, sizeof text, "%lld h %02lld min", m / 60, m % 60);
    }
    return text;
}

std::string write_report(const output_parser& parser, const slow_thresholds& slow,
                         std::string_view source) {
    const run_totals t = parser.totals();
    std::int64_t slow_count = 0;
    for (const auto& plot : parser.plots()) {
        if (plot.outcome != plot_outcome::unopenable && is_slow(plot, slow)) ++slow_count;
    }

    std::string out = "Plot check of " + std::string(source) + "\n";
    write_totals(out, t, slow, slow_count);
    write_ending(out, t);

    list_plots(
        out, parser, "Bad plots", [](const auto& p) { return p.outcome == plot_outcome::bad; },
        plot_detail);
    list_plots(
        out, parser, "Unopenable plots",
        [](const auto& p) { return p.outcome == plot_outcome::unopenable; }, plot_detail);
    list_plots(
        out, parser, "Slow plots",
        [&](const auto& p) { return p.outcome != plot_outcome::unopenable && is_slow(p, slow); },
        slow_detail);
    list_plots(
        out, parser, "Plots without a result",
        [](const auto& p) {
            return p.outcome == plot_outcome::testing || p.outcome == plot_outcome::timeout ||
                   p.outcome == plot_outcome::incomplete;
        },
        plot_detail);

    if (!parser.duplicates().empty()) {
        out += "\nDuplicate plots (" + std::to_string(parser.duplicates().size()) + "):\n";
        for (const auto& d : parser.duplicates()) {
            out += "  " + d.plot + "\n";
            for (const auto& path : d.paths)
                out += "    " + path + "\n";
        }
    }
    if (!parser.skipped().empty()) {
        out += "\nPlots not loaded (" + std::to_string(parser.skipped().size()) + "):\n";
        for (const auto& s : parser.skipped())
            out += "  " + s.path + "\n    " + s.reason + "\n";
    }
    if (!parser.missing_dirs().empty()) {
        out += "\nPlot directories chia could not read (" +
               std::to_string(parser.missing_dirs().size()) + "):\n";
        for (const auto& d : parser.missing_dirs())
            out += "  " + d + "\n";
    }
    if (t.summary_seen && t.plots_tested > 0 && t.plots_bad == 0 && t.plots_unopenable == 0 &&
        slow_count == 0) {
        out += "\nAll tested plots are good.\n";
    }
    return out;
}

}  // namespace lfdm::plot_check
