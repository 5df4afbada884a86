#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/duration.hpp"
#include "telegraf/http_inputs.hpp"
#include "telegraf/platform_defaults.hpp"

/// Everything lfdm-confgen writes the configuration from, once the flags,
/// the answers and the detected defaults are settled: plain values, checked.
namespace lfdm::confgen {

/// Where the Elasticsearch password comes from when Telegraf runs.
enum class password_source {
    /// "${VAR}": Telegraf reads the environment variable.
    environment,
    /// "@{lfdm:es_password}": Telegraf reads the operating system's keyring.
    secret_store,
    /// The password itself, written in clear (only when asked for).
    clear_text,
};

/// Who gathers the machine's CPU, memory, disk and network metrics.
enum class system_metrics_source {
    /// lfdm-plugin's system collector (lfdm_cpu, lfdm_disk...).
    plugin,
    /// Telegraf's own inputs (cpu, mem, disk, diskio, net, system).
    telegraf,
    none,
};

/// The Elasticsearch output.
struct es_request {
    std::vector<std::string> urls;
    std::string username;
    password_source password = password_source::environment;
    /// The environment variable holding the password.
    std::string password_env = "LFDM_ES_PASSWORD";
    /// The password, for `clear_text` only.
    std::string clear_password;
    /// The LFDM cluster's CA certificate file.
    std::string ca_file;
    /// Where to write the LFDM index template; empty: Telegraf manages its
    /// own template instead.
    std::string template_file;
};

/// The 2Miners account to watch.
struct pool_request {
    std::string coin;
    std::string wallet;
};

/// One complete configuration to write.
struct farm_request {
    target_os os = target_os::linux_os;

    /// Global tags: the pseudo, the rig's name, the pool launcher id.
    std::string pseudo;
    std::string rig;
    std::string launcher_id;

    /// How often Telegraf gathers and flushes.
    duration interval{std::chrono::seconds(30)};
    /// Telegraf's log file; empty: stderr.
    std::string log_file;
    /// Plots on the farm, to size Telegraf's buffer.
    std::int64_t plot_count = 0;

    es_request es;

    /// The files written and the plugin's path on the target machine.
    std::string telegraf_conf;
    std::string plugin_config;
    std::string plugin_path;

    system_metrics_source system_metrics = system_metrics_source::plugin;

    /// The plot check and the plot inventory.
    bool plot_check = false;
    std::string chia_path;
    std::string chia_root;
    std::int64_t challenges = 30;
    duration plot_check_interval{std::chrono::hours(24)};
    std::string passphrase_file;
    std::vector<std::string> plot_dirs;

    /// T-Rex miners' API URLs, and the variable holding their password.
    std::vector<std::string> trex_urls;
    std::string trex_password_env;

    /// Telegraf's own inputs.
    bool nvidia_smi = false;
    std::string nvidia_smi_path;
    std::vector<std::string> procstat;
    std::vector<chia_service> chia_rpc;
    std::vector<pool_request> pools;
};

}  // namespace lfdm::confgen
