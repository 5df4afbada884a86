#pragma once

#include <string>
#include <string_view>

#include "collectors/plot_check/plot_check_config.hpp"
#include "collectors/system/system_config.hpp"
#include "collectors/trex/trex_config.hpp"
#include "core/config_schema.hpp"
#include "core/duration.hpp"

namespace lfdm {

/// The `[agent]` table: how gathers run.
struct agent_config {
    /// How long a gather waits for a collector before writing without it.
    duration collector_timeout{std::chrono::seconds(5)};
    /// Where the plugin keeps what must survive a restart; empty: the
    /// platform's place for it.
    std::string state_dir;
};

/// The whole plugin configuration: one TOML file.
struct plugin_config {
    /// Tags added to every metric (the farmer's pseudo, the rig's name).
    config::string_map tags;
    agent_config agent;
    system::system_config system;
    plot_check::plot_check_config plot_check;
    trex::trex_config trex;
};

/// The description of the whole file, for loading and for the sample.
const config::table_schema<plugin_config>& plugin_schema();

/// Loads and validates the configuration file at `path`. Throws
/// `config::error` naming the file, line, column and key of the problem.
plugin_config load_plugin_config(const std::string& path);

/// Loads configuration text; `name` stands for the file in messages.
plugin_config parse_plugin_config(
    std::string_view text, const std::string& name,
    const config::environment_lookup& environment = config::process_environment);

/// The complete commented configuration: every option with its value in
/// `values` (the defaults when not given). Loading it gives `values` back.
std::string write_plugin_config(const plugin_config& values = {});

}  // namespace lfdm
