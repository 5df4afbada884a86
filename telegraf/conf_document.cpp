#include "telegraf/conf_document.hpp"

#include <sstream>

#include "core/config_schema.hpp"

namespace lfdm::confgen {
namespace {

std::string quote_string(std::string_view text) {
    return config::quote(escape_dollars(text));
}

/// Arrays longer than this are written one item a line.
constexpr std::size_t longest_array_line = 64;

std::string array_text(const std::vector<std::string>& items, std::string_view indent) {
    std::string text = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        text += (i > 0 ? ", " : "") + quote_string(items[i]);
    }
    text += "]";
    if (text.size() <= longest_array_line) return text;

    // Too long for one line: items filled into lines of at most 80 columns.
    constexpr std::size_t width = 80;
    const std::string item_indent = std::string(indent) + "  ";
    text = "[\n" + item_indent;
    std::size_t column = item_indent.size();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string item = quote_string(items[i]) + (i + 1 < items.size() ? "," : "");
        if (column > item_indent.size() && column + 1 + item.size() > width) {
            text += "\n" + item_indent;
            column = item_indent.size();
        } else if (column > item_indent.size()) {
            text += " ";
            ++column;
        }
        text += item;
        column += item.size();
    }
    return text + "\n" + std::string(indent) + "]";
}

std::string inline_table_text(const string_map& entries) {
    std::string text = "{";
    bool first = true;
    for (const auto& [key, value] : entries) {
        text += (first ? " " : ", ") + config::detail::quote_key(key) + " = " + quote_string(value);
        first = false;
    }
    return text + (entries.empty() ? "}" : " }");
}

void write_table(std::ostream& out, const conf_table& table, std::size_t depth) {
    const std::string indent(2 * depth, ' ');
    const std::string inner(2 * depth + 2, ' ');
    config::detail::write_doc(out, table.doc, indent);
    out << indent << (table.array ? "[[" : "[") << table.path << (table.array ? "]]" : "]") << '\n';
    for (const auto& entry : table.entries) {
        config::detail::write_doc(out, entry.doc, inner);
        out << inner << config::detail::quote_key(entry.key) << " = "
            << toml_text(entry.value, inner) << '\n';
    }
    for (const auto& child : table.children) {
        out << '\n';
        write_table(out, child, depth + 1);
    }
}

}  // namespace

conf_table& conf_table::set(std::string key, conf_value value, std::string comment) {
    entries.push_back({std::move(key), std::move(value), std::move(comment)});
    return *this;
}

conf_table& conf_table::child(std::string_view name, bool is_array, std::string comment) {
    conf_table table;
    table.path = path + "." + std::string(name);
    table.array = is_array;
    table.doc = std::move(comment);
    return children.emplace_back(std::move(table));
}

const conf_value* conf_table::find(std::string_view key) const {
    for (const auto& entry : entries) {
        if (entry.key == key) return &entry.value;
    }
    return nullptr;
}

conf_table& conf_document::add(std::string path, bool is_array, std::string doc) {
    conf_table table;
    table.path = std::move(path);
    table.array = is_array;
    table.doc = std::move(doc);
    return tables.emplace_back(std::move(table));
}

std::string conf_document::to_toml() const {
    std::ostringstream out;
    config::detail::write_doc(out, preamble, "");
    for (const auto& table : tables) {
        out << '\n';
        write_table(out, table, 0);
    }
    return out.str();
}

std::string escape_dollars(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '$') out += '$';
        out += c;
    }
    return out;
}

std::string toml_text(const conf_value& value, std::string_view indent) {
    struct visitor {
        std::string_view indent;
        std::string operator()(bool b) const { return b ? "true" : "false"; }
        std::string operator()(std::int64_t n) const { return std::to_string(n); }
        std::string operator()(const std::string& s) const { return quote_string(s); }
        std::string operator()(const telegraf_reference& r) const { return config::quote(r.text); }
        std::string operator()(const std::vector<std::string>& a) const {
            return array_text(a, indent);
        }
        std::string operator()(const string_map& m) const { return inline_table_text(m); }
    };
    return std::visit(visitor{indent}, value);
}

}  // namespace lfdm::confgen
