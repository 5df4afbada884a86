#pragma once

#include <algorithm>
#include <cstring>
#include <fstream>
#include <string>
#include <time.h>
#include <vector>

/// What the benchmark programs measure with: CPU time, medians, and a
/// process's memory from /proc (Linux).
namespace lfdm::test {

/// CPU time this process has used, in seconds.
inline double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

/// The CPU time of one call of `work`, in seconds, over `iterations` calls.
template <class Work>
double cpu_per_call(int iterations, Work work) {
    const double begin = cpu_seconds();
    for (int i = 0; i < iterations; ++i)
        work();
    return (cpu_seconds() - begin) / iterations;
}

/// The middle value of `values` (not empty).
inline double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

/// A "Key:   N kB" line of /proc/PID/status, in KiB; -1 when absent.
inline long status_kib(int pid, const char* key) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with(key)) return std::stol(line.substr(std::strlen(key)));
    }
    return -1;
}

}  // namespace lfdm::test
