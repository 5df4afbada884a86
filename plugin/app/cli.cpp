#include "app/cli.hpp"

#include <algorithm>

#include "core/config_schema.hpp"

namespace lfdm {
namespace {

const std::vector<std::string> known_options = {"--config",  "--once",          "--interval",
                                                "--debug",   "--sample-config", "--check-config",
                                                "--version", "--help"};

/// Splits "--name=value" into name and value.
std::pair<std::string_view, std::optional<std::string_view>> split(std::string_view arg) {
    const std::size_t equals = arg.find('=');
    if (!arg.starts_with("--") || equals == std::string_view::npos) return {arg, std::nullopt};
    return {arg.substr(0, equals), arg.substr(equals + 1)};
}

[[noreturn]] void unknown(std::string_view arg) {
    std::string message = "unknown option \"" + std::string(arg) + "\"";
    if (auto close = config::nearest(arg, known_options)) {
        message += " (did you mean \"" + *close + "\"?)";
    }
    throw usage_error(message + "; see lfdm-plugin --help");
}

const std::vector<std::string> plot_check_options = {"--from-log", "--report", "--config",
                                                     "--debug", "--help"};

/// `lfdm-plugin plot-check --from-log FILE [--report] [--config FILE]`.
cli_options parse_plot_check(const std::vector<std::string_view>& args) {
    cli_options options;
    options.what = cli_options::action::plot_check_log;
    for (std::size_t i = 1; i < args.size(); ++i) {
        auto [name, inline_value] = split(args[i]);
        const auto value = [&, name = name]() -> std::string_view {
            if (inline_value) return *inline_value;
            if (i + 1 >= args.size()) {
                throw usage_error("option " + std::string(name) + " needs a value");
            }
            return args[++i];
        };
        if (name == "--from-log") {
            options.from_log = std::string(value());
        } else if (name == "--config") {
            options.config_path = std::string(value());
        } else if (name == "--report" && !inline_value) {
            options.report = true;
        } else if (name == "--debug" && !inline_value) {
            options.debug = true;
        } else if ((name == "--help" || name == "-h") && !inline_value) {
            options.what = cli_options::action::help;
            return options;
        } else {
            std::string message = "unknown plot-check option \"" + std::string(args[i]) + "\"";
            if (auto close = config::nearest(name, plot_check_options)) {
                message += " (did you mean \"" + *close + "\"?)";
            }
            throw usage_error(message + "; see lfdm-plugin --help");
        }
    }
    if (options.from_log.empty()) {
        throw usage_error("plot-check needs --from-log FILE (or --from-log - for standard input)");
    }
    return options;
}

}  // namespace

cli_options parse_cli(const std::vector<std::string_view>& args) {
    if (!args.empty() && args.front() == "plot-check") return parse_plot_check(args);
    cli_options options;
    bool mode_given = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        auto [name, inline_value] = split(args[i]);
        const auto value = [&, name = name]() -> std::string_view {
            if (inline_value) return *inline_value;
            if (i + 1 >= args.size()) {
                throw usage_error("option " + std::string(name) + " needs a value");
            }
            return args[++i];
        };
        const auto set_mode = [&](trigger mode) {
            if (mode_given) throw usage_error("--once and --interval cannot be combined");
            mode_given = true;
            options.mode = mode;
        };
        if (inline_value && name != "--config" && name != "--interval") {
            if (std::find(known_options.begin(), known_options.end(), name) ==
                known_options.end()) {
                unknown(args[i]);
            }
            throw usage_error("option " + std::string(name) + " takes no value");
        }

        if (name == "--config") {
            options.config_path = std::string(value());
        } else if (name == "--once") {
            set_mode(trigger::once);
        } else if (name == "--interval") {
            const std::string_view text = value();
            const auto interval = parse_duration(text);
            if (!interval || interval->count() < 100) {
                throw usage_error(
                    "--interval needs a duration of at least 100ms, such as \"10s\"; "
                    "got \"" +
                    std::string(text) + "\"");
            }
            set_mode(trigger::interval);
            options.interval = *interval;
        } else if (name == "--debug") {
            options.debug = true;
        } else if (name == "--sample-config") {
            options.what = cli_options::action::sample_config;
        } else if (name == "--check-config") {
            options.what = cli_options::action::check_config;
        } else if (name == "--version") {
            options.what = cli_options::action::version;
        } else if (name == "--help" || name == "-h") {
            options.what = cli_options::action::help;
        } else {
            unknown(args[i]);
        }
    }
    return options;
}

std::string usage() {
    return R"(Usage: lfdm-plugin [--config FILE] [--once | --interval DURATION] [--debug]
       lfdm-plugin --sample-config | --check-config [--config FILE] | --version | --help
       lfdm-plugin plot-check --from-log FILE|- [--report] [--config FILE]

Collects the metrics of a Chia farm or mining rig and writes them as Influx
line protocol on stdout, for Telegraf's execd input:

  [[inputs.execd]]
    command = ["/usr/local/bin/lfdm-plugin", "--config", "/etc/lfdm/lfdm.toml"]
    signal = "STDIN"

By default it gathers once for each line it reads on stdin and stops at the
end of its input, on SIGTERM or on SIGINT. Log lines go to stderr.

Options:
  --config FILE        the configuration file (TOML); without it, the built-in
                       defaults: system metrics only
  --once               gather once, print the metrics and exit
  --interval DURATION  gather on a timer ("10s", "1m") instead of on stdin lines,
                       for Telegraf's signal = "none"
  --debug              also write debug (D!) lines
  --sample-config      print a complete, commented configuration and exit
  --check-config       check the configuration, say what is wrong, and exit
  --version            print the version and exit
  --help               print this help and exit

plot-check reads the saved output of `chia plots check` (any chia version;
"-" reads standard input) and prints its plots and totals as line protocol,
or with --report a readable summary: totals, then the bad, unopenable and
slow plots with their reasons. --config takes the slow-plot thresholds and
the tags from a configuration file.

Exit status: 0 on a normal stop, 1 when stdout broke (plot-check: when its
input cannot be read), 2 for a wrong command line or configuration.
)";
}

}  // namespace lfdm
