#include "collectors/system/system_metrics.hpp"

#include <algorithm>
#include <optional>

namespace lfdm::system {
namespace {

double percent(double part, double whole) {
    return whole > 0 ? 100.0 * part / whole : 0.0;
}

/// The entry of `previous`'s `list` whose `key` equals `entry`'s.
template <class T>
const T* find_previous(const system_sample* previous, std::vector<T> system_sample::*list,
                       const T& entry, std::string T::*key) {
    if (!previous) return nullptr;
    for (const auto& candidate : previous->*list) {
        if (candidate.*key == entry.*key) return &candidate;
    }
    return nullptr;
}

double seconds_between(const system_sample* previous, const system_sample& current) {
    if (!previous) return 0;
    return std::chrono::duration<double>(current.taken - previous->taken).count();
}

/// Per-second change of a counter, or nothing when it went backwards.
std::optional<double> rate(std::uint64_t before, std::uint64_t now, double seconds) {
    if (seconds <= 0 || now < before) return std::nullopt;
    return static_cast<double>(now - before) / seconds;
}

void add_rate(metric& m, const char* key, std::uint64_t before, std::uint64_t now, double seconds) {
    if (auto r = rate(before, now, seconds)) m.field(key, *r);
}

void append_cpu(const system_sample* previous, const system_sample& current, bool per_cpu,
                metric_batch& out) {
    for (const auto& cpu : current.cpus) {
        if (!per_cpu && cpu.name != "cpu-total") continue;
        const auto* before = find_previous(previous, &system_sample::cpus, cpu, &cpu_times::name);
        if (!before || cpu.total() <= before->total()) continue;
        const auto whole = static_cast<double>(cpu.total() - before->total());
        const auto share = [&](std::uint64_t cpu_times::*state) {
            const auto now = cpu.*state, then = before->*state;
            return now >= then ? percent(static_cast<double>(now - then), whole) : 0.0;
        };
        auto& m = out.add("lfdm_cpu").tag("cpu", cpu.name);
        m.field("usage_user", share(&cpu_times::user))
            .field("usage_nice", share(&cpu_times::nice))
            .field("usage_system", share(&cpu_times::system))
            .field("usage_idle", share(&cpu_times::idle))
            .field("usage_iowait", share(&cpu_times::iowait))
            .field("usage_irq", share(&cpu_times::irq))
            .field("usage_softirq", share(&cpu_times::softirq))
            .field("usage_steal", share(&cpu_times::steal))
            .field("usage_active", 100.0 - share(&cpu_times::idle) - share(&cpu_times::iowait));
    }
}

void append_memory(const memory_usage& memory, metric_batch& out) {
    const std::uint64_t used = memory.total - std::min(memory.total, memory.available);
    out.add("lfdm_mem")
        .field("total_bytes", memory.total)
        .field("available_bytes", memory.available)
        .field("used_bytes", used)
        .field("free_bytes", memory.free)
        .field("buffered_bytes", memory.buffers)
        .field("cached_bytes", memory.cached)
        .field("used_percent",
               percent(static_cast<double>(used), static_cast<double>(memory.total)))
        .field("available_percent",
               percent(static_cast<double>(memory.available), static_cast<double>(memory.total)));

    const std::uint64_t swap_used =
        memory.swap_total - std::min(memory.swap_total, memory.swap_free);
    out.add("lfdm_swap")
        .field("total_bytes", memory.swap_total)
        .field("free_bytes", memory.swap_free)
        .field("used_bytes", swap_used)
        .field("used_percent",
               percent(static_cast<double>(swap_used), static_cast<double>(memory.swap_total)));
}

void append_filesystems(const system_sample& current, metric_batch& out) {
    for (const auto& fs : current.filesystems) {
        // As df: used is what is not free for anyone; the percentage is of
        // what ordinary users can have (root's reserved blocks left out).
        const std::uint64_t used = fs.total - std::min(fs.total, fs.free);
        const double usable = static_cast<double>(used + fs.available);
        const double used_percent = percent(static_cast<double>(used), usable);
        const std::uint64_t inodes_used =
            fs.inodes_total - std::min(fs.inodes_total, fs.inodes_free);
        auto& m = out.add("lfdm_disk");
        m.tag("path", fs.mount_point)
            .tag("device", fs.device)
            .tag("fstype", fs.fstype)
            .field("total_bytes", fs.total)
            .field("free_bytes", fs.available)
            .field("used_bytes", used)
            .field("used_percent", used_percent)
            .field("free_percent", usable > 0 ? 100.0 - used_percent : 0.0);
        if (fs.inodes_total > 0) {  // none on FAT, NTFS, network shares, Windows
            m.field("inodes_total", fs.inodes_total)
                .field("inodes_free", fs.inodes_free)
                .field("inodes_used", inodes_used);
        }
    }
}

void append_disks(const system_sample* previous, const system_sample& current, metric_batch& out) {
    const double seconds = seconds_between(previous, current);
    for (const auto& disk : current.disks) {
        auto& m = out.add("lfdm_diskio").tag("device", disk.device);
        m.field("reads", disk.reads)
            .field("writes", disk.writes)
            .field("read_bytes", disk.read_bytes)
            .field("write_bytes", disk.write_bytes)
            .field("read_time_ms", disk.read_time_ms)
            .field("write_time_ms", disk.write_time_ms)
            .field("io_time_ms", disk.io_time_ms)
            .field("io_in_progress", disk.io_in_progress);
        const auto* before =
            find_previous(previous, &system_sample::disks, disk, &disk_counters::device);
        if (!before) continue;
        add_rate(m, "reads_per_second", before->reads, disk.reads, seconds);
        add_rate(m, "writes_per_second", before->writes, disk.writes, seconds);
        add_rate(m, "read_bytes_per_second", before->read_bytes, disk.read_bytes, seconds);
        add_rate(m, "write_bytes_per_second", before->write_bytes, disk.write_bytes, seconds);
        if (auto busy = rate(before->io_time_ms, disk.io_time_ms, seconds)) {
            m.field("busy_percent", std::min(100.0, *busy / 10.0));  // ms per s, as a percentage
        }
    }
}

void append_interfaces(const system_sample* previous, const system_sample& current,
                       metric_batch& out) {
    const double seconds = seconds_between(previous, current);
    for (const auto& i : current.interfaces) {
        auto& m = out.add("lfdm_net").tag("interface", i.name);
        m.field("bytes_recv", i.bytes_recv)
            .field("bytes_sent", i.bytes_sent)
            .field("packets_recv", i.packets_recv)
            .field("packets_sent", i.packets_sent)
            .field("err_in", i.err_in)
            .field("err_out", i.err_out)
            .field("drop_in", i.drop_in)
            .field("drop_out", i.drop_out);
        const auto* before =
            find_previous(previous, &system_sample::interfaces, i, &interface_counters::name);
        if (!before) continue;
        add_rate(m, "bytes_recv_per_second", before->bytes_recv, i.bytes_recv, seconds);
        add_rate(m, "bytes_sent_per_second", before->bytes_sent, i.bytes_sent, seconds);
        add_rate(m, "packets_recv_per_second", before->packets_recv, i.packets_recv, seconds);
        add_rate(m, "packets_sent_per_second", before->packets_sent, i.packets_sent, seconds);
    }
}

void append_system(const system_sample* previous, const system_sample& current, metric_batch& out) {
    metric m("lfdm_system");
    if (!current.cpus.empty()) {
        m.field("n_cpus", current.cpus.size() - 1);  // the total is not a core
    }
    if (current.load) {
        m.field("load1", current.load->load1)
            .field("load5", current.load->load5)
            .field("load15", current.load->load15);
    }
    if (current.uptime_seconds) {
        m.field("uptime_seconds", static_cast<std::int64_t>(*current.uptime_seconds));
    }
    const auto& kernel = current.kernel;
    if (kernel.processes) m.field("processes", *kernel.processes);
    if (kernel.processes_running) m.field("processes_running", *kernel.processes_running);
    if (kernel.processes_blocked) m.field("processes_blocked", *kernel.processes_blocked);
    if (kernel.processes_created) m.field("processes_created", *kernel.processes_created);
    if (kernel.context_switches) {
        m.field("context_switches", *kernel.context_switches);
        if (previous && previous->kernel.context_switches) {
            add_rate(m, "context_switches_per_second", *previous->kernel.context_switches,
                     *kernel.context_switches, seconds_between(previous, current));
        }
    }
    if (!m.fields.empty()) out.metrics.push_back(std::move(m));
}

}  // namespace

void append_metrics(const system_sample* previous, const system_sample& current, bool per_cpu,
                    metric_batch& out) {
    // Closer readings give rates made of clock-tick and packet noise.
    constexpr std::chrono::milliseconds shortest_interval(100);
    if (previous && current.taken - previous->taken < shortest_interval) previous = nullptr;

    append_cpu(previous, current, per_cpu, out);
    if (current.memory) append_memory(*current.memory, out);
    append_filesystems(current, out);
    append_disks(previous, current, out);
    append_interfaces(previous, current, out);
    append_system(previous, current, out);
    for (const auto& error : current.errors)
        out.error(error);
}

}  // namespace lfdm::system
