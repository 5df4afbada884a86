#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config_schema.hpp"

/// Finding the chia executable when the configuration does not name it.
namespace lfdm::plot_check {

/// Where chia is installed, in the order tried. Linux and macOS: each PATH
/// entry, then ~/chia-blockchain/venv/bin/chia (and .venv: the source
/// install), then the .deb and .rpm installs under /opt/chia and
/// /usr/lib/chia-blockchain. Windows: the GUI install of the newest version
/// under %LOCALAPPDATA%\chia-blockchain\app-<version>, then the machine-wide
/// one under %ProgramFiles%\Chia, then PATH. `list_dir` names the entries of
/// a directory (for the app-<version> folders).
std::vector<std::filesystem::path> chia_candidates(
    bool windows, const config::environment_lookup& environment,
    const std::function<std::vector<std::string>(const std::filesystem::path&)>& list_dir);

/// Of folder names such as "app-1.8.2" and "app-2.4.4", the newest version's;
/// nothing when none has that shape.
std::optional<std::string> newest_app_folder(const std::vector<std::string>& names);

/// The chia to run: `configured` when not empty (it must exist), else the
/// first candidate that exists. Nothing, and `problem` set, when none does.
std::optional<std::filesystem::path> find_chia(const std::string& configured, std::string& problem);

}  // namespace lfdm::plot_check
