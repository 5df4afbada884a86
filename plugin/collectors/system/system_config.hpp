#pragma once

#include <string>
#include <vector>

#include "core/config_schema.hpp"
#include "core/duration.hpp"

namespace lfdm::system {

/// The `[system]` table: what the system collector reports.
struct system_config {
    bool enabled = true;
    /// Report each core besides the machine's total.
    bool per_cpu = true;
    /// Mount points to report (glob patterns); empty: every real filesystem.
    std::vector<std::string> mount_points;
    /// Mount points never reported (glob patterns).
    std::vector<std::string> ignore_mount_points;
    /// Filesystem types never reported: pseudo, in-memory and image ones.
    std::vector<std::string> ignore_fs = {
        "tmpfs",    "devtmpfs",   "devfs",    "iso9660",    "overlay",         "aufs",
        "squashfs", "proc",       "sysfs",    "cgroup",     "cgroup2",         "autofs",
        "devpts",   "mqueue",     "debugfs",  "tracefs",    "securityfs",      "pstore",
        "bpf",      "configfs",   "fusectl",  "hugetlbfs",  "binfmt_misc",     "nsfs",
        "ramfs",    "rpc_pipefs", "efivarfs", "fuse.lxcfs", "fuse.gvfsd-fuse", "fuse.portal"};
    /// How long a filesystem that may block (see `space_may_block`; any
    /// drive on Windows) may take to tell its space before it is reported as
    /// not answering and left out until it answers.
    duration mount_timeout{std::chrono::seconds(2)};
    /// Block devices to report I/O for (glob patterns); empty: all.
    std::vector<std::string> devices;
    /// Block devices never reported.
    std::vector<std::string> ignore_devices = {"loop*", "ram*", "zram*"};
    /// Network interfaces to report (glob patterns); empty: all.
    std::vector<std::string> interfaces;
    /// Network interfaces never reported.
    std::vector<std::string> ignore_interfaces = {"lo", "veth*"};
    /// Where Linux's proc filesystem is mounted (another path when the plugin
    /// runs in a container with the host's /proc mounted elsewhere).
    std::string proc_path = "/proc";
};

/// The description of `[system]`, for loading and for the sample.
config::table_schema<system_config> system_schema();

}  // namespace lfdm::system
