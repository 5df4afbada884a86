#include "app/plugin_config.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/utf8_path.hpp"

namespace lfdm {
namespace {

std::string check_tag(const std::string& value) {
    return value.empty() ? "must not be empty (a tag without a value is never written)" : "";
}

config::table_schema<agent_config> agent_schema() {
    config::table_schema<agent_config> schema("How gathers run.");
    schema
        .value("collector_timeout", &agent_config::collector_timeout,
               "How long a gather waits for each collector. A collector that is\n"
               "slower (a hung network drive) is left out of that gather and reported\n"
               "in lfdm_collector; the others are written on time.",
               config::at_least(duration(std::chrono::milliseconds(10))))
        .value("state_dir", &agent_config::state_dir,
               "Where the plugin keeps what must survive a restart (the last plot\n"
               "check's results). Empty: /var/lib/lfdm when run as root, else\n"
               "~/.local/state/lfdm; %PROGRAMDATA%\\lfdm on Windows.");
    return schema;
}

config::table_schema<plugin_config> make_schema() {
    config::table_schema<plugin_config> schema;
    schema
        .strings("tags", &plugin_config::tags,
                 "Tags added to every metric: your pseudo (how you find your data in\n"
                 "Grafana), the rig's name. Telegraf adds the host name itself.",
                 {{"pseudo", "my-pseudo"}, {"rig", "rig-1"}}, check_tag)
        .table("agent", &plugin_config::agent, agent_schema())
        .table("system", &plugin_config::system, system::system_schema())
        .table("plot_check", &plugin_config::plot_check, plot_check::plot_check_schema())
        .table("trex", &plugin_config::trex, trex::trex_schema());
    return schema;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path_from_utf8(path), std::ios::binary);
    if (!in) throw config::error("cannot read " + path + ": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

const config::table_schema<plugin_config>& plugin_schema() {
    static const auto schema = make_schema();
    return schema;
}

plugin_config parse_plugin_config(std::string_view text, const std::string& name,
                                  const config::environment_lookup& environment) {
    toml::table document;
    try {
        document = toml::parse(text, name);
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        std::string message = name + ":" + std::to_string(where.line) + ":" +
                              std::to_string(where.column) + ": " + std::string(e.description());
        const std::string_view description = e.description();
        if (description.find("escape sequence") != std::string_view::npos ||
            description.find("unicode scalar") != std::string_view::npos) {
            // Windows paths are the usual cause: "C:\Users" starts a \U escape.
            message +=
                " (in double quotes a backslash starts an escape: write a Windows path in "
                "single quotes, 'C:\\plots', or with doubled backslashes, \"C:\\\\plots\")";
        }
        throw config::error(message);
    }
    plugin_config values;
    plugin_schema().load(document, values, config::load_context{name, environment}, "");
    return values;
}

plugin_config load_plugin_config(const std::string& path) {
    return parse_plugin_config(read_file(path), path);
}

std::string write_plugin_config(const plugin_config& values) {
    std::ostringstream out;
    out << "## lfdm-plugin configuration: every option, with its default.\n"
           "## Durations are written as \"500ms\", \"30s\", \"10m\", \"1h30m\" or \"7d\".\n"
           "## \"${NAME}\" in a string is replaced by the environment variable NAME\n"
           "## (\"${NAME:-fallback}\" when it may be unset).\n";
    plugin_schema().write_sample(out, values, "");
    return out.str();
}

}  // namespace lfdm
