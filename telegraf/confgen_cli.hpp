#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "telegraf/farm_request.hpp"

/// lfdm-confgen's command line: every flag, read into what was given (and
/// only that: the rest is asked or detected later), and the checks of the
/// values a farmer types.
namespace lfdm::confgen {

/// A wrong command line or value; the message says what and how to fix it.
class usage_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// What the command line gave. Unset optionals were not given.
struct confgen_options {
    enum class action { generate, check, print_es_template, help, version };
    action what = action::generate;
    /// The file of --check.
    std::string check_file;

    std::optional<target_os> platform;
    std::optional<std::string> pseudo, rig, launcher_id;
    std::optional<std::string> interval, log_file;
    std::optional<std::int64_t> plot_count;

    std::vector<std::string> es_urls;
    std::optional<std::string> es_username, es_password_env, es_ca, es_template;
    bool es_password_clear = false;
    bool es_password_store = false;

    std::optional<std::string> output, plugin_config, plugin_path;
    std::optional<system_metrics_source> system_metrics;

    std::optional<bool> plot_check;
    std::optional<std::string> chia_path, chia_root, passphrase_file, plot_check_interval;
    std::optional<std::int64_t> challenges;
    std::vector<std::string> plot_dirs;

    std::vector<std::string> trex_urls;
    std::optional<std::string> trex_password_env;

    std::optional<bool> nvidia_smi;
    std::optional<std::vector<std::string>> procstat;
    std::optional<std::vector<chia_service>> chia_rpc;
    std::vector<pool_request> pools;
    bool no_pool = false;

    bool to_stdout = false;
    bool force = false;
    bool non_interactive = false;
    bool interactive = false;
};

/// Reads the arguments after the program name. Throws `usage_error`.
confgen_options parse_confgen_cli(const std::vector<std::string_view>& args);

/// The --help text.
std::string confgen_usage();

/// The problem with a pseudo or an Elasticsearch user name, which become part
/// of the index names: empty when fine.
std::string check_index_name_part(std::string_view name);

/// The problem with an Elasticsearch or T-Rex URL: empty when fine.
std::string check_url(std::string_view url);

/// The problem with a T-Rex API URL, by lfdm-plugin's own rule as well (no
/// query, no user name): empty when fine.
std::string check_trex_url(std::string_view url);

/// The problem with a pool launcher id (64 hexadecimal digits, "0x" allowed):
/// empty when fine.
std::string check_launcher_id(std::string_view id);

/// A chia service name ("harvester", "farmer", "full_node" or "wallet").
std::optional<chia_service> parse_chia_service(std::string_view name);

/// "COIN:WALLET" as a 2Miners account. Throws `usage_error`.
pool_request parse_pool(std::string_view text);

/// The interval of --interval or --plot-check-interval. Throws `usage_error`.
duration parse_interval(std::string_view flag, std::string_view text, duration minimum);

}  // namespace lfdm::confgen
