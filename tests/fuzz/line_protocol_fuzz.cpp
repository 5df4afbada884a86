// Fuzz target: the line-protocol writer as a round trip. The input describes
// a metric (pieces separated by byte 0x01: the measurement, then a kind byte
// and key, then a value, repeated); the writer's line must be read back by
// the strict reader as the same metric: same measurement, tags and fields,
// as the writer's rules say a reader gets them back.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/line_protocol.hpp"
#include "support/line_parser.hpp"

namespace {

using namespace lfdm;

std::vector<std::string_view> pieces(std::string_view input) {
    std::vector<std::string_view> out;
    for (std::size_t at; (at = input.find('\x01')) != std::string_view::npos;) {
        out.push_back(input.substr(0, at));
        input.remove_prefix(at + 1);
    }
    out.push_back(input);
    return out;
}

/// What a reader gets back for a name, by the documented rule: cleaned, and
/// without backslash runs before a character to escape, a quote (not in a
/// measurement) or the end. Written independently of the writer.
std::string read_back(std::string_view text, bool measurement) {
    const std::string clean = line_protocol::clean_text(text);
    std::string out;
    for (std::size_t i = 0; i < clean.size(); ++i) {
        if (clean[i] != '\\') {
            out += clean[i];
            continue;
        }
        std::size_t end = i;
        while (end < clean.size() && clean[end] == '\\')
            ++end;
        const char next = end < clean.size() ? clean[end] : '\0';
        const bool lost = end == clean.size() || next == ' ' || next == ',' ||
                          (!measurement && (next == '=' || next == '"'));
        if (!lost) out.append(clean, i, end - i);
        i = end - 1;
    }
    return out;
}

void fail(const char* what, const std::string& line) {
    std::fprintf(stderr, "round trip broken: %s\nline: %s\n", what, line.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parts = pieces({reinterpret_cast<const char*>(data), size});
    metric m{std::string(parts[0])};
    for (std::size_t i = 1; i + 1 < parts.size(); i += 2) {
        const std::string_view key = parts[i].empty() ? parts[i] : parts[i].substr(1);
        const std::string_view value = parts[i + 1];
        const int kind = parts[i].empty() ? 0 : static_cast<unsigned char>(parts[i][0]) % 5;
        std::int64_t integer = 0;
        std::memcpy(&integer, value.data(), std::min(value.size(), sizeof integer));
        double real = 0;
        std::memcpy(&real, value.data(), std::min(value.size(), sizeof real));
        switch (kind) {
            case 0:
                m.tag(std::string(key), std::string(value));
                break;
            case 1:
                m.field(std::string(key), integer);
                break;
            case 2:
                m.field(std::string(key), real);
                break;
            case 3:
                m.field(std::string(key), (integer & 1) != 0);
                break;
            default:
                m.field(std::string(key), value);
                break;
        }
    }

    std::string line;
    if (!line_protocol::write(line, m, 1'700'000'000'000'000'000)) return 0;
    test::parsed_line back;
    try {
        back = test::parse_line(line);
    } catch (const test::line_error& e) {
        fail(e.what(), line);
    }

    if (back.point.measurement != read_back(m.measurement, true)) fail("measurement", line);
    for (const auto& [key, value] : back.point.tags) {
        bool found = false;
        for (const auto& [k, v] : m.tags) {
            if (read_back(k, false) == key && !read_back(v, false).empty()) {
                if (read_back(v, false) != value) fail("tag value", line);
                found = true;
                break;
            }
        }
        if (!found) fail("tag from nowhere", line);
    }
    for (const auto& [key, value] : back.point.fields) {
        const field_value* sent = nullptr;
        for (const auto& [k, v] : m.fields) {
            const auto* d = std::get_if<double>(&v);
            if (read_back(k, false) == key && !(d && !std::isfinite(*d))) {
                sent = &v;
                break;
            }
        }
        if (!sent || sent->index() != value.index()) fail("field key or type", line);
        if (const auto* s = std::get_if<std::string>(sent)) {
            if (line_protocol::clean_text(*s) != std::get<std::string>(value)) fail("string", line);
        } else if (*sent != value) {
            fail("field value", line);
        }
    }
    return 0;
}
