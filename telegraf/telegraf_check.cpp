#include "telegraf/telegraf_check.hpp"

#include <algorithm>
#include <cstdio>

#include "core/config_schema.hpp"
#include "core/toml.hpp"
#include "telegraf/platform_defaults.hpp"

namespace lfdm::confgen {
namespace {

const std::vector<std::string> top_level_tables = {
    "global_tags", "agent", "inputs", "outputs", "processors", "aggregators", "secretstores"};

/// Collects the findings of one file.
class checker {
  public:
    explicit checker(const telegraf_keys& keys) : keys_(keys) {}

    void add(severity level, const toml::source_region& where, std::string table,
             std::string message) {
        findings_.push_back({level, static_cast<int>(where.begin.line),
                             static_cast<int>(where.begin.column), std::move(table),
                             std::move(message)});
    }

    void check_document(const toml::table& document) {
        for (const auto& [key, node] : document) {
            const std::string name(key.str());
            const auto* table = node.as_table();
            if (name == "global_tags" && table) {
                check_global_tags(*table);
            } else if (name == "agent" && table) {
                check_table(*table, keys_.agent(), "agent");
            } else if (std::find(top_level_tables.begin(), top_level_tables.end(), name) !=
                           top_level_tables.end() &&
                       table) {
                check_plugins(*table, name);
            } else {
                add(severity::error, key.source(), "", unknown_key(name, top_level_tables));
            }
        }
    }

    std::vector<finding> take() { return std::move(findings_); }

  private:
    static std::string unknown_key(const std::string& key,
                                   const std::vector<std::string>& candidates) {
        std::string message = "unknown key \"" + key + "\"";
        if (auto close = config::nearest(key, candidates)) {
            message += " (did you mean \"" + *close + "\"?)";
        }
        return message;
    }

    void check_global_tags(const toml::table& tags) {
        for (const auto& [key, node] : tags) {
            if (!node.is_string()) {
                add(severity::error, node.source(), "global_tags",
                    "\"" + std::string(key.str()) + "\" must be a string, not " +
                        config::detail::describe_node(node));
            }
        }
    }

    void check_table(const toml::table& table, const key_set& keys, const std::string& path) {
        if (keys.any_key) return;
        for (const auto& [key, node] : table) {
            const std::string name(key.str());
            const auto sub = keys.tables.find(name);
            if (sub != keys.tables.end()) {
                for_each_table(node, [&](const toml::table& t) {
                    check_table(t, sub->second, path + "." + name);
                });
            } else if (!keys.keys.contains(name)) {
                add(severity::error, key.source(), path, unknown_key(name, keys.names()));
            }
        }
    }

    template <class F>
    static void for_each_table(const toml::node& node, F&& visit) {
        if (const auto* table = node.as_table()) {
            visit(*table);
        } else if (const auto* array = node.as_array()) {
            for (const auto& element : *array) {
                if (const auto* t = element.as_table()) visit(*t);
            }
        }
    }

    void check_plugins(const toml::table& plugins, const std::string& kind) {
        const auto known = keys_.plugins(kind);
        for (const auto& [key, node] : plugins) {
            const std::string name(key.str());
            const std::string path = kind + "." + name;
            const key_set* keys = keys_.plugin(kind, name);
            if (!keys) {
                std::string message = "plugin not checked: lfdm-confgen knows the keys of ";
                message += known.empty() ? "no " + kind : "only some " + kind;
                if (auto close = config::nearest(name, known)) {
                    message += " (did you mean \"" + *close + "\"?)";
                    add(severity::warning, key.source(), path, message);
                } else {
                    add(severity::note, key.source(), path, message);
                }
                continue;
            }
            for_each_table(node, [&](const toml::table& instance) {
                check_table(instance, *keys, path);
                if (path == "outputs.elasticsearch") check_elasticsearch(instance);
                if (path == "inputs.execd") check_execd(instance);
            });
        }
    }

    void check_elasticsearch(const toml::table& output) {
        const std::string path = "outputs.elasticsearch";
        if (output["insecure_skip_verify"].value_or(false)) {
            add(severity::warning, output["insecure_skip_verify"].node()->source(), path,
                "insecure_skip_verify = true: the cluster's certificate is not checked, so "
                "whoever sits between this machine and the cluster can read the password");
        }
        const auto floats = output["float_handling"].value<std::string>();
        if (!floats || *floats == "none") {
            add(severity::warning, output.source(), path,
                "float_handling is not \"drop\": one NaN or infinite value makes "
                "Elasticsearch refuse the whole batch");
        }
        if (output["enable_sniffer"].value_or(false)) {
            add(severity::warning, output["enable_sniffer"].node()->source(), path,
                "enable_sniffer = true: Telegraf would write to the cluster's internal node "
                "addresses, which a farm cannot reach");
        }
        const auto password = output["password"].value<std::string>();
        if (password && !password->empty() && password->find("${") == std::string::npos &&
            password->find("@{") == std::string::npos) {
            add(severity::warning, output["password"].node()->source(), path,
                "the password is written in clear; prefer \"${LFDM_ES_PASSWORD}\" and the "
                "password in that environment variable");
        }
    }

    /// Absolute on either system: a configuration may be checked on another.
    static bool is_absolute(const std::string& path) {
        return is_absolute_path(target_os::linux_os, path) ||
               is_absolute_path(target_os::windows_os, path);
    }

    void check_execd(const toml::table& input) {
        const std::string path = "inputs.execd";
        const auto* command = input["command"].as_array();
        if (!command || command->empty() || !command->front().is_string()) return;
        const std::string program = command->front().value_or(std::string());
        const std::string file = program.substr(program.find_last_of("/\\") + 1);
        if (!file.starts_with("lfdm-plugin")) return;

        const auto& where = input["command"].node()->source();
        std::vector<std::string> args;
        for (const auto& arg : *command)
            args.push_back(arg.value_or(std::string()));
        if (!is_absolute(program)) {
            add(severity::warning, where, path,
                "\"" + program +
                    "\" is not an absolute path: a Telegraf service does not search your PATH");
        }
        const auto config = std::find(args.begin(), args.end(), "--config");
        if (config == args.end() || config + 1 == args.end()) {
            add(severity::warning, where, path,
                "lfdm-plugin has no --config FILE: it runs on its built-in defaults");
        } else if (!is_absolute(*(config + 1))) {
            add(severity::warning, where, path,
                "\"" + *(config + 1) +
                    "\" is not an absolute path: a Telegraf service starts in another directory");
        }
        if (input["signal"].value_or(std::string("none")) != "STDIN") {
            add(severity::warning, input.source(), path,
                "signal is not \"STDIN\": lfdm-plugin gathers once for each line Telegraf "
                "sends, and would never gather");
        }
        const auto format = input["data_format"].value_or(std::string("influx"));
        if (format != "influx") {
            add(severity::error, input["data_format"].node()->source(), path,
                "data_format = \"" + format + "\": lfdm-plugin writes influx line protocol");
        }
    }

    const telegraf_keys& keys_;
    std::vector<finding> findings_;
};

}  // namespace

std::vector<finding> check_telegraf_conf(std::string_view text, const telegraf_keys& keys) {
    toml::table document;
    try {
        document = toml::parse(text);
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        return {{severity::error, static_cast<int>(where.line), static_cast<int>(where.column), "",
                 "not valid TOML: " + std::string(e.description())}};
    }
    checker check(keys);
    check.check_document(document);
    auto findings = check.take();
    std::stable_sort(findings.begin(), findings.end(), [](const finding& a, const finding& b) {
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    return findings;
}

std::string format_finding(const std::string& file, const finding& f) {
    std::string text = file;
    if (f.line > 0) text += ":" + std::to_string(f.line) + ":" + std::to_string(f.column);
    text += f.level == severity::error     ? ": error: "
            : f.level == severity::warning ? ": warning: "
                                           : ": note: ";
    // A quoted key, in the table or the message, may hold any character: the
    // finding stays on one line, with control characters written as escapes.
    const std::string rest = (f.table.empty() ? "" : "[" + f.table + "] ") + f.message;
    for (const char c : rest) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte != 0x7F) {
            text += c;
        } else if (c == '\n') {
            text += "\\n";
        } else {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned>(byte));
            text += escape;
        }
    }
    return text;
}

bool has_errors(const std::vector<finding>& findings) {
    return std::any_of(findings.begin(), findings.end(),
                       [](const finding& f) { return f.level == severity::error; });
}

}  // namespace lfdm::confgen
