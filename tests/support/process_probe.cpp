#include "support/process_probe.hpp"

#include <thread>

#if defined(_WIN32)
#include <windows.h>
// After windows.h:
#include <psapi.h>
#else
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#endif

namespace lfdm::test {

#if defined(_WIN32)

namespace {

/// Whether `pid` names a process that has not ended. Windows keeps an ended
/// process while a handle to it is open; its exit code says it ended.
bool alive(int pid) {
    HANDLE process = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE,
                                 static_cast<DWORD>(pid));
    if (!process) return false;
    const bool running = WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
    CloseHandle(process);
    return running;
}

}  // namespace

int this_process_id() {
    return static_cast<int>(GetCurrentProcessId());
}

bool process_running(int pid) {
    return alive(pid);
}

bool process_exists(int pid) {
    return alive(pid);
}

bool kill_process(int pid) {
    HANDLE process = OpenProcess(PROCESS_TERMINATE, FALSE, static_cast<DWORD>(pid));
    if (!process) return false;
    const bool killed = TerminateProcess(process, 1) != 0;
    CloseHandle(process);
    return killed;
}

long peak_memory_kib(int pid) {
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
    if (!process) return -1;
    PROCESS_MEMORY_COUNTERS counters{};
    const bool ok = GetProcessMemoryInfo(process, &counters, sizeof counters) != 0;
    CloseHandle(process);
    return ok ? static_cast<long>(counters.PeakWorkingSetSize / 1024) : -1;
}

#else

int this_process_id() {
    return static_cast<int>(::getpid());
}

bool process_running(int pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return false;
    const std::string text((std::istreambuf_iterator<char>(stat)),
                           std::istreambuf_iterator<char>());
    const std::size_t close = text.rfind(')');
    return close == std::string::npos || text.substr(close + 2, 1) != "Z";
}

bool process_exists(int pid) {
    return std::filesystem::exists("/proc/" + std::to_string(pid));
}

bool kill_process(int pid) {
    return ::kill(pid, SIGKILL) == 0;
}

long peak_memory_kib(int pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
    }
    return -1;
}

#endif

bool ends_within(int pid, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (process_running(pid)) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

}  // namespace lfdm::test
