// The system source of Windows: Win32 calls giving the same sample as
// Linux's /proc, so that the metrics and dashboards are the same on both.
// The order of the Windows headers matters.
// clang-format off
#include <winsock2.h>
#include <windows.h>
#include <ws2ipdef.h>
#include <iphlpapi.h>
#include <netioapi.h>
#include <psapi.h>
#include <winioctl.h>
#include <winternl.h>
// clang-format on

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "collectors/system/system_source.hpp"
#include "core/blocking_calls.hpp"
#include "core/utf8_path.hpp"

namespace lfdm::system {
namespace {

std::string utf8(std::wstring_view wide) {
    if (wide.empty()) return {};
    const int size = WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()),
                                         nullptr, 0, nullptr, nullptr);
    std::string out(static_cast<std::size_t>(size), '\0');
    WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()), out.data(), size,
                        nullptr, nullptr);
    return out;
}

std::string error_text(DWORD code) {
    wchar_t* text = nullptr;
    const DWORD length = FormatMessageW(
        FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
        nullptr, code, 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
    std::wstring message(text ? text : L"", length);
    LocalFree(text);
    while (!message.empty() && (message.back() == L'\r' || message.back() == L'\n' ||
                                message.back() == L'.' || message.back() == L' ')) {
        message.pop_back();
    }
    return message.empty() ? "error " + std::to_string(code) : utf8(message);
}

std::uint64_t ticks(LARGE_INTEGER value) {
    return static_cast<std::uint64_t>(value.QuadPart);
}

std::uint64_t minus(std::uint64_t a, std::uint64_t b) {
    return a > b ? a - b : 0;
}

// SystemProcessorPerformanceInformation, per core, in 100 ns units. Kernel
// time includes idle, interrupt and DPC time.
struct processor_times {
    LARGE_INTEGER idle;
    LARGE_INTEGER kernel;
    LARGE_INTEGER user;
    LARGE_INTEGER dpc;
    LARGE_INTEGER interrupt;
    ULONG interrupts;
};

void read_cpus(system_sample& s) {
    SYSTEM_INFO info{};
    GetSystemInfo(&info);
    std::vector<processor_times> cores(info.dwNumberOfProcessors);
    ULONG size = 0;
    const auto status =
        NtQuerySystemInformation(static_cast<SYSTEM_INFORMATION_CLASS>(8), cores.data(),
                                 static_cast<ULONG>(cores.size() * sizeof(processor_times)), &size);
    if (status != 0) {
        s.errors.push_back("cannot read the processor times: status " + std::to_string(status));
        return;
    }
    cores.resize(size / sizeof(processor_times));

    cpu_times total;
    total.name = "cpu-total";
    std::vector<cpu_times> each;
    for (std::size_t i = 0; i < cores.size(); ++i) {
        const auto& c = cores[i];
        cpu_times cpu;
        cpu.name = "cpu" + std::to_string(i);
        cpu.user = ticks(c.user);
        cpu.idle = ticks(c.idle);
        cpu.irq = ticks(c.interrupt);
        cpu.softirq = ticks(c.dpc);
        cpu.system = minus(minus(minus(ticks(c.kernel), cpu.idle), cpu.irq), cpu.softirq);
        total.user += cpu.user;
        total.idle += cpu.idle;
        total.irq += cpu.irq;
        total.softirq += cpu.softirq;
        total.system += cpu.system;
        each.push_back(std::move(cpu));
    }
    s.cpus.push_back(std::move(total));
    for (auto& cpu : each)
        s.cpus.push_back(std::move(cpu));
}

void read_memory(system_sample& s) {
    MEMORYSTATUSEX status{};
    status.dwLength = sizeof status;
    if (!GlobalMemoryStatusEx(&status)) {
        s.errors.push_back("cannot read the memory status: " + error_text(GetLastError()));
        return;
    }
    memory_usage memory;
    memory.total = status.ullTotalPhys;
    memory.available = status.ullAvailPhys;
    memory.free = status.ullAvailPhys;
    // The commit limit is memory plus the page files: the rest is "swap".
    memory.swap_total = minus(status.ullTotalPageFile, status.ullTotalPhys);
    memory.swap_free =
        std::min(memory.swap_total, minus(status.ullAvailPageFile, status.ullAvailPhys));

    PERFORMANCE_INFORMATION performance{};
    if (GetPerformanceInfo(&performance, sizeof performance)) {
        memory.cached = static_cast<std::uint64_t>(performance.SystemCache) * performance.PageSize;
        s.kernel.processes = performance.ProcessCount;
    }
    s.memory = memory;
}

/// What Windows tells of one drive: its space and its filesystem's name.
struct drive_reading {
    BOOL ok = FALSE;
    DWORD code = 0;  ///< why not, when not ok
    filesystem_space space;
    std::string fstype;
};

std::string volume_type(const std::wstring& root) {
    wchar_t name[MAX_PATH + 1] = {};
    if (!GetVolumeInformationW(root.c_str(), nullptr, 0, nullptr, nullptr, nullptr, name,
                               MAX_PATH + 1)) {
        return "unknown";
    }
    return utf8(name);
}

/// Both calls can block for as long as a network drive's server is gone:
/// they run through `blocking_calls`.
drive_reading read_drive(const std::string& mount_point) {
    const std::wstring root = path_from_utf8(mount_point).wstring();
    drive_reading r;
    ULARGE_INTEGER available{}, total{}, free{};
    r.ok = GetDiskFreeSpaceExW(root.c_str(), &available, &total, &free);
    if (!r.ok) {
        r.code = GetLastError();
        return r;
    }
    r.space = {total.QuadPart, free.QuadPart, available.QuadPart, 0, 0};
    r.fstype = volume_type(root);
    return r;
}

void read_drives(system_sample& s, const selection& select, blocking_calls& calls) {
    std::vector<std::string> mount_points;  // "D:\"
    wchar_t roots[512] = {};
    const DWORD length = GetLogicalDriveStringsW(511, roots);
    for (const wchar_t* root = roots; root < roots + length && *root; root += wcslen(root) + 1) {
        const UINT type = GetDriveTypeW(root);
        if (type == DRIVE_NO_ROOT_DIR || type == DRIVE_UNKNOWN) continue;
        const std::string mount_point = utf8(root);
        if (select.filesystem(mount_point, "*")) mount_points.push_back(mount_point);
    }

    const auto answers = calls.run_each<drive_reading>(mount_points, read_drive);
    for (std::size_t i = 0; i < mount_points.size(); ++i) {
        const std::string& mount_point = mount_points[i];
        if (!answers[i].value) {
            s.errors.push_back("cannot read the space of " + mount_point + ": " +
                               answers[i].no_answer);
            continue;
        }
        const drive_reading& r = *answers[i].value;
        if (!r.ok) {
            // An empty card reader or DVD drive is not a problem.
            if (r.code != ERROR_NOT_READY) {
                s.errors.push_back("cannot read the space of " + mount_point + ": " +
                                   error_text(r.code));
            }
            continue;
        }
        if (!select.filesystem(mount_point, r.fstype) || r.space.total == 0) continue;
        s.filesystems.push_back({mount_point, mount_point.substr(0, 2), r.fstype, r.space.total,
                                 r.space.free, r.space.available, 0, 0});
    }
}

void read_disks(system_sample& s, const selection& select) {
    for (int number = 0; number < 64; ++number) {
        const std::wstring device = L"\\\\.\\PhysicalDrive" + std::to_wstring(number);
        HANDLE handle = CreateFileW(device.c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                                    OPEN_EXISTING, 0, nullptr);
        if (handle == INVALID_HANDLE_VALUE) {
            if (GetLastError() == ERROR_FILE_NOT_FOUND) break;
            continue;
        }
        DISK_PERFORMANCE performance{};
        DWORD returned = 0;
        const BOOL ok = DeviceIoControl(handle, IOCTL_DISK_PERFORMANCE, nullptr, 0, &performance,
                                        sizeof performance, &returned, nullptr);
        CloseHandle(handle);
        const std::string name = "PhysicalDrive" + std::to_string(number);
        // Without the disk performance counters (disabled, or under Wine)
        // there is nothing to report for this disk.
        if (!ok || !select.device(name)) continue;

        disk_counters d;
        d.device = name;
        d.reads = performance.ReadCount;
        d.writes = performance.WriteCount;
        d.read_bytes = static_cast<std::uint64_t>(performance.BytesRead.QuadPart);
        d.write_bytes = static_cast<std::uint64_t>(performance.BytesWritten.QuadPart);
        d.read_time_ms = static_cast<std::uint64_t>(performance.ReadTime.QuadPart) / 10'000;
        d.write_time_ms = static_cast<std::uint64_t>(performance.WriteTime.QuadPart) / 10'000;
        d.io_in_progress = performance.QueueDepth;
        // Busy time is the time since the counters started less idle time.
        const auto since =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::nanoseconds(
                (performance.QueryTime.QuadPart - performance.IdleTime.QuadPart) * 100));
        d.io_time_ms = static_cast<std::uint64_t>(std::max<std::int64_t>(0, since.count()));
        s.disks.push_back(std::move(d));
    }
}

void read_interfaces(system_sample& s, const selection& select) {
    MIB_IF_TABLE2* table = nullptr;
    if (const DWORD code = GetIfTable2(&table); code != NO_ERROR) {
        s.errors.push_back("cannot read the network interfaces: " + error_text(code));
        return;
    }
    for (ULONG i = 0; i < table->NumEntries; ++i) {
        const MIB_IF_ROW2& row = table->Table[i];
        if (row.Type == IF_TYPE_SOFTWARE_LOOPBACK) continue;
        // Filter drivers and miniports repeat a real adapter's traffic.
        if (!row.InterfaceAndOperStatusFlags.HardwareInterface) continue;
        interface_counters c;
        c.name = utf8(row.Alias);
        if (!select.network_interface(c.name)) continue;
        c.bytes_recv = row.InOctets;
        c.bytes_sent = row.OutOctets;
        c.packets_recv = row.InUcastPkts + row.InNUcastPkts;
        c.packets_sent = row.OutUcastPkts + row.OutNUcastPkts;
        c.err_in = row.InErrors;
        c.err_out = row.OutErrors;
        c.drop_in = row.InDiscards;
        c.drop_out = row.OutDiscards;
        s.interfaces.push_back(std::move(c));
    }
    FreeMibTable(table);
}

class windows_source final : public system_source {
  public:
    explicit windows_source(const system_config& config)
        : select_(config), drive_calls_(config.mount_timeout) {}

    system_sample sample(sample_scope scope) override {
        system_sample s;
        s.taken = std::chrono::steady_clock::now();
        read_cpus(s);
        read_disks(s, select_);
        read_interfaces(s, select_);
        if (scope == sample_scope::counters) return s;

        read_memory(s);
        s.uptime_seconds = static_cast<double>(GetTickCount64()) / 1000.0;
        read_drives(s, select_, drive_calls_);
        return s;
    }

  private:
    selection select_;
    blocking_calls drive_calls_;
};

}  // namespace

std::unique_ptr<system_source> make_platform_source(const system_config& config) {
    return std::make_unique<windows_source>(config);
}

}  // namespace lfdm::system
