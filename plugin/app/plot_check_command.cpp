#include "app/plot_check_command.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>

#include "collectors/plot_check/output_parser.hpp"
#include "collectors/plot_check/plot_check_metrics.hpp"
#include "collectors/plot_check/plot_check_report.hpp"
#include "core/line_protocol.hpp"
#include "core/logger.hpp"
#include "core/platform.hpp"

namespace lfdm {
namespace {

constexpr std::string_view component = "plot_check";

/// Feeds the whole of `path` ("-": stdin) to `parser`; the error, if any.
std::string read_into(const std::string& path, plot_check::output_parser& parser) {
    std::string buffer(64 * 1024, '\0');
    if (path == "-") {
        for (;;) {
            const auto n =
                platform::read_some(platform::stdin_handle, buffer.data(), buffer.size());
            if (n < 0) return std::string("cannot read standard input: ") + std::strerror(errno);
            if (n == 0) return {};
            parser.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
        }
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return "cannot read " + path + ": " + std::strerror(errno);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        parser.feed(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
    }
    if (in.bad()) return "cannot read " + path + ": " + std::strerror(errno);
    return {};
}

std::string line_protocol_of(const plot_check::output_parser& parser,
                             const plot_check::slow_thresholds& slow, const plugin_config& config) {
    const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    std::string text;
    for (auto& m : plot_check::log_metrics(parser, slow)) {
        for (const auto& [key, value] : config.tags) {
            if (!m.find_tag(key)) m.tag(key, value);
        }
        line_protocol::write(text, m, now);
    }
    return text;
}

}  // namespace

int run_plot_check_log(const cli_options& options, const plugin_config& config) {
    plot_check::output_parser parser;
    if (auto error = read_into(options.from_log, parser); !error.empty()) {
        log::error(component, error);
        return 1;
    }
    parser.finish(plot_check::plot_outcome::incomplete);
    const auto totals = parser.totals();
    if (totals.unknown_lines > 0) {
        log::debug(component, std::to_string(totals.unknown_lines) + " lines not understood");
        for (const auto& line : parser.unknown_samples())
            log::debug(component, "line not understood: " + line);
    }

    const plot_check::slow_thresholds slow{config.plot_check.slow_lookup.count(),
                                           config.plot_check.slow_proof.count()};
    const std::string source = options.from_log == "-" ? "standard input" : options.from_log;
    const std::string text = options.report ? plot_check::write_report(parser, slow, source)
                                            : line_protocol_of(parser, slow, config);
    if (const auto ec = platform::write_all(platform::stdout_handle, text)) {
        log::error(component, "cannot write the output: " + ec.message());
        return 1;
    }
    return 0;
}

}  // namespace lfdm
