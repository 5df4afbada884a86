#pragma once

#include <string>
#include <string_view>

/// The one logger: one short line per event on stderr, prefixed with the
/// level letter Telegraf's execd input reads ("E! ", "W! ", "I! ", "D! ") and
/// the component in brackets: `E! [system] cannot read /proc/stat: ...`.
///
/// Lines are written whole with one system call, so threads never interleave
/// inside a line. A message never spans lines: control characters become
/// spaces. Lines are cut at 4 KiB, well under the 64 KiB at which Telegraf
/// stops reading a plugin's stderr.
namespace lfdm::log {

enum class level { error, warning, info, debug };

/// Enables or disables debug lines (off by default).
void set_debug(bool enabled);
/// Whether debug lines are written.
bool debug_enabled();

/// Writes one line at `lvl` for `component` (may be empty).
void write(level lvl, std::string_view component, std::string_view message);

inline void error(std::string_view component, std::string_view message) {
    write(level::error, component, message);
}
inline void warning(std::string_view component, std::string_view message) {
    write(level::warning, component, message);
}
inline void info(std::string_view component, std::string_view message) {
    write(level::info, component, message);
}
inline void debug(std::string_view component, std::string_view message) {
    if (debug_enabled()) write(level::debug, component, message);
}

/// The line `write` would emit, without its final newline (for tests).
std::string format(level lvl, std::string_view component, std::string_view message);

}  // namespace lfdm::log
