#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// One line of `chia plots check` output taken apart: the logging prefix of
/// every chia version, and the message after it. Pure and allocation-free
/// unless the line holds ANSI colour codes.
namespace lfdm::plot_check {

/// A Python logging level; `none` for a line without a prefix.
enum class log_level : std::uint8_t { none, debug, info, warning, error, critical };

/// The parts of one line. Views point into the line given (or the scratch
/// string of `strip_ansi`).
struct log_line {
    /// Whether the line starts with a logging prefix; when not, it continues
    /// the record before it (a traceback, a duplicate listing) or is stray.
    bool prefixed = false;
    log_level level = log_level::none;
    /// Logger name, such as "chia.plotting.check_plots".
    std::string_view logger;
    /// "2021-09-10T10:00:00.000" (1.1.0 and later) or "10:00:00.000" (1.0.x);
    /// empty when the prefix has no time (Python's default format).
    std::string_view time;
    /// chia's version after the time (2.4.4 and later), such as "2.4.4".
    std::string_view chia_version;
    /// The message after the prefix, as written (a leading TAB kept); the
    /// whole line when not prefixed.
    std::string_view message;
};

/// Splits a line (no line end, no colour codes) into prefix and message.
/// Recognises the four prefixes chia has used:
///   1.0.x         `10:00:00.000  chia.plotting.check_plots        : INFO     msg`
///   1.1 to 2.4.3  `2021-09-10T10:00:00.000  chia.plotting.check_plots ...: INFO     msg`
///   2.4.4 and on  `2024-11-01T10:00:00.000 2.4.4  chia.plotting.check_plots ...: INFO     msg`
///   Python's default `INFO:chia.plotting.check_plots:msg`
log_line split_log_line(std::string_view line);

/// `line` without ANSI escape sequences (colorlog writes them around the
/// level and after the message, even into a pipe). Returns `line` itself when
/// it has none, else a view of `scratch`, which it fills.
std::string_view strip_ansi(std::string_view line, std::string& scratch);

/// Seconds of a prefix time: since 1970-01-01 for a full date (local time,
/// read as if UTC: only differences matter), since midnight for 1.0.x's time
/// of day. Nothing when `time` is not one of the two shapes.
std::optional<double> time_seconds(std::string_view time);

/// The level named `name` ("INFO", "WARNING", ...), or `none`.
log_level level_named(std::string_view name);

}  // namespace lfdm::plot_check
