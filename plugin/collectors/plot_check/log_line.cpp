#include "collectors/plot_check/log_line.hpp"

#include <algorithm>
#include <cstring>

namespace lfdm::plot_check {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// The value of `count` digits at `text[at]`, or -1.
int digits_at(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size()) return -1;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (!is_digit(text[i])) return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

bool is_full_time(std::string_view s) {
    return s.size() >= 23 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' &&
           s[16] == ':' && s[19] == '.' && is_digit(s[0]) && is_digit(s[22]);
}

bool is_day_time(std::string_view s) {
    return s.size() >= 12 && s[2] == ':' && s[5] == ':' && s[8] == '.' && is_digit(s[0]) &&
           is_digit(s[11]);
}

/// Days from 1970-01-01 to a civil date (proleptic Gregorian).
std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

/// Reads `LEVEL<padding> message` after a timestamped prefix's ": ".
/// colorlog pads the level name to 8 characters, then writes one space.
bool read_level_and_message(std::string_view rest, log_line& out) {
    const std::size_t end = std::min(rest.find(' '), rest.size());
    out.level = level_named(rest.substr(0, end));
    if (out.level == log_level::none) return false;
    std::size_t at = end;
    const std::size_t target = std::max<std::size_t>(end, 8) + 1;
    while (at < rest.size() && at < target && rest[at] == ' ')
        ++at;
    out.message = rest.substr(at);
    return true;
}

/// `10:00:00.000  logger : LEVEL msg` and the dated forms, with chia's
/// version after the time from 2.4.4.
log_line split_timestamped(std::string_view line, std::size_t time_length) {
    log_line out;
    std::string_view rest = line.substr(time_length);
    if (rest.empty() || rest.front() != ' ') return {};
    rest.remove_prefix(1);
    if (!rest.empty() && is_digit(rest.front())) {
        const std::size_t space = rest.find(' ');
        if (space == std::string_view::npos) return {};
        out.chia_version = rest.substr(0, space);
        rest.remove_prefix(space);
    }
    const std::size_t colon = rest.find(": ");
    if (colon == std::string_view::npos) return {};
    std::string_view logger = rest.substr(0, colon);
    while (!logger.empty() && logger.front() == ' ')
        logger.remove_prefix(1);
    while (!logger.empty() && logger.back() == ' ')
        logger.remove_suffix(1);
    if (logger.empty() || logger.find(' ') != std::string_view::npos) return {};
    if (!read_level_and_message(rest.substr(colon + 2), out)) return {};
    out.prefixed = true;
    out.logger = logger;
    out.time = line.substr(0, time_length);
    return out;
}

/// Python's `logging.basicConfig` default: `LEVEL:logger:message`.
log_line split_default(std::string_view line) {
    const std::size_t first = line.find(':');
    if (first == std::string_view::npos || first > 8) return {};
    log_line out;
    out.level = level_named(line.substr(0, first));
    if (out.level == log_level::none) return {};
    const std::size_t second = line.find(':', first + 1);
    if (second == std::string_view::npos) return {};
    out.logger = line.substr(first + 1, second - first - 1);
    if (out.logger.find(' ') != std::string_view::npos) return {};
    out.message = line.substr(second + 1);
    out.prefixed = true;
    return out;
}

}  // namespace

log_level level_named(std::string_view name) {
    switch (name.size()) {
        case 4:
            return name == "INFO" ? log_level::info : log_level::none;
        case 5:
            if (name == "DEBUG") return log_level::debug;
            return name == "ERROR" ? log_level::error : log_level::none;
        case 7:
            return name == "WARNING" ? log_level::warning : log_level::none;
        case 8:
            return name == "CRITICAL" ? log_level::critical : log_level::none;
        default:
            return log_level::none;
    }
}

log_line split_log_line(std::string_view line) {
    log_line out;
    if (!line.empty()) {
        const char c = line.front();
        if (is_digit(c)) {
            if (is_full_time(line)) {
                out = split_timestamped(line, 23);
            } else if (is_day_time(line)) {
                out = split_timestamped(line, 12);
            }
        } else if (c >= 'A' && c <= 'Z') {
            out = split_default(line);
        }
    }
    if (!out.prefixed) {
        out = {};
        out.message = line;
    }
    return out;
}

std::string_view strip_ansi(std::string_view line, std::string& scratch) {
    const void* escape = std::memchr(line.data(), '\x1b', line.size());
    if (!escape) return line;
    scratch.assign(line.data(), static_cast<const char*>(escape));
    for (std::size_t i = scratch.size(); i < line.size(); ++i) {
        if (line[i] != '\x1b') {
            scratch.push_back(line[i]);
            continue;
        }
        if (i + 1 < line.size() && line[i + 1] == '[') {
            // CSI: parameters and intermediates, then one final byte.
            std::size_t j = i + 2;
            while (j < line.size() && static_cast<unsigned char>(line[j]) >= 0x20 &&
                   static_cast<unsigned char>(line[j]) <= 0x3f)
                ++j;
            i = std::min(j, line.size() - 1);
        } else {
            ++i;  // a two-byte escape
        }
    }
    return scratch;
}

std::optional<double> time_seconds(std::string_view time) {
    if (is_full_time(time)) {
        const int y = digits_at(time, 0, 4), mo = digits_at(time, 5, 2), d = digits_at(time, 8, 2);
        const int h = digits_at(time, 11, 2), mi = digits_at(time, 14, 2);
        const int s = digits_at(time, 17, 2), ms = digits_at(time, 20, 3);
        if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || mi < 0 || s < 0 || ms < 0)
            return std::nullopt;
        const auto days = days_from_civil(y, mo, d);
        return static_cast<double>(days) * 86400.0 + h * 3600.0 + mi * 60.0 + s + ms / 1000.0;
    }
    if (is_day_time(time)) {
        const int h = digits_at(time, 0, 2), mi = digits_at(time, 3, 2);
        const int s = digits_at(time, 6, 2), ms = digits_at(time, 9, 3);
        if (h < 0 || mi < 0 || s < 0 || ms < 0) return std::nullopt;
        return h * 3600.0 + mi * 60.0 + s + ms / 1000.0;
    }
    return std::nullopt;
}

}  // namespace lfdm::plot_check
