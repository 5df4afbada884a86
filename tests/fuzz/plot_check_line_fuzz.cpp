// Fuzz target: one line of `chia plots check` output taken apart. Any bytes
// split into a prefix and a message whose views stay inside the line (or the
// colour-stripping scratch), read as a time, a level, a plot path and a k
// size without throwing, and a plot's identity turns into a valid metric.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "collectors/plot_check/log_line.hpp"
#include "collectors/plot_check/plot_check_metrics.hpp"
#include "collectors/plot_check/plot_name.hpp"
#include "core/line_protocol.hpp"
#include "support/line_parser.hpp"

namespace {

using namespace lfdm;
using namespace lfdm::plot_check;

void fail(const char* what) {
    std::fprintf(stderr, "plot check line: %s\n", what);
    std::abort();
}

/// Whether `part` is empty or lies inside `whole`.
bool inside(std::string_view part, std::string_view whole) {
    if (part.empty()) return true;
    const auto* begin = whole.data();
    return part.data() >= begin && part.data() + part.size() <= begin + whole.size();
}

void check_split(std::string_view line) {
    const log_line parts = split_log_line(line);
    for (const auto view : {parts.logger, parts.time, parts.chia_version, parts.message}) {
        if (!inside(view, line)) fail("a view points outside the line");
    }
    if (!parts.prefixed && parts.message != line) fail("an unprefixed line is not its message");
    if (parts.prefixed && parts.level == log_level::none) fail("a prefix without a level");
    if (!parts.time.empty()) (void)time_seconds(parts.time);
}

/// A plot with this path, as a finished result, must make a line the strict
/// reader accepts.
void check_plot_metric(std::string_view path) {
    plot_result plot;
    plot.path = std::string(path);
    plot.outcome = plot_outcome::good;
    plot.k = k_from_description(path);
    plot.proofs = 1;
    plot.challenges = 1;
    const metric m = plot_metric(plot, slow_thresholds{});
    std::string text;
    if (!line_protocol::write(text, m, 1'700'000'000'000'000'000)) return;
    try {
        (void)test::parse_lines(text);
    } catch (const test::line_error& e) {
        std::fprintf(stderr, "invalid line: %s\n%s", e.what(), text.c_str());
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    std::string scratch;
    const std::string_view plain = strip_ansi(line, scratch);
    if (!inside(plain, line) && !inside(plain, scratch)) fail("stripped text points nowhere");
    if (plain.size() > line.size()) fail("stripping colours made the line longer");

    check_split(line);
    check_split(plain);
    (void)level_named(line);
    (void)time_seconds(line);

    const plot_name name = parse_plot_name(plain);
    if (name.k < 0) fail("negative k");
    if (name.format != 1 && name.format != 2) fail("unknown plot format");
    check_plot_metric(plain);
    return 0;
}
