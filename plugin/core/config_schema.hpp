#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/duration.hpp"
#include "core/toml.hpp"

/// Typed configuration tables described once: the same description loads and
/// validates a TOML file and writes the commented sample configuration, so
/// the two cannot drift apart.
///
/// Every error names the file, line, column, table and key, for example
/// `lfdm.toml:12:1: [plot_check] unknown key "intervall" (did you mean
/// "interval"?)`, and is thrown as `config::error`.
namespace lfdm::config {

/// A configuration error with its complete message.
class error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Looks up an environment variable; nothing when it is not set.
using environment_lookup = std::function<std::optional<std::string>(const std::string&)>;

/// The process environment, as an `environment_lookup`.
std::optional<std::string> process_environment(const std::string& name);

/// The state of one load: the file being read (for messages) and where
/// `${VAR}` expansions come from.
struct load_context {
    std::string file;
    environment_lookup environment = process_environment;

    /// Throws `error` for a problem at `node` in table `path`.
    [[noreturn]] void fail(const toml::source_region& where, std::string_view path,
                           std::string_view message) const;
};

/// Expands `${NAME}` and `${NAME:-fallback}` from the environment; `$${`
/// stands for a literal `${`. Returns the problem in `problem` (an unset
/// variable, an unclosed brace) and an empty string then.
std::string expand_environment(std::string_view text, const environment_lookup& environment,
                               std::string& problem);

/// The candidate closest to `key` by edit distance, when close enough to be
/// a likely typo.
std::optional<std::string> nearest(std::string_view key,
                                   const std::vector<std::string>& candidates);

/// `text` as a TOML basic string, quoted and escaped. `text` must be UTF-8
/// (see `is_utf8`): TOML files cannot hold anything else.
std::string quote(std::string_view text);

/// Whether `text` is valid UTF-8: no stray or missing continuation byte, no
/// overlong form, no surrogate, nothing past U+10FFFF. Text that a farmer
/// types for a configuration file is checked with it before it is written.
bool is_utf8(std::string_view text);

/// A value check: the problem ("must be at least 1"), or empty when fine.
template <class V>
using check = std::function<std::string(const V&)>;

/// How one value type is read from TOML and written back.
template <class V>
struct value_traits;

template <>
struct value_traits<bool> {
    static constexpr std::string_view type = "a boolean";
    static std::optional<bool> read(const toml::node& node, const load_context&, std::string&) {
        return node.value_exact<bool>();
    }
    static std::string write(bool value) { return value ? "true" : "false"; }
};

template <>
struct value_traits<std::int64_t> {
    static constexpr std::string_view type = "an integer";
    static std::optional<std::int64_t> read(const toml::node& node, const load_context&,
                                            std::string&) {
        return node.value_exact<std::int64_t>();
    }
    static std::string write(std::int64_t value) { return std::to_string(value); }
};

template <>
struct value_traits<double> {
    static constexpr std::string_view type = "a number";
    static std::optional<double> read(const toml::node& node, const load_context&, std::string&);
    static std::string write(double value);
};

template <>
struct value_traits<std::string> {
    static constexpr std::string_view type = "a string";
    static std::optional<std::string> read(const toml::node& node, const load_context& context,
                                           std::string& problem);
    static std::string write(const std::string& value) { return quote(value); }
};

template <>
struct value_traits<duration> {
    static constexpr std::string_view type = "a duration string such as \"30s\" or \"24h\"";
    static std::optional<duration> read(const toml::node& node, const load_context& context,
                                        std::string& problem);
    static std::string write(duration value) { return quote(format_duration(value)); }
};

template <>
struct value_traits<std::vector<std::string>> {
    static constexpr std::string_view type = "an array of strings";
    static std::optional<std::vector<std::string>> read(const toml::node& node,
                                                        const load_context& context,
                                                        std::string& problem);
    static std::string write(const std::vector<std::string>& value);
};

/// Keys and values of a free-form table of strings, such as `[tags]`.
using string_map = std::map<std::string, std::string>;

template <class T>
class table_schema;

namespace detail {

/// How an option appears in the sample: a `key = value` line, or a table of
/// its own after them.
enum class option_shape { value, table };

/// One documented key of a table, with its type erased.
template <class T>
struct option {
    std::string key;
    std::string doc;
    option_shape shape = option_shape::value;
    std::function<void(const toml::node&, T&, const load_context&, const std::string& path)> load;
    std::function<void(std::ostream&, const T&, const std::string& path)> sample;
};

/// Writes `doc` as `## ` comment lines indented by `indent`; a control
/// character other than a tab (which TOML comments cannot hold) becomes a
/// space.
void write_doc(std::ostream& out, std::string_view doc, std::string_view indent);

/// Writes a table header and its doc: `[path]` or `[[path]]`.
void write_header(std::ostream& out, std::string_view doc, const std::string& path, bool array,
                  bool commented);

/// Writes `text` with every line commented out by "# ", for examples.
void write_commented(std::ostream& out, std::string_view text);

/// The table path for messages and headers: "a.b", or "b" at the root.
std::string join(const std::string& path, std::string_view key);

/// What a node holds, for "must be an integer, not a string".
std::string describe_node(const toml::node& node);

/// `key` as a TOML key: bare when it can be, quoted otherwise.
std::string quote_key(const std::string& key);

}  // namespace detail

/// The description of one TOML table bound to the struct `T`: its keys, their
/// documentation, types, defaults (`T`'s member initialisers) and checks.
template <class T>
class table_schema {
  public:
    explicit table_schema(std::string doc = {}) : doc_(std::move(doc)) {}

    /// A `key = value` option stored in `member`.
    template <class V>
    table_schema& value(std::string key, V T::*member, std::string doc,
                        std::type_identity_t<check<V>> valid = {}) {
        auto o = make_option(std::move(key), std::move(doc), detail::option_shape::value);
        o.load = [member, valid, key = o.key](const toml::node& node, T& target,
                                              const load_context& context,
                                              const std::string& path) {
            target.*member = read_checked<V>(node, context, path, key, valid);
        };
        o.sample = [member, key = o.key](std::ostream& out, const T& values, const std::string&) {
            out << "  " << key << " = " << value_traits<V>::write(values.*member) << '\n';
        };
        options_.push_back(std::move(o));
        return *this;
    }

    /// A nested table `[path.key]` stored in `member` and described by `schema`.
    template <class S>
    table_schema& table(std::string key, S T::*member, table_schema<S> schema) {
        auto o = make_option(std::move(key), schema.doc(), detail::option_shape::table);
        o.load = [member, schema, key = o.key](const toml::node& node, T& target,
                                               const load_context& context,
                                               const std::string& path) {
            const auto* table = node.as_table();
            if (!table) context.fail(node.source(), path, "\"" + key + "\" must be a table");
            schema.load(*table, target.*member, context, detail::join(path, key));
        };
        o.sample = [member, schema, key = o.key](std::ostream& out, const T& values,
                                                 const std::string& path) {
            const std::string name = detail::join(path, key);
            detail::write_header(out, schema.doc(), name, false, false);
            schema.write_sample(out, values.*member, name);
        };
        options_.push_back(std::move(o));
        return *this;
    }

    /// A free-form table of strings `[path.key]`, such as tags. `example` is
    /// shown commented out in the sample when the table is empty.
    table_schema& strings(std::string key, string_map T::*member, std::string doc,
                          string_map example, check<std::string> valid = {}) {
        auto o = make_option(std::move(key), std::move(doc), detail::option_shape::table);
        o.load = [member, valid, key = o.key](const toml::node& node, T& target,
                                              const load_context& context,
                                              const std::string& path) {
            target.*member = read_strings(node, context, detail::join(path, key), valid);
        };
        o.sample = [member, example, key = o.key, doc = o.doc](std::ostream& out, const T& values,
                                                               const std::string& path) {
            const auto& entries = (values.*member).empty() ? example : values.*member;
            detail::write_header(out, doc, detail::join(path, key), false, false);
            for (const auto& [k, v] : entries) {
                if ((values.*member).empty())
                    out << "  # ";
                else
                    out << "  ";
                out << detail::quote_key(k) << " = " << quote(v) << '\n';
            }
        };
        options_.push_back(std::move(o));
        return *this;
    }

    /// An array of tables `[[path.key]]`. `example` is shown commented out in
    /// the sample when the array is empty.
    template <class S>
    table_schema& array(std::string key, std::vector<S> T::*member, table_schema<S> schema,
                        S example) {
        auto o = make_option(std::move(key), schema.doc(), detail::option_shape::table);
        o.load = [member, schema, key = o.key](const toml::node& node, T& target,
                                               const load_context& context,
                                               const std::string& path) {
            const auto* array = node.as_array();
            if (!array) {
                context.fail(node.source(), path, "\"" + key + "\" must be an array of tables");
            }
            auto& items = target.*member;
            items.clear();
            for (const auto& element : *array) {
                const std::string name =
                    detail::join(path, key) + " #" + std::to_string(items.size() + 1);
                const auto* table = element.as_table();
                if (!table) context.fail(element.source(), name, "must be a table");
                schema.load(*table, items.emplace_back(), context, name);
            }
        };
        o.sample = [member, schema, example, key = o.key](std::ostream& out, const T& values,
                                                          const std::string& path) {
            const std::string name = detail::join(path, key);
            const auto& items = values.*member;
            if (items.empty()) {
                std::ostringstream text;
                detail::write_header(text, {}, name, true, false);
                schema.write_sample(text, example, name);
                detail::write_doc(out, schema.doc(), "");
                detail::write_commented(out, text.str());
                return;
            }
            for (const auto& item : items) {
                detail::write_header(out, schema.doc(), name, true, false);
                schema.write_sample(out, item, name);
            }
        };
        options_.push_back(std::move(o));
        return *this;
    }

    /// A check of the whole table once loaded (options that depend on each
    /// other): the problem, or empty when fine.
    table_schema& validate(check<T> valid) {
        validators_.push_back(std::move(valid));
        return *this;
    }

    /// Loads `table` into `target`, whose members keep their defaults for the
    /// keys that are absent. Throws `error` on the first problem.
    void load(const toml::table& table, T& target, const load_context& context,
              const std::string& path) const {
        for (const auto& [key, node] : table) {
            const auto* found = find(key.str());
            if (!found) context.fail(key.source(), path, unknown_key_message(key.str()));
            found->load(node, target, context, path);
        }
        for (const auto& valid : validators_) {
            if (auto problem = valid(target); !problem.empty()) {
                context.fail(table.source(), path, problem);
            }
        }
    }

    /// Writes every option of `values` with its documentation, as TOML that
    /// `load` reads back to the same values. Keys first, tables after them.
    void write_sample(std::ostream& out, const T& values, const std::string& path) const {
        for (const auto& o : options_) {
            if (o.shape != detail::option_shape::value) continue;
            detail::write_doc(out, o.doc, "  ");
            o.sample(out, values, path);
        }
        for (const auto& o : options_) {
            if (o.shape == detail::option_shape::value) continue;
            out << '\n';
            o.sample(out, values, path);
        }
    }

    /// The keys this table accepts, in declaration order.
    std::vector<std::string> keys() const {
        std::vector<std::string> names;
        for (const auto& o : options_)
            names.push_back(o.key);
        return names;
    }

    const std::string& doc() const { return doc_; }

  private:
    static detail::option<T> make_option(std::string key, std::string doc,
                                         detail::option_shape shape) {
        detail::option<T> o;
        o.key = std::move(key);
        o.doc = std::move(doc);
        o.shape = shape;
        return o;
    }

    template <class V>
    static V read_checked(const toml::node& node, const load_context& context,
                          const std::string& path, const std::string& key, const check<V>& valid) {
        std::string problem;
        auto value = value_traits<V>::read(node, context, problem);
        if (!value) {
            if (problem.empty()) {
                problem = std::string("must be ") + std::string(value_traits<V>::type) + ", not " +
                          detail::describe_node(node);
            }
            context.fail(node.source(), path, "\"" + key + "\" " + problem);
        }
        if (valid) {
            if (auto bad = valid(*value); !bad.empty()) {
                context.fail(node.source(), path, "\"" + key + "\" " + bad);
            }
        }
        return *value;
    }

    static string_map read_strings(const toml::node& node, const load_context& context,
                                   const std::string& path, const check<std::string>& valid) {
        const auto* table = node.as_table();
        if (!table) context.fail(node.source(), path, "must be a table of strings");
        string_map entries;
        for (const auto& [key, value] : *table) {
            entries[std::string(key.str())] =
                read_checked<std::string>(value, context, path, std::string(key.str()), valid);
        }
        return entries;
    }

    const detail::option<T>* find(std::string_view key) const {
        for (const auto& o : options_) {
            if (o.key == key) return &o;
        }
        return nullptr;
    }

    std::string unknown_key_message(std::string_view key) const {
        std::string message = "unknown key \"" + std::string(key) + "\"";
        if (auto close = nearest(key, keys())) message += " (did you mean \"" + *close + "\"?)";
        return message;
    }

    std::string doc_;
    std::vector<detail::option<T>> options_;
    std::vector<check<T>> validators_;
};

/// Common checks.
check<std::int64_t> at_least(std::int64_t minimum);
check<std::int64_t> between(std::int64_t minimum, std::int64_t maximum);
check<duration> at_least(duration minimum);
check<std::string> one_of(std::vector<std::string> allowed);

}  // namespace lfdm::config
