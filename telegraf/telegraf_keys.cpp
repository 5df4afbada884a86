#include "telegraf/telegraf_keys.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "core/config_schema.hpp"
#include "core/toml.hpp"

namespace lfdm::confgen {
namespace {

const std::vector<std::string> plugin_kinds = {"inputs", "outputs", "processors", "aggregators",
                                               "secretstores"};

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

/// The sections of a key list: "[section] any" headers, then one key a line,
/// "# sub-table" marking a key that is a table of free keys.
std::map<std::string, key_set> read_key_list(std::string_view text) {
    std::map<std::string, key_set> sections;
    std::string section;
    for (const auto raw : lines_of(text)) {
        const std::size_t hash = raw.find('#');
        const std::string_view comment = hash == std::string_view::npos ? "" : raw.substr(hash);
        const std::string_view line = trim(raw.substr(0, hash));
        if (line.empty()) continue;
        if (line.front() == '[') {
            const std::size_t close = line.find(']');
            section = std::string(line.substr(1, close - 1));
            sections[section].any_key = trim(line.substr(close + 1)) == "any";
            continue;
        }
        const std::string key(line.substr(0, line.find_first_of(" \t")));
        if (comment.find("sub-table") != std::string_view::npos) {
            sections[section].tables[key].any_key = true;
        } else {
            sections[section].keys.insert(key);
        }
    }
    return sections;
}

/// The key at the start of `text` when it reads `key =` or `"key" =`.
std::optional<std::pair<std::string, bool>> key_of(std::string_view text) {
    std::size_t end = 0;
    bool quoted = false;
    if (!text.empty() && text.front() == '"') {
        end = text.find('"', 1);
        if (end == std::string_view::npos) return std::nullopt;
        ++end;
        quoted = true;
    } else {
        while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                     text[end] == '_' || text[end] == '-'))
            ++end;
        if (end == 0 || std::isdigit(static_cast<unsigned char>(text[0]))) return std::nullopt;
    }
    if (!trim(text.substr(end)).starts_with("=")) return std::nullopt;
    std::string key(text.substr(quoted ? 1 : 0, quoted ? end - 2 : end));
    return std::pair{key, quoted};
}

/// The table `path` inside `root`, created when missing ("a.b" -> a, b).
key_set& table_at(key_set& root, std::string_view path) {
    key_set* table = &root;
    while (!path.empty()) {
        const std::size_t dot = path.find('.');
        table = &table->tables[std::string(path.substr(0, dot))];
        if (dot == std::string_view::npos) break;
        path.remove_prefix(dot + 1);
    }
    return *table;
}

}  // namespace

void key_set::merge(const key_set& other) {
    keys.insert(other.keys.begin(), other.keys.end());
    any_key = any_key || other.any_key;
    for (const auto& [name, table] : other.tables)
        tables[name].merge(table);
}

bool key_set::accepts(const std::string& key) const {
    return any_key || keys.contains(key) || tables.contains(key);
}

std::vector<std::string> key_set::names() const {
    std::vector<std::string> all(keys.begin(), keys.end());
    for (const auto& [name, table] : tables)
        all.push_back(name);
    return all;
}

std::pair<std::string, key_set> read_sample_keys(std::string_view sample) {
    std::string plugin;
    key_set root;
    key_set* current = &root;
    std::size_t header_column = 0;
    bool in_inline_table = false;
    for (const auto raw : lines_of(sample)) {
        std::size_t column = raw.find_first_not_of(" \t");
        if (column == std::string_view::npos) continue;
        // Uncomment: "# key = 1" is a key, "## text" is documentation.
        std::string_view text = raw.substr(column);
        bool documentation = false;
        while (text.starts_with("#")) {
            if (text.starts_with("##")) {
                documentation = true;
                break;
            }
            const std::size_t next = text.find_first_not_of(" \t", 1);
            if (next == std::string_view::npos) {
                text = {};
                break;
            }
            column += next;
            text.remove_prefix(next);
        }
        if (documentation || text.empty()) continue;
        if (in_inline_table) {
            in_inline_table = text.find('}') == std::string_view::npos;
            continue;
        }
        if (text.starts_with("[")) {
            const std::size_t open = text.find_first_not_of('[');
            const std::string path(text.substr(open, text.find(']') - open));
            if (plugin.empty()) plugin = path;
            if (path == plugin) {
                current = &root;
            } else if (path.starts_with(plugin + ".")) {
                current = &table_at(root, std::string_view(path).substr(plugin.size() + 1));
                header_column = column;
            }
            continue;
        }
        const auto key = key_of(text);
        if (!key) continue;
        // A sample documents a sub-table's keys indented under its header;
        // a key back at the header's column belongs to the plugin again.
        if (current != &root && column <= header_column) current = &root;
        if (key->second) {
            current->any_key = true;
        } else {
            current->keys.insert(key->first);
        }
        const std::string_view value = trim(text.substr(text.find('=') + 1));
        in_inline_table = value.starts_with("{") && value.find('}') == std::string_view::npos;
    }
    return {plugin, root};
}

telegraf_keys telegraf_keys::from_files(const std::vector<reference_file>& files) {
    telegraf_keys reference;
    key_set input_common, output_common, parser_options;
    std::map<std::string, key_set> parser_tables;
    for (const auto& file : files) {
        const std::string_view name = file.name;
        if (name == "agent.keys.txt") {
            reference.agent_ = read_key_list(file.text)[""];
        } else if (name == "plugin.common.keys.txt") {
            for (const auto& [section, keys] : read_key_list(file.text)) {
                if (section.starts_with("inputs") || section.starts_with("filters"))
                    input_common.merge(keys);
                if (section.starts_with("outputs") || section.starts_with("filters"))
                    output_common.merge(keys);
                if (section.starts_with("parser")) parser_options.merge(keys);
            }
        } else if (name.starts_with("parsers.") && name.ends_with(".keys.txt")) {
            for (const auto& [section, keys] : read_key_list(file.text))
                table_at(parser_options, section).merge(keys);
        } else if (name.ends_with(".keys.txt")) {
            for (const auto& [section, keys] : read_key_list(file.text))
                reference.plugins_[section].merge(keys);
        } else if (name.ends_with(".sample.conf") && !name.starts_with("agent.")) {
            auto [plugin, keys] = read_sample_keys(file.text);
            if (plugin.empty()) {
                throw std::runtime_error("cannot read " + std::string(name) +
                                         ": no [[kind.plugin]] table");
            }
            reference.plugins_[plugin].merge(keys);
        }
    }
    for (auto& [path, keys] : reference.plugins_) {
        if (path.starts_with("inputs.")) {
            if (keys.keys.contains("data_format")) keys.merge(parser_options);
            keys.merge(input_common);
        } else if (path.starts_with("outputs.")) {
            keys.merge(output_common);
        }
    }
    return reference;
}

const telegraf_keys& telegraf_keys::builtin() {
    static const telegraf_keys keys = from_files(reference_files());
    return keys;
}

const key_set* telegraf_keys::plugin(std::string_view kind, std::string_view name) const {
    const auto found = plugins_.find(std::string(kind) + "." + std::string(name));
    return found == plugins_.end() ? nullptr : &found->second;
}

std::vector<std::string> telegraf_keys::plugins(std::string_view kind) const {
    std::vector<std::string> names;
    const std::string prefix = std::string(kind) + ".";
    for (const auto& [path, keys] : plugins_) {
        if (path.starts_with(prefix)) names.push_back(path.substr(prefix.size()));
    }
    return names;
}

}  // namespace lfdm::confgen
