#include "collectors/system/system_config.hpp"

namespace lfdm::system {

config::table_schema<system_config> system_schema() {
    using c = system_config;
    config::table_schema<c> schema(
        "System metrics: CPU, memory, swap, filesystems (the plot drives), disk I/O,\n"
        "network, load and uptime.");
    schema.value("enabled", &c::enabled, "Whether to collect system metrics.")
        .value("per_cpu", &c::per_cpu, "Report each core as well as the machine's total.")
        .value("mount_points", &c::mount_points,
               "Filesystems to report, by mount point (glob patterns, `*` matches any\n"
               "text, slashes included), for instance [\"/mnt/plots*\", \"/\"], or\n"
               "['D:\\', 'E:\\'] on Windows. Empty: every real filesystem.")
        .value("ignore_mount_points", &c::ignore_mount_points,
               "Mount points never reported (glob patterns).")
        .value("ignore_fs", &c::ignore_fs,
               "Filesystem types never reported. Filesystems without any block are\n"
               "always left out.")
        .value("mount_timeout", &c::mount_timeout,
               "How long a network or FUSE filesystem (any drive on Windows) may take\n"
               "to tell its space. One that takes longer (a share whose server is gone)\n"
               "is reported in the collector's errors and left out until it answers\n"
               "again; the other filesystems are still read.",
               config::at_least(duration(std::chrono::milliseconds(10))))
        .value("devices", &c::devices,
               "Block devices to report I/O for (glob patterns, such as \"sd*\").\n"
               "Empty: all.")
        .value("ignore_devices", &c::ignore_devices, "Block devices never reported.")
        .value("interfaces", &c::interfaces,
               "Network interfaces to report (glob patterns). Empty: all.")
        .value("ignore_interfaces", &c::ignore_interfaces, "Network interfaces never reported.")
        .value("proc_path", &c::proc_path,
               "Linux: where the proc filesystem is mounted. Set it to the host's /proc\n"
               "when the plugin runs in a container.",
               [](const std::string& path) {
                   return path.empty() ? std::string("must not be empty") : std::string();
               });
    return schema;
}

}  // namespace lfdm::system
