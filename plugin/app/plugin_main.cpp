#include "app/plugin_main.hpp"

#include <cstdlib>
#include <iostream>

#include "app/cli.hpp"
#include "app/plot_check_command.hpp"
#include "collectors/plot_check/plot_check_collector.hpp"
#include "collectors/system/system_collector.hpp"
#include "collectors/trex/trex_collector.hpp"
#include "core/logger.hpp"
#include "core/platform.hpp"
#include "core/state_dir.hpp"
#include "lfdm_version.hpp"

namespace lfdm {
namespace {

constexpr int usage_exit_status = 2;

plugin_config load(const cli_options& options) {
    if (!options.config_path) return {};
    return load_plugin_config(*options.config_path);
}

int run(const cli_options& options, const plugin_config& config) {
    auto collectors = make_collectors(config);
    if (collectors.empty()) log::warning("", "no collector is enabled; only an empty output");

    agent_options settings;
    settings.mode = options.mode;
    settings.interval = options.interval;
    settings.collector_timeout = config.agent.collector_timeout;
    settings.global_tags = config.tags;
    agent runner(std::move(collectors), std::move(settings), [](std::string_view text) {
        return platform::write_all(platform::stdout_handle, text);
    });
    const int status = runner.run();
    if (runner.left_collector_behind()) std::_Exit(status);
    return status;
}

}  // namespace

std::vector<std::unique_ptr<collector>> make_collectors(const plugin_config& config) {
    std::vector<std::unique_ptr<collector>> collectors;
    if (config.system.enabled) {
        collectors.push_back(std::make_unique<system::system_collector>(
            config.system, system::make_platform_source(config.system)));
    }
    if (config.plot_check.enabled) {
        const auto dir = state_directory(config.agent.state_dir);
        collectors.push_back(std::make_unique<plot_check::plot_check_collector>(
            config.plot_check, dir.empty() ? dir : dir / "plot_check.json"));
    }
    if (config.trex.enabled) {
        collectors.push_back(std::make_unique<trex::trex_collector>(config.trex));
    }
    return collectors;
}

int plugin_main(int argc, char** argv) {
    platform::prepare_standard_streams();
    const std::vector<std::string> arguments = platform::command_line_arguments(argc, argv);
    const std::vector<std::string_view> args(arguments.begin(), arguments.end());

    cli_options options;
    plugin_config config;
    try {
        options = parse_cli(args);
        log::set_debug(options.debug);
        switch (options.what) {
            case cli_options::action::help:
                std::cout << usage();
                return 0;
            case cli_options::action::version:
                std::cout << "lfdm-plugin " << version << '\n';
                return 0;
            case cli_options::action::sample_config:
                std::cout << write_plugin_config();
                return 0;
            default:
                break;
        }
        config = load(options);
    } catch (const usage_error& e) {
        log::error("", e.what());
        return usage_exit_status;
    } catch (const config::error& e) {
        log::error("", std::string("cannot load configuration: ") + e.what());
        return usage_exit_status;
    }

    if (options.what == cli_options::action::plot_check_log) {
        return run_plot_check_log(options, config);
    }
    if (options.what == cli_options::action::check_config) {
        log::info("", "configuration " + options.config_path.value_or("(built-in defaults)") +
                          " is valid");
        return 0;
    }
    log::debug("", "lfdm-plugin " + std::string(version) + " starting");
    return run(options, config);
}

}  // namespace lfdm
