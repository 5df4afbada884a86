#include "telegraf/platform_defaults.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>

#ifdef _WIN32
#include <windows.h>
#else
#include <pwd.h>
#include <unistd.h>
#endif

namespace lfdm::confgen {
namespace fs = std::filesystem;
namespace {

bool is_file(const fs::path& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec);
}

/// "app-1.8.2" -> {1, 8, 2}; nothing for another name.
std::optional<std::vector<int>> app_version(const std::string& name) {
    if (!name.starts_with("app-")) return std::nullopt;
    std::vector<int> parts;
    int value = -1;
    for (const char c : name.substr(4)) {
        if (std::isdigit(static_cast<unsigned char>(c))) {
            value = (value < 0 ? 0 : value * 10) + (c - '0');
        } else if (c == '.' && value >= 0) {
            parts.push_back(value);
            value = -1;
        } else {
            return std::nullopt;
        }
    }
    if (value < 0) return std::nullopt;
    parts.push_back(value);
    return parts;
}

}  // namespace

std::string_view os_name(target_os os) {
    return os == target_os::windows_os ? "windows" : "linux";
}

target_os host_os() {
#ifdef _WIN32
    return target_os::windows_os;
#else
    return target_os::linux_os;
#endif
}

platform_paths default_paths(target_os os) {
    if (os == target_os::windows_os) {
        return {"C:\\Program Files\\Telegraf\\telegraf.conf",
                "C:\\Program Files\\lfdm\\lfdm-plugin.exe", "C:\\ProgramData\\lfdm\\lfdm.toml",
                "C:\\ProgramData\\lfdm\\lfdm-ca.pem", "C:\\Program Files\\Telegraf\\telegraf.log"};
    }
    return {"/etc/telegraf/telegraf.conf", "/usr/local/bin/lfdm-plugin", "/etc/lfdm/lfdm.toml",
            "/etc/lfdm/lfdm-ca.pem", ""};
}

std::string join_path(target_os os, std::string_view dir, std::string_view name) {
    const char separator = os == target_os::windows_os ? '\\' : '/';
    std::string path(dir);
    if (!path.empty() && path.back() != separator && path.back() != '/') path += separator;
    return path + std::string(name);
}

std::string parent_path(target_os os, std::string_view path) {
    const std::size_t end =
        os == target_os::windows_os ? path.find_last_of("\\/") : path.find_last_of('/');
    if (end == std::string_view::npos) return {};
    return std::string(path.substr(0, end == 0 ? 1 : end));
}

bool is_absolute_path(target_os os, std::string_view path) {
    if (os == target_os::linux_os) return path.starts_with("/");
    const bool drive = path.size() > 2 && std::isalpha(static_cast<unsigned char>(path[0])) &&
                       path[1] == ':' && (path[2] == '\\' || path[2] == '/');
    return drive || path.starts_with("\\\\");
}

std::optional<fs::path> find_windows_chia(const fs::path& local_app_data) {
    const fs::path install = local_app_data / "chia-blockchain";
    std::optional<std::pair<std::vector<int>, fs::path>> newest;
    std::error_code ec;
    for (fs::directory_iterator it(install, ec), end; !ec && it != end; it.increment(ec)) {
        const auto version = app_version(it->path().filename().string());
        if (!version) continue;
        const fs::path chia =
            it->path() / "resources" / "app.asar.unpacked" / "daemon" / "chia.exe";
        if (is_file(chia) && (!newest || *version > newest->first)) newest = {*version, chia};
    }
    if (!newest) return std::nullopt;
    return newest->second;
}

std::optional<fs::path> find_on_path(std::string_view name,
                                     const config::environment_lookup& environment) {
    const auto path = environment("PATH");
    if (!path) return std::nullopt;
    const char separator = host_os() == target_os::windows_os ? ';' : ':';
    std::string_view rest = *path;
    while (!rest.empty()) {
        const std::size_t end = rest.find(separator);
        const std::string_view dir = rest.substr(0, end);
        if (!dir.empty() && is_file(fs::path(dir) / name)) return fs::path(dir) / name;
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return std::nullopt;
}

std::optional<fs::path> find_linux_chia(const config::environment_lookup& environment,
                                        const fs::path& root) {
    if (auto on_path = find_on_path("chia", environment)) return on_path;
    std::vector<fs::path> candidates;
    if (auto home = home_directory(environment)) {
        candidates.push_back(fs::path(*home) / "chia-blockchain" / "venv" / "bin" / "chia");
    }
    candidates.push_back(root / "opt/chia/resources/app.asar.unpacked/daemon/chia");
    candidates.push_back(root / "usr/lib/chia-blockchain/resources/app.asar.unpacked/daemon/chia");
    for (const auto& candidate : candidates) {
        if (is_file(candidate)) return candidate;
    }
    return std::nullopt;
}

std::optional<std::string> home_directory(const config::environment_lookup& environment) {
#ifdef _WIN32
    return environment("USERPROFILE");
#else
    // Under sudo, HOME may be root's: the farmer's chia lives in their home.
    if (auto user = environment("SUDO_USER"); user && !user->empty() && *user != "root") {
        if (const passwd* entry = ::getpwnam(user->c_str())) return std::string(entry->pw_dir);
    }
    return environment("HOME");
#endif
}

std::optional<std::string> default_chia_root(const config::environment_lookup& environment) {
    if (auto root = environment("CHIA_ROOT"); root && !root->empty()) return root;
    const auto home = home_directory(environment);
    if (!home) return std::nullopt;
    return (fs::path(*home) / ".chia" / "mainnet").string();
}

std::optional<fs::path> find_nvidia_smi(const config::environment_lookup& environment) {
    if (auto on_path = find_on_path(
            host_os() == target_os::windows_os ? "nvidia-smi.exe" : "nvidia-smi", environment)) {
        return on_path;
    }
    const fs::path fallback = host_os() == target_os::windows_os
                                  ? fs::path("C:\\Windows\\System32\\nvidia-smi.exe")
                                  : fs::path("/usr/bin/nvidia-smi");
    if (is_file(fallback)) return fallback;
    return std::nullopt;
}

std::optional<fs::path> own_executable() {
#ifdef _WIN32
    wchar_t buffer[MAX_PATH];
    const DWORD size = ::GetModuleFileNameW(nullptr, buffer, MAX_PATH);
    if (size == 0 || size == MAX_PATH) return std::nullopt;
    return fs::path(std::wstring(buffer, size));
#else
    std::error_code ec;
    auto path = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return std::nullopt;
    return path;
#endif
}

std::int64_t count_plots(const std::vector<std::string>& dirs) {
    std::int64_t count = 0;
    for (const auto& dir : dirs) {
        std::error_code ec;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            if (it->path().extension() == ".plot") ++count;
        }
    }
    return count;
}

std::string host_name(const config::environment_lookup& environment) {
#ifdef _WIN32
    if (auto name = environment("COMPUTERNAME")) return *name;
#else
    (void)environment;
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) == 0 && name[0] != '\0') return name;
#endif
    return "rig";
}

}  // namespace lfdm::confgen
