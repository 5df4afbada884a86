#include "core/state_dir.hpp"

#include "core/utf8_path.hpp"

#if !defined(_WIN32)
#include <unistd.h>
#endif

namespace lfdm {

std::filesystem::path state_directory(const std::string& configured,
                                      const config::environment_lookup& environment) {
    namespace fs = std::filesystem;
    if (!configured.empty()) return path_from_utf8(configured);
#if defined(_WIN32)
    const auto data = environment("PROGRAMDATA");
    return path_from_utf8(data.value_or("C:\\ProgramData")) / "lfdm";
#else
    if (::geteuid() == 0) return fs::path("/var/lib/lfdm");
    const auto home = environment("HOME");
    if (!home || home->empty()) return {};
    return path_from_utf8(*home) / ".local" / "state" / "lfdm";
#endif
}

}  // namespace lfdm
