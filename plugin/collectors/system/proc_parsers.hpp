#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/system/system_sample.hpp"

/// Pure readers of Linux's /proc text files: text in, values out. Lines they
/// do not recognise are skipped, so a newer kernel's extra columns or lines
/// do not break them.
namespace lfdm::system::proc {

/// CPU lines and kernel counters of /proc/stat.
struct stat_file {
    std::vector<cpu_times> cpus;  ///< "cpu-total" first, then "cpu0", ...
    kernel_counters kernel;
};

/// Reads /proc/stat.
stat_file parse_stat(std::string_view text);

/// Reads /proc/meminfo; nothing when MemTotal is missing. Kernels before
/// 3.14 have no MemAvailable: it is estimated as free + buffers + cached.
std::optional<memory_usage> parse_meminfo(std::string_view text);

/// One line of /proc/self/mountinfo.
struct mount_entry {
    unsigned major = 0;
    unsigned minor = 0;
    std::string mount_point;  ///< octal escapes such as "\040" decoded
    std::string fstype;
    std::string source;  ///< "/dev/sda1", "server:/export", "tmpfs"
};

/// Reads /proc/self/mountinfo.
std::vector<mount_entry> parse_mountinfo(std::string_view text);

/// Reads /proc/diskstats; sectors are 512 bytes whatever the device.
std::vector<disk_counters> parse_diskstats(std::string_view text);

/// Reads /proc/net/dev.
std::vector<interface_counters> parse_net_dev(std::string_view text);

/// What /proc/loadavg holds.
struct loadavg_file {
    load_average load;
    std::optional<std::uint64_t> processes_running;
    std::optional<std::uint64_t> processes;
};

/// Reads /proc/loadavg.
std::optional<loadavg_file> parse_loadavg(std::string_view text);

/// Reads /proc/uptime: seconds since boot.
std::optional<double> parse_uptime(std::string_view text);

}  // namespace lfdm::system::proc
