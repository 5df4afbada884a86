#include "core/line_protocol.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace lfdm::line_protocol {
namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

/// Length of the valid UTF-8 sequence at the start of `s`, or 0.
std::size_t utf8_sequence_length(std::string_view s) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80) return 1;

    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;   // overlong
        if (lead == 0xED) high = 0x9F;  // UTF-16 surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;   // overlong
        if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }

    if (s.size() < length || byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
    }
    return length;
}

enum class element { measurement, key_or_tag_value };

bool needs_escape(char c, element kind) {
    if (c == ',' || c == ' ') return true;
    return kind == element::key_or_tag_value && c == '=';
}

/// Whether a run of backslashes followed by `next` (or by the end, when
/// `at_end`) would be misread: it would escape the character after it.
bool backslash_run_is_lost(bool at_end, char next, element kind) {
    return at_end || needs_escape(next, kind) || (kind == element::key_or_tag_value && next == '"');
}

/// Whether `text` is printable ASCII, which needs no cleaning.
bool printable_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F;
    });
}

/// Whether `text` reads back unchanged without escaping: printable ASCII
/// with no character to escape and no backslash. Most names are.
bool plain(std::string_view text, element kind) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7F || c == '\\' || needs_escape(c, kind)) return false;
    }
    return true;
}

/// What a reader gets back for `text`: clean, without the backslash runs
/// that cannot be written.
std::string readable(std::string_view text, element kind) {
    const std::string clean = clean_text(text);
    std::string out;
    out.reserve(clean.size());
    for (std::size_t i = 0; i < clean.size();) {
        if (clean[i] != '\\') {
            out.push_back(clean[i++]);
            continue;
        }
        const std::size_t end = std::min(clean.find_first_not_of('\\', i), clean.size());
        const bool at_end = end == clean.size();
        if (!backslash_run_is_lost(at_end, at_end ? '\0' : clean[end], kind)) {
            out.append(clean, i, end - i);
        }
        i = end;
    }
    return out;
}

/// Appends a readable name, escaping what the reader would split on.
void append_escaped(std::string& out, std::string_view name, element kind) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (!needs_escape(name[i], kind)) continue;
        out.append(name, start, i - start).push_back('\\');
        start = i;
    }
    out.append(name, start);
}

/// The readable form of names, kept where views of them stay valid.
class names {
  public:
    explicit names(std::size_t count) { storage_.reserve(count); }

    /// `text` as read back: a view of `text` itself when it is plain.
    std::string_view of(std::string_view text, element kind) {
        if (plain(text, kind)) return text;
        return storage_.emplace_back(readable(text, kind));
    }

  private:
    std::vector<std::string> storage_;
};

void append_string_field(std::string& out, std::string_view clean) {
    out.push_back('"');
    for (const char c : clean) {
        if (c == '\\' || c == '"') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('"');
}

void note(std::vector<std::string>* notes, std::string message) {
    if (notes) notes->push_back(std::move(message));
}

/// Appends the field's value; false when the value cannot be written.
bool append_value(std::string& out, const field_value& value) {
    if (const auto* i = std::get_if<std::int64_t>(&value)) {
        char digits[24];
        out.append(digits, std::to_chars(std::begin(digits), std::end(digits), *i).ptr);
        out.push_back('i');
    } else if (const auto* d = std::get_if<double>(&value)) {
        if (!std::isfinite(*d)) return false;
        append_float(out, *d);
    } else if (const auto* b = std::get_if<bool>(&value)) {
        out.append(*b ? "true" : "false");
    } else {
        const auto& text = std::get<std::string>(value);
        append_string_field(out, printable_ascii(text) ? std::string_view(text) : clean_text(text));
    }
    return true;
}

/// Appends ",key=value" for every writable tag, sorted by key as read back,
/// first occurrence winning.
void append_tags(std::string& out, const metric& m, std::vector<std::string>* notes) {
    names readable_names(2 * m.tags.size());
    std::vector<std::pair<std::string_view, std::string_view>> tags;
    tags.reserve(m.tags.size());
    for (const auto& [key, value] : m.tags) {
        const auto k = readable_names.of(key, element::key_or_tag_value);
        const auto v = readable_names.of(value, element::key_or_tag_value);
        if (k == "time") {
            note(notes, m.measurement + ": tag \"time\" left out (InfluxDB drops it)");
        } else if (!k.empty() && !v.empty()) {
            tags.emplace_back(k, v);
        }
    }
    std::stable_sort(tags.begin(), tags.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < tags.size(); ++i) {
        if (i > 0 && tags[i].first == tags[i - 1].first) continue;
        out.push_back(',');
        append_escaped(out, tags[i].first, element::key_or_tag_value);
        out.push_back('=');
        append_escaped(out, tags[i].second, element::key_or_tag_value);
    }
}

/// Appends " key=value,..." for every writable field; returns how many.
std::size_t append_fields(std::string& out, const metric& m, std::vector<std::string>* notes) {
    names readable_names(m.fields.size());
    std::vector<std::string_view> written;
    written.reserve(m.fields.size());
    for (const auto& [key, value] : m.fields) {
        const auto k = readable_names.of(key, element::key_or_tag_value);
        if (k.empty() || std::find(written.begin(), written.end(), k) != written.end()) continue;
        if (k == "time") {
            note(notes, m.measurement + ": field \"time\" left out (InfluxDB drops it)");
            continue;
        }
        const std::size_t mark = out.size();
        out.push_back(written.empty() ? ' ' : ',');
        append_escaped(out, k, element::key_or_tag_value);
        out.push_back('=');
        if (!append_value(out, value)) {
            out.resize(mark);
            note(notes, m.measurement + ": field \"" + key + "\" left out: not a finite number");
            continue;
        }
        written.push_back(k);
    }
    return written.size();
}

}  // namespace

std::string clean_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        const std::size_t length = utf8_sequence_length(text);
        if (length == 0) {
            out.append(replacement_character);
            text.remove_prefix(1);
            continue;
        }
        const auto c = static_cast<unsigned char>(text[0]);
        if (length == 1 && (c < 0x20 || c == 0x7F)) {
            out.push_back(' ');
        } else {
            out.append(text.substr(0, length));
        }
        text.remove_prefix(length);
    }
    return out;
}

void append_float(std::string& out, double value) {
    char buffer[32];
    const auto result = std::to_chars(std::begin(buffer), std::end(buffer), value);
    out.append(buffer, result.ptr);
}

bool write(std::string& out, const metric& m, std::int64_t timestamp_ns,
           std::vector<std::string>* notes) {
    names readable_names(1);
    const auto name = readable_names.of(m.measurement, element::measurement);
    if (name.empty() || name.front() == '#') {
        note(notes, "metric \"" + m.measurement + "\" left out: not a valid measurement name");
        return false;
    }

    const std::size_t start = out.size();
    append_escaped(out, name, element::measurement);
    append_tags(out, m, notes);
    if (append_fields(out, m, notes) == 0) {
        out.resize(start);
        note(notes, "metric \"" + m.measurement + "\" left out: no field to write");
        return false;
    }
    char digits[24];
    out.push_back(' ');
    out.append(digits, std::to_chars(std::begin(digits), std::end(digits), timestamp_ns).ptr);
    out.push_back('\n');
    return true;
}

}  // namespace lfdm::line_protocol
