#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config_schema.hpp"

/// Where things live on the machine a configuration is written for, and
/// what lfdm-confgen finds on the machine it runs on (chia, nvidia-smi, the
/// plugin, plot files).
namespace lfdm::confgen {

/// The operating system a configuration is written for.
enum class target_os { linux_os, windows_os };

/// "linux" or "windows".
std::string_view os_name(target_os os);

/// The system lfdm-confgen runs on.
target_os host_os();

/// The default places of the files, for one operating system.
struct platform_paths {
    /// Telegraf's configuration file.
    std::string telegraf_conf;
    /// The lfdm-plugin executable.
    std::string plugin_path;
    /// The plugin's configuration file.
    std::string plugin_config;
    /// The LFDM cluster's CA certificate.
    std::string es_ca;
    /// Telegraf's log file; empty: stderr (the systemd journal).
    std::string log_file;
};

/// The defaults of `os`: /etc/telegraf/telegraf.conf, /usr/local/bin and
/// /etc/lfdm on Linux; C:\Program Files\Telegraf, C:\Program Files\lfdm and
/// C:\ProgramData\lfdm on Windows.
platform_paths default_paths(target_os os);

/// `dir` and `name` joined with `os`'s separator.
std::string join_path(target_os os, std::string_view dir, std::string_view name);

/// The directory part of `path` (empty when it has none).
std::string parent_path(target_os os, std::string_view path);

/// Whether `path` is absolute on `os` ("/x"; "C:\x" or "\\server\x").
bool is_absolute_path(target_os os, std::string_view path);

/// The newest chia.exe of the Windows GUI install under `local_app_data`
/// (%LOCALAPPDATA%), in chia-blockchain/app-<version>/resources/
/// app.asar.unpacked/daemon/, versions compared number by number.
std::optional<std::filesystem::path> find_windows_chia(const std::filesystem::path& local_app_data);

/// chia on Linux: on PATH, ~/chia-blockchain/venv/bin/chia, then the GUI
/// packages' /opt/chia and /usr/lib/chia-blockchain. `root` prefixes the
/// absolute places (tests give a scratch directory).
std::optional<std::filesystem::path> find_linux_chia(const config::environment_lookup& environment,
                                                     const std::filesystem::path& root = "/");

/// The home directory of the person running lfdm-confgen (the one behind
/// sudo when run with sudo), or nothing.
std::optional<std::string> home_directory(const config::environment_lookup& environment);

/// chia's configuration root: $CHIA_ROOT, else ~/.chia/mainnet.
std::optional<std::string> default_chia_root(const config::environment_lookup& environment);

/// nvidia-smi on this machine, or nothing.
std::optional<std::filesystem::path> find_nvidia_smi(const config::environment_lookup& environment);

/// `name` in one of the directories of $PATH, or nothing.
std::optional<std::filesystem::path> find_on_path(std::string_view name,
                                                  const config::environment_lookup& environment);

/// The running program's own path, or nothing when the system cannot tell.
std::optional<std::filesystem::path> own_executable();

/// The number of plot files (*.plot) directly in `dirs`; unreadable
/// directories count none.
std::int64_t count_plots(const std::vector<std::string>& dirs);

/// This machine's name, or "rig" when the system cannot tell.
std::string host_name(const config::environment_lookup& environment);

}  // namespace lfdm::confgen
