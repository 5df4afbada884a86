#include "collectors/system/system_source.hpp"
#include "core/glob.hpp"

namespace lfdm::system {
namespace {

#if defined(_WIN32)
constexpr bool paths_ignore_case = true;  // "d:\" is "D:\"
#else
constexpr bool paths_ignore_case = false;
#endif

}  // namespace

bool selection::filesystem(const std::string& mount_point, const std::string& fstype) const {
    if (glob_match_any(config_.ignore_fs, fstype, true)) return false;
    return glob_select(config_.mount_points, config_.ignore_mount_points, mount_point,
                       paths_ignore_case);
}

bool selection::device(const std::string& name) const {
    return glob_select(config_.devices, config_.ignore_devices, name);
}

bool selection::network_interface(const std::string& name) const {
    return glob_select(config_.interfaces, config_.ignore_interfaces, name);
}

}  // namespace lfdm::system
