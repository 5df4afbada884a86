#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// What the platform reports about the machine at one moment, in the same
/// shape on every platform. The system collector turns two successive
/// samples into metrics (percentages and rates need both).
namespace lfdm::system {

/// Time a CPU spent in each state since boot, in clock ticks.
struct cpu_times {
    std::string name;  ///< "cpu-total", "cpu0", "cpu1", ...
    std::uint64_t user = 0;
    std::uint64_t nice = 0;
    std::uint64_t system = 0;
    std::uint64_t idle = 0;
    std::uint64_t iowait = 0;
    std::uint64_t irq = 0;
    std::uint64_t softirq = 0;
    std::uint64_t steal = 0;

    /// All ticks counted, whatever the state.
    std::uint64_t total() const {
        return user + nice + system + idle + iowait + irq + softirq + steal;
    }
};

/// Memory and swap, in bytes.
struct memory_usage {
    std::uint64_t total = 0;
    std::uint64_t free = 0;
    std::uint64_t available = 0;  ///< what programs can still get without swapping
    std::uint64_t buffers = 0;
    std::uint64_t cached = 0;
    std::uint64_t swap_total = 0;
    std::uint64_t swap_free = 0;
};

/// One mounted filesystem and its space, in bytes.
struct filesystem_usage {
    std::string mount_point;
    std::string device;  ///< "sda1", "mapper/vg-plots", "server:/export"
    std::string fstype;
    std::uint64_t total = 0;
    std::uint64_t free = 0;       ///< free for anyone, root included
    std::uint64_t available = 0;  ///< free for ordinary users
    std::uint64_t inodes_total = 0;
    std::uint64_t inodes_free = 0;
};

/// I/O of one block device since boot.
struct disk_counters {
    std::string device;
    std::uint64_t reads = 0;
    std::uint64_t read_bytes = 0;
    std::uint64_t read_time_ms = 0;
    std::uint64_t writes = 0;
    std::uint64_t write_bytes = 0;
    std::uint64_t write_time_ms = 0;
    std::uint64_t io_in_progress = 0;
    std::uint64_t io_time_ms = 0;  ///< time the device was busy
};

/// Traffic of one network interface since it came up.
struct interface_counters {
    std::string name;
    std::uint64_t bytes_recv = 0;
    std::uint64_t packets_recv = 0;
    std::uint64_t err_in = 0;
    std::uint64_t drop_in = 0;
    std::uint64_t bytes_sent = 0;
    std::uint64_t packets_sent = 0;
    std::uint64_t err_out = 0;
    std::uint64_t drop_out = 0;
};

/// Load averages (Linux only: Windows has none).
struct load_average {
    double load1 = 0;
    double load5 = 0;
    double load15 = 0;
};

/// Process counts and kernel activity counters; each platform has some.
struct kernel_counters {
    std::optional<std::uint64_t> processes;
    std::optional<std::uint64_t> processes_running;
    std::optional<std::uint64_t> processes_blocked;
    std::optional<std::uint64_t> processes_created;  ///< since boot
    std::optional<std::uint64_t> context_switches;   ///< since boot
};

/// Everything one sample holds. A part the platform could not read is
/// missing (empty or unset) and its reason is in `errors`.
struct system_sample {
    std::chrono::steady_clock::time_point taken;
    /// The machine's total first ("cpu-total"), then each core.
    std::vector<cpu_times> cpus;
    std::optional<memory_usage> memory;
    std::vector<filesystem_usage> filesystems;
    std::vector<disk_counters> disks;
    std::vector<interface_counters> interfaces;
    std::optional<load_average> load;
    std::optional<double> uptime_seconds;
    kernel_counters kernel;
    std::vector<std::string> errors;
};

}  // namespace lfdm::system
