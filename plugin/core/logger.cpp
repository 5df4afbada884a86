#include "core/logger.hpp"

#include <atomic>
#include <mutex>

#include "core/line_protocol.hpp"
#include "core/platform.hpp"

namespace lfdm::log {
namespace {

constexpr std::size_t max_line_bytes = 4096;

std::atomic<bool> debug_lines{false};
std::mutex write_mutex;

std::string_view prefix(level lvl) {
    switch (lvl) {
        case level::error:
            return "E! ";
        case level::warning:
            return "W! ";
        case level::info:
            return "I! ";
        default:
            return "D! ";
    }
}

/// Cuts `line` to at most `max_line_bytes`, on a UTF-8 character boundary.
void truncate(std::string& line) {
    if (line.size() <= max_line_bytes) return;
    std::size_t cut = max_line_bytes - 3;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
        --cut;
    line.resize(cut);
    line.append("...");
}

}  // namespace

void set_debug(bool enabled) {
    debug_lines = enabled;
}

bool debug_enabled() {
    return debug_lines;
}

std::string format(level lvl, std::string_view component, std::string_view message) {
    std::string line(prefix(lvl));
    if (!component.empty()) line.append("[").append(component).append("] ");
    line.append(line_protocol::clean_text(message));
    truncate(line);
    return line;
}

void write(level lvl, std::string_view component, std::string_view message) {
    std::string line = format(lvl, component, message);
    line.push_back('\n');
    const std::lock_guard lock(write_mutex);
    // A closed stderr must not stop the plugin: the line is lost, nothing more.
    (void)platform::write_all(platform::stderr_handle, line);
}

}  // namespace lfdm::log
