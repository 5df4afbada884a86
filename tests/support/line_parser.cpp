#include "support/line_parser.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/line_protocol.hpp"

namespace lfdm::test {
namespace {

[[noreturn]] void fail(const std::string& why) {
    throw line_error(why);
}

/// Takes an escaped element up to the first unescaped byte of `stops`.
std::string_view take(std::string_view& rest, std::string_view stops) {
    std::size_t i = 0;
    while (i < rest.size() && stops.find(rest[i]) == std::string_view::npos) {
        i += rest[i] == '\\' ? 2 : 1;
    }
    i = std::min(i, rest.size());
    const std::string_view element = rest.substr(0, i);
    rest.remove_prefix(i);
    return element;
}

std::string unescape(std::string_view text, std::string_view escapable) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() &&
            escapable.find(text[i + 1]) != std::string_view::npos) {
            ++i;
        }
        out.push_back(text[i]);
    }
    return out;
}

void check_clean(const std::string& text, std::string_view what) {
    if (line_protocol::clean_text(text) != text) {
        fail(std::string(what) + " has a control character or invalid UTF-8");
    }
}

std::string take_key(std::string_view& rest, std::string_view stops, std::string_view what) {
    const std::string key = unescape(take(rest, stops), ",= \"");
    if (key.empty()) fail("empty " + std::string(what));
    if (key == "time") fail(std::string(what) + " named time");
    check_clean(key, what);
    return key;
}

field_value parse_string(std::string_view& rest) {
    std::string value;
    std::size_t i = 1;
    for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\') {
            if (i + 1 >= rest.size()) fail("unterminated string field");
            if (rest[i + 1] != '\\' && rest[i + 1] != '"')
                fail("stray backslash in a string field");
            ++i;
        }
        value.push_back(rest[i]);
    }
    if (i >= rest.size()) fail("unterminated string field");
    rest.remove_prefix(i + 1);
    check_clean(value, "string field");
    return value;
}

field_value parse_number(std::string_view text) {
    if (text == "true") return true;
    if (text == "false") return false;
    if (text.ends_with('i')) {
        std::int64_t value = 0;
        const auto digits = text.substr(0, text.size() - 1);
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (ec != std::errc{} || end != digits.data() + digits.size())
            fail("bad integer " + std::string(text));
        return value;
    }
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
        fail("bad field value " + std::string(text));
    }
    return value;
}

void parse_tags(std::string_view& rest, metric& m) {
    while (!rest.empty() && rest.front() == ',') {
        rest.remove_prefix(1);
        std::string key = take_key(rest, "=, ", "tag key");
        if (rest.empty() || rest.front() != '=') fail("tag " + key + " has no value");
        rest.remove_prefix(1);
        std::string value = unescape(take(rest, ", "), ",= \"");
        if (value.empty()) fail("tag " + key + " has an empty value");
        check_clean(value, "tag value");
        if (!m.tags.empty() && m.tags.back().first >= key)
            fail("tags not sorted or repeated at " + key);
        m.tag(std::move(key), std::move(value));
    }
}

void parse_fields(std::string_view& rest, metric& m) {
    do {
        if (!rest.empty() && rest.front() == ',') rest.remove_prefix(1);
        std::string key = take_key(rest, "=, ", "field key");
        if (rest.empty() || rest.front() != '=') fail("field " + key + " has no value");
        rest.remove_prefix(1);
        if (m.find_field(key)) fail("field " + key + " repeated");
        if (!rest.empty() && rest.front() == '"') {
            m.fields.emplace_back(std::move(key), parse_string(rest));
        } else {
            m.fields.emplace_back(std::move(key), parse_number(take(rest, ", ")));
        }
    } while (!rest.empty() && rest.front() == ',');
}

}  // namespace

parsed_line parse_line(std::string_view line) {
    if (!line.ends_with('\n')) fail("no final newline");
    std::string_view rest = line.substr(0, line.size() - 1);
    if (rest.empty() || rest.front() == '#') fail("empty line or comment");

    parsed_line parsed;
    parsed.point.measurement = unescape(take(rest, ", "), ", ");
    if (parsed.point.measurement.empty()) fail("empty measurement");
    check_clean(parsed.point.measurement, "measurement");
    parse_tags(rest, parsed.point);

    if (rest.empty() || rest.front() != ' ') fail("no fields");
    rest.remove_prefix(1);
    parse_fields(rest, parsed.point);

    if (rest.empty() || rest.front() != ' ') fail("no timestamp");
    rest.remove_prefix(1);
    const auto [end, ec] =
        std::from_chars(rest.data(), rest.data() + rest.size(), parsed.timestamp);
    if (ec != std::errc{} || end != rest.data() + rest.size() || parsed.timestamp <= 0) {
        fail("bad timestamp " + std::string(rest));
    }
    return parsed;
}

std::vector<parsed_line> parse_lines(std::string_view text) {
    std::vector<parsed_line> lines;
    std::size_t number = 0;
    while (!text.empty()) {
        ++number;
        const std::size_t end = text.find('\n');
        const std::string_view line =
            text.substr(0, end == std::string_view::npos ? text.size() : end + 1);
        try {
            lines.push_back(parse_line(line));
        } catch (const line_error& e) {
            throw line_error("line " + std::to_string(number) + ": " + e.what() + ": " +
                             std::string(line));
        }
        text.remove_prefix(line.size());
    }
    return lines;
}

}  // namespace lfdm::test
