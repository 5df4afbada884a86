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

bool space_may_block(std::string_view fstype) {
    static constexpr std::string_view network[] = {
        "nfs",  "nfs4",      "cifs",   "smb3", "smbfs",  "ncpfs", "9p",   "afs",
        "ceph", "glusterfs", "lustre", "gpfs", "beegfs", "davfs", "coda", "virtiofs"};
    if (fstype.starts_with("fuse")) return true;  // fuse, fuseblk, fuse.mergerfs...
    for (const auto type : network) {
        if (fstype == type) return true;
    }
    return false;
}

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
