#include "collectors/plot_check/chia_locator.hpp"

#include <charconv>
#include <system_error>

#include "core/utf8_path.hpp"

namespace lfdm::plot_check {
namespace fs = std::filesystem;
namespace {

/// "2.4.4" as numbers {2, 4, 4}; a part that is not a number ends it
/// ("2.5.0rc1" is {2, 5, 0}, older than 2.5.0's release would be: rare).
std::vector<long> version_parts(std::string_view text) {
    std::vector<long> parts;
    while (!text.empty()) {
        long value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc()) break;
        parts.push_back(value);
        text.remove_prefix(static_cast<std::size_t>(end - text.data()));
        if (!text.starts_with('.')) break;
        text.remove_prefix(1);
    }
    return parts;
}

std::vector<fs::path> path_entries(std::string_view path, char separator, std::string_view exe) {
    std::vector<fs::path> found;
    while (!path.empty()) {
        const std::size_t end = path.find(separator);
        const std::string_view dir = path.substr(0, end);
        if (!dir.empty()) found.push_back(path_from_utf8(dir) / path_from_utf8(exe));
        if (end == std::string_view::npos) break;
        path.remove_prefix(end + 1);
    }
    return found;
}

}  // namespace

std::optional<std::string> newest_app_folder(const std::vector<std::string>& names) {
    std::optional<std::string> best;
    std::vector<long> best_parts;
    for (const auto& name : names) {
        if (!name.starts_with("app-")) continue;
        auto parts = version_parts(std::string_view(name).substr(4));
        if (parts.empty()) continue;
        if (!best || parts > best_parts) {
            best = name;
            best_parts = std::move(parts);
        }
    }
    return best;
}

std::vector<fs::path> chia_candidates(
    bool windows, const config::environment_lookup& environment,
    const std::function<std::vector<std::string>(const fs::path&)>& list_dir) {
    std::vector<fs::path> found;
    const auto path = environment("PATH").value_or("");
    if (windows) {
        const fs::path daemon = fs::path("resources") / "app.asar.unpacked" / "daemon" / "chia.exe";
        if (const auto local = environment("LOCALAPPDATA")) {
            const fs::path root = path_from_utf8(*local) / "chia-blockchain";
            if (const auto newest = newest_app_folder(list_dir(root))) {
                found.push_back(root / *newest / daemon);
            }
        }
        if (const auto programs = environment("ProgramFiles")) {
            found.push_back(path_from_utf8(*programs) / "Chia" / daemon);
        }
        for (auto& p : path_entries(path, ';', "chia.exe"))
            found.push_back(std::move(p));
        return found;
    }
    for (auto& p : path_entries(path, ':', "chia"))
        found.push_back(std::move(p));
    if (const auto home = environment("HOME")) {
        found.push_back(path_from_utf8(*home) / "chia-blockchain" / "venv" / "bin" / "chia");
        found.push_back(path_from_utf8(*home) / "chia-blockchain" / ".venv" / "bin" / "chia");
    }
    found.push_back("/opt/chia/resources/app.asar.unpacked/daemon/chia");
    found.push_back("/usr/lib/chia-blockchain/resources/app.asar.unpacked/daemon/chia");
    return found;
}

std::optional<fs::path> find_chia(const std::string& configured, std::string& problem) {
    std::error_code ec;
    if (!configured.empty()) {
        if (fs::is_regular_file(path_from_utf8(configured), ec)) return path_from_utf8(configured);
        problem = "cannot find chia at " + configured + " (chia_path in [plot_check])";
        return std::nullopt;
    }
#if defined(_WIN32)
    constexpr bool windows = true;
#else
    constexpr bool windows = false;
#endif
    const auto list_dir = [](const fs::path& dir) {
        std::vector<std::string> names;
        std::error_code list_error;
        for (fs::directory_iterator it(dir, list_error), end; !list_error && it != end;
             it.increment(list_error)) {
            names.push_back(utf8_of(it->path().filename()));
        }
        return names;
    };
    for (const auto& candidate : chia_candidates(windows, config::process_environment, list_dir)) {
        if (fs::is_regular_file(candidate, ec)) return candidate;
    }
    problem =
        "cannot find chia: not on PATH nor in the usual install places; set chia_path in "
        "[plot_check]";
    return std::nullopt;
}

}  // namespace lfdm::plot_check
