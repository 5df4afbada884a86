#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

/// A Telegraf configuration as lfdm-confgen writes it: tables in order, each
/// with its documentation, keys and sub-tables, written as the plain TOML
/// that Telegraf's own parser reads (no dotted keys, no dates).
namespace lfdm::confgen {

/// A string Telegraf reads as is: an environment variable or secret-store
/// reference such as "${LFDM_ES_PASSWORD}" or "@{lfdm:es_password}".
struct telegraf_reference {
    std::string text;
    bool operator==(const telegraf_reference&) const = default;
};

/// Keys and string values of an inline table, such as `headers`.
using string_map = std::map<std::string, std::string>;

/// A value lfdm-confgen writes. Plain strings are escaped so that Telegraf
/// reads them back unchanged: a `$` is doubled, or Telegraf would expand it
/// as an environment variable.
using conf_value = std::variant<bool, std::int64_t, std::string, telegraf_reference,
                                std::vector<std::string>, string_map>;

/// One `key = value` line and the comment above it.
struct conf_entry {
    std::string key;
    conf_value value;
    std::string doc;
};

/// One table, `[path]` or `[[path]]`, with its keys and then its sub-tables.
struct conf_table {
    std::string path;
    bool array = false;
    std::string doc;
    std::vector<conf_entry> entries;
    std::vector<conf_table> children;

    /// Appends `key = value`, documented by `comment` (may be empty).
    conf_table& set(std::string key, conf_value value, std::string comment = {});
    /// Appends a sub-table `[path.name]` (or `[[path.name]]`) and returns it.
    conf_table& child(std::string_view name, bool is_array, std::string comment = {});
    /// The value of `key`, or nullptr.
    const conf_value* find(std::string_view key) const;
};

/// A whole file: a comment at the top, then the tables.
struct conf_document {
    std::string preamble;
    std::vector<conf_table> tables;

    /// Appends a top-level table and returns it.
    conf_table& add(std::string path, bool is_array, std::string doc = {});
    /// The TOML text: documentation as `## ` comments, keys indented by two
    /// spaces per level of nesting.
    std::string to_toml() const;
};

/// `text` as Telegraf needs it in a string: every `$` doubled.
std::string escape_dollars(std::string_view text);

/// `value` as TOML text: a string quoted and escaped; an array on one line,
/// or one item a line indented by `indent` plus two spaces when too long.
std::string toml_text(const conf_value& value, std::string_view indent = "");

}  // namespace lfdm::confgen
