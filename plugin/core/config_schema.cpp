#include "core/config_schema.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "core/line_protocol.hpp"
#include "core/platform.hpp"

namespace lfdm::config {

std::optional<std::string> process_environment(const std::string& name) {
    return platform::environment_variable(name);
}

void load_context::fail(const toml::source_region& where, std::string_view path,
                        std::string_view message) const {
    std::string text = file;
    if (where.begin.line > 0) {
        text += ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column);
    }
    text += ": ";
    if (!path.empty()) text += "[" + std::string(path) + "] ";
    text += message;
    throw error(text);
}

std::string expand_environment(std::string_view text, const environment_lookup& environment,
                               std::string& problem) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.substr(i).starts_with("$${")) {
            out += "${";
            i += 3;
            continue;
        }
        if (!text.substr(i).starts_with("${")) {
            out += text[i++];
            continue;
        }
        const std::size_t close = text.find('}', i);
        if (close == std::string_view::npos) {
            problem = "has an unclosed \"${\"";
            return {};
        }
        const std::string_view inner = text.substr(i + 2, close - i - 2);
        const std::size_t dash = inner.find(":-");
        const std::string name(inner.substr(0, dash));
        if (auto value = environment(name)) {
            out += *value;
        } else if (dash != std::string_view::npos) {
            out += inner.substr(dash + 2);
        } else {
            problem = "uses environment variable " + name + ", which is not set";
            return {};
        }
        i = close + 1;
    }
    return out;
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string read_expanded(const toml::node& node, const load_context& context, std::string& problem,
                          bool& ok) {
    ok = false;
    const auto* text = node.as_string();
    if (!text) return {};
    std::string expanded = expand_environment(text->get(), context.environment, problem);
    ok = problem.empty();
    return expanded;
}

}  // namespace

std::optional<std::string> nearest(std::string_view key,
                                   const std::vector<std::string>& candidates) {
    std::optional<std::string> best;
    std::size_t best_distance = std::max<std::size_t>(2, key.size() / 3) + 1;
    for (const auto& candidate : candidates) {
        const std::size_t d = edit_distance(key, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

std::string quote(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
                    char escape[8];
                    std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned>(c));
                    out += escape;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

bool is_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
        const unsigned char lead = byte(i);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
        if (length == 0 || lead > 0xF4 || i + length > text.size()) return false;
        char32_t code = lead & (0x7F >> length);
        for (std::size_t k = 1; k < length; ++k) {
            if ((byte(i + k) & 0xC0) != 0x80) return false;
            code = (code << 6) | (byte(i + k) & 0x3F);
        }
        const char32_t smallest = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
        if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return false;
        }
        i += length;
    }
    return true;
}

std::optional<double> value_traits<double>::read(const toml::node& node, const load_context&,
                                                 std::string&) {
    if (auto integer = node.value_exact<std::int64_t>()) return static_cast<double>(*integer);
    return node.value_exact<double>();
}

std::string value_traits<double>::write(double value) {
    std::string text;
    line_protocol::append_float(text, value);
    if (text.find_first_of(".en") == std::string::npos) text += ".0";
    return text;
}

std::optional<std::string> value_traits<std::string>::read(const toml::node& node,
                                                           const load_context& context,
                                                           std::string& problem) {
    bool ok = false;
    std::string value = read_expanded(node, context, problem, ok);
    if (!ok) return std::nullopt;
    return value;
}

std::optional<duration> value_traits<duration>::read(const toml::node& node,
                                                     const load_context& context,
                                                     std::string& problem) {
    bool ok = false;
    const std::string text = read_expanded(node, context, problem, ok);
    if (!ok) return std::nullopt;
    auto value = parse_duration(text);
    if (!value) {
        problem = "is not a duration: " + quote(text) +
                  " (write a number and a unit: \"500ms\", \"30s\", \"10m\", \"1h30m\", \"7d\")";
    }
    return value;
}

std::optional<std::vector<std::string>> value_traits<std::vector<std::string>>::read(
    const toml::node& node, const load_context& context, std::string& problem) {
    const auto* array = node.as_array();
    if (!array) return std::nullopt;
    std::vector<std::string> items;
    for (const auto& element : *array) {
        bool ok = false;
        items.push_back(read_expanded(element, context, problem, ok));
        if (!ok) {
            if (problem.empty()) {
                problem = "must be an array of strings, but item " + std::to_string(items.size()) +
                          " is " + detail::describe_node(element);
            }
            return std::nullopt;
        }
    }
    return items;
}

std::string value_traits<std::vector<std::string>>::write(const std::vector<std::string>& value) {
    std::string text = "[";
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (i > 0) text += ", ";
        text += quote(value[i]);
    }
    text += "]";
    if (text.size() <= 60) return text;

    // Too long for one line: one item after another, lines of at most 80.
    constexpr std::size_t width = 80, indent = 4;
    text = "[\n";
    std::size_t column = 0;
    for (const auto& item : value) {
        const std::string quoted = quote(item) + ",";
        if (column > 0 && column + 1 + quoted.size() > width) {
            text += "\n";
            column = 0;
        }
        text += column == 0 ? std::string(indent, ' ') : " ";
        column += (column == 0 ? indent : 1) + quoted.size();
        text += quoted;
    }
    return text + "\n  ]";
}

namespace detail {

void write_doc(std::ostream& out, std::string_view doc, std::string_view indent) {
    while (!doc.empty()) {
        const std::size_t end = doc.find('\n');
        std::string line(doc.substr(0, end));
        // TOML comments hold no control character but the tab; a farmer's
        // value quoted in a comment (a rig name) may.
        for (char& c : line) {
            if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) c = ' ';
        }
        out << indent << "##" << (line.empty() ? "" : " ") << line << '\n';
        if (end == std::string_view::npos) break;
        doc.remove_prefix(end + 1);
    }
}

void write_header(std::ostream& out, std::string_view doc, const std::string& path, bool array,
                  bool commented) {
    write_doc(out, doc, "");
    if (commented) out << "# ";
    out << (array ? "[[" : "[") << path << (array ? "]]" : "]") << '\n';
}

void write_commented(std::ostream& out, std::string_view text) {
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        if (line.empty()) {
            out << '\n';
        } else if (line.find_first_not_of(' ') != std::string_view::npos &&
                   line.substr(line.find_first_not_of(' ')).starts_with("#")) {
            out << line << '\n';  // already a comment
        } else {
            const std::size_t indent = line.find_first_not_of(' ');
            out << line.substr(0, indent) << "# " << line.substr(indent) << '\n';
        }
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
}

std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string describe_node(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string:
            return "a string";
        case toml::node_type::integer:
            return "an integer";
        case toml::node_type::floating_point:
            return "a float";
        case toml::node_type::boolean:
            return "a boolean";
        case toml::node_type::date:
        case toml::node_type::time:
        case toml::node_type::date_time:
            return "a date or time";
        case toml::node_type::array:
            return "an array";
        case toml::node_type::table:
            return "a table";
        default:
            return "empty";
    }
}

std::string quote_key(const std::string& key) {
    const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
    return bare ? key : quote(key);
}

}  // namespace detail

check<std::int64_t> at_least(std::int64_t minimum) {
    return [minimum](const std::int64_t& value) {
        return value < minimum ? "must be at least " + std::to_string(minimum) : std::string();
    };
}

check<std::int64_t> between(std::int64_t minimum, std::int64_t maximum) {
    return [minimum, maximum](const std::int64_t& value) {
        if (value >= minimum && value <= maximum) return std::string();
        return "must be between " + std::to_string(minimum) + " and " + std::to_string(maximum);
    };
}

check<duration> at_least(duration minimum) {
    return [minimum](const duration& value) {
        return value < minimum ? "must be at least " + format_duration(minimum) : std::string();
    };
}

check<std::string> one_of(std::vector<std::string> allowed) {
    return [allowed](const std::string& value) {
        if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return std::string();
        std::string message = "must be one of";
        for (std::size_t i = 0; i < allowed.size(); ++i) {
            message += (i == 0 ? " " : ", ") + quote(allowed[i]);
        }
        return message + ", not " + quote(value);
    };
}

}  // namespace lfdm::config
