#pragma once

#include <filesystem>
#include <string>

#include "core/config_schema.hpp"

namespace lfdm {

/// The directory where the plugin keeps what must survive a restart:
/// `configured` when not empty (`[agent] state_dir`), else the platform's
/// place: /var/lib/lfdm when run as root, else ~/.local/state/lfdm;
/// %PROGRAMDATA%\lfdm on Windows. Empty when no place can be named (no HOME).
std::filesystem::path state_directory(
    const std::string& configured,
    const config::environment_lookup& environment = config::process_environment);

}  // namespace lfdm
