#include "collectors/system/proc_parsers.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

namespace lfdm::system::proc {
namespace {

/// Splits text into lines and lines into whitespace-separated words,
/// without allocating.
class words {
  public:
    explicit words(std::string_view line) : rest_(line) {}

    /// The next word, or an empty view at the end.
    std::string_view next() {
        // Plain loops: find_first_of with a set searches the set per byte.
        std::size_t begin = 0;
        while (begin < rest_.size() && blank(rest_[begin]))
            ++begin;
        std::size_t end = begin;
        while (end < rest_.size() && !blank(rest_[end]))
            ++end;
        const std::string_view word = rest_.substr(begin, end - begin);
        rest_.remove_prefix(end);
        return word;
    }

    /// The next word as an unsigned number, or nothing.
    std::optional<std::uint64_t> number() { return to_number(next()); }

    static std::optional<std::uint64_t> to_number(std::string_view word) {
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
        if (ec != std::errc{} || end != word.data() + word.size() || word.empty()) {
            return std::nullopt;
        }
        return value;
    }

  private:
    static bool blank(char c) { return c == ' ' || c == '\t'; }

    std::string_view rest_;
};

template <class Visit>
void for_each_line(std::string_view text, Visit visit) {
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        visit(text.substr(0, end));
        text.remove_prefix(std::min(end + 1, text.size()));
    }
}

std::optional<double> to_double(std::string_view word) {
    double value = 0;
    const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
    if (ec != std::errc{} || word.empty()) return std::nullopt;
    return value;
}

std::optional<cpu_times> parse_cpu_line(std::string_view name, words& rest) {
    std::array<std::uint64_t, 8> ticks{};
    std::size_t read = 0;
    for (; read < ticks.size(); ++read) {
        auto value = rest.number();
        if (!value) break;
        ticks[read] = *value;
    }
    if (read < 4) return std::nullopt;  // user, nice, system, idle exist since Linux 1.0
    cpu_times cpu;
    cpu.name = name == "cpu" ? "cpu-total" : std::string(name);
    cpu.user = ticks[0];
    cpu.nice = ticks[1];
    cpu.system = ticks[2];
    cpu.idle = ticks[3];
    cpu.iowait = ticks[4];
    cpu.irq = ticks[5];
    cpu.softirq = ticks[6];
    cpu.steal = ticks[7];
    return cpu;
}

/// Decodes mountinfo's octal escapes ("\040" for a space).
std::string unescape_octal(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 3 < text.size()) {
            const std::string_view digits = text.substr(i + 1, 3);
            unsigned value = 0;
            const auto [end, ec] = std::from_chars(digits.data(), digits.data() + 3, value, 8);
            if (ec == std::errc{} && end == digits.data() + 3 && value < 256) {
                out.push_back(static_cast<char>(value));
                i += 3;
                continue;
            }
        }
        out.push_back(text[i]);
    }
    return out;
}

bool parse_device_numbers(std::string_view text, unsigned& major, unsigned& minor) {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) return false;
    const auto a = words::to_number(text.substr(0, colon));
    const auto b = words::to_number(text.substr(colon + 1));
    if (!a || !b) return false;
    major = static_cast<unsigned>(*a);
    minor = static_cast<unsigned>(*b);
    return true;
}

}  // namespace

stat_file parse_stat(std::string_view text) {
    stat_file result;
    for_each_line(text, [&](std::string_view line) {
        words w(line);
        const std::string_view key = w.next();
        if (key.starts_with("cpu")) {
            if (auto cpu = parse_cpu_line(key, w)) result.cpus.push_back(std::move(*cpu));
        } else if (key == "ctxt") {
            result.kernel.context_switches = w.number();
        } else if (key == "processes") {
            result.kernel.processes_created = w.number();
        } else if (key == "procs_blocked") {
            result.kernel.processes_blocked = w.number();
        }
    });
    if (!result.cpus.empty() && result.cpus.front().name != "cpu-total") result.cpus.clear();
    return result;
}

std::optional<memory_usage> parse_meminfo(std::string_view text) {
    memory_usage memory;
    bool has_total = false;
    bool has_available = false;
    for_each_line(text, [&](std::string_view line) {
        words w(line);
        const std::string_view key = w.next();
        const auto kib = w.number();
        if (!kib) return;
        const std::uint64_t bytes = *kib * 1024;
        if (key == "MemTotal:") {
            memory.total = bytes;
            has_total = true;
        } else if (key == "MemFree:") {
            memory.free = bytes;
        } else if (key == "MemAvailable:") {
            memory.available = bytes;
            has_available = true;
        } else if (key == "Buffers:") {
            memory.buffers = bytes;
        } else if (key == "Cached:") {
            memory.cached = bytes;
        } else if (key == "SwapTotal:") {
            memory.swap_total = bytes;
        } else if (key == "SwapFree:") {
            memory.swap_free = bytes;
        }
    });
    if (!has_total) return std::nullopt;
    if (!has_available) {
        memory.available = std::min(memory.total, memory.free + memory.buffers + memory.cached);
    }
    return memory;
}

std::vector<mount_entry> parse_mountinfo(std::string_view text) {
    std::vector<mount_entry> mounts;
    for_each_line(text, [&](std::string_view line) {
        // 36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue
        words w(line);
        mount_entry entry;
        w.next();  // mount id
        w.next();  // parent id
        if (!parse_device_numbers(w.next(), entry.major, entry.minor)) return;
        w.next();  // root within the filesystem
        const std::string_view mount_point = w.next();
        if (mount_point.empty()) return;
        std::string_view word;
        do {
            word = w.next();  // options and optional fields, up to the separator
        } while (!word.empty() && word != "-");
        if (word.empty()) return;
        entry.mount_point = unescape_octal(mount_point);
        entry.fstype = unescape_octal(w.next());
        entry.source = unescape_octal(w.next());
        if (entry.fstype.empty()) return;
        mounts.push_back(std::move(entry));
    });
    return mounts;
}

std::vector<disk_counters> parse_diskstats(std::string_view text) {
    constexpr std::uint64_t sector_bytes = 512;
    std::vector<disk_counters> disks;
    for_each_line(text, [&](std::string_view line) {
        words w(line);
        w.next();  // major
        w.next();  // minor
        disk_counters d;
        d.device = std::string(w.next());
        std::array<std::uint64_t, 11> values{};
        for (auto& value : values) {
            auto number = w.number();
            if (!number) return;
            value = *number;
        }
        d.reads = values[0];
        d.read_bytes = values[2] * sector_bytes;
        d.read_time_ms = values[3];
        d.writes = values[4];
        d.write_bytes = values[6] * sector_bytes;
        d.write_time_ms = values[7];
        d.io_in_progress = values[8];
        d.io_time_ms = values[9];
        if (!d.device.empty()) disks.push_back(std::move(d));
    });
    return disks;
}

std::vector<interface_counters> parse_net_dev(std::string_view text) {
    std::vector<interface_counters> interfaces;
    for_each_line(text, [&](std::string_view line) {
        // "  eth0: 1234 56 0 0 0 0 0 0 7890 12 0 0 0 0 0 0"; the name may
        // touch the first number ("eth0:1234") on old kernels.
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) return;
        std::string_view name = line.substr(0, colon);
        name.remove_prefix(std::min(name.find_first_not_of(' '), name.size()));
        words w(line.substr(colon + 1));
        std::array<std::uint64_t, 16> values{};
        for (auto& value : values) {
            auto number = w.number();
            if (!number) return;
            value = *number;
        }
        interface_counters i;
        i.name = std::string(name);
        i.bytes_recv = values[0];
        i.packets_recv = values[1];
        i.err_in = values[2];
        i.drop_in = values[3];
        i.bytes_sent = values[8];
        i.packets_sent = values[9];
        i.err_out = values[10];
        i.drop_out = values[11];
        if (!i.name.empty()) interfaces.push_back(std::move(i));
    });
    return interfaces;
}

std::optional<loadavg_file> parse_loadavg(std::string_view text) {
    // "0.20 0.18 0.12 1/80 11206"
    words w(text);
    loadavg_file file;
    const auto l1 = to_double(w.next());
    const auto l5 = to_double(w.next());
    const auto l15 = to_double(w.next());
    if (!l1 || !l5 || !l15) return std::nullopt;
    file.load = {*l1, *l5, *l15};
    const std::string_view processes = w.next();
    const std::size_t slash = processes.find('/');
    if (slash != std::string_view::npos) {
        file.processes_running = words::to_number(processes.substr(0, slash));
        file.processes = words::to_number(processes.substr(slash + 1));
    }
    return file;
}

std::optional<double> parse_uptime(std::string_view text) {
    words w(text);
    return to_double(w.next());
}

}  // namespace lfdm::system::proc
