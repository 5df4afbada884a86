// Benchmark of the system collector and of the running plugin.
//
// Prints, from one run on this machine:
// - the CPU time of one system gather (collect + line protocol) against the
//   minimal work it needs: reading the same /proc files, the same statvfs
//   calls, and printing the same numbers; and the ratio of the two;
// - what a network or FUSE filesystem adds to a gather: its statvfs made on
//   the helper thread that guards against a dead server, against the same
//   call made directly;
// - the resident memory of the running lfdm-plugin after some gathers;
// - the time from starting `lfdm-plugin --once` to its first metric, against
//   the time to start and end a trivial program (/bin/true).
//
//   lfdm-bench-system [--iterations N] [--plugin PATH]
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <string>
#include <sys/statvfs.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "collectors/system/system_metrics.hpp"
#include "collectors/system/system_source.hpp"
#include "core/blocking_calls.hpp"
#include "core/line_protocol.hpp"
#include "support/bench_measures.hpp"
#include "support/child_process.hpp"

namespace {

using namespace lfdm;
using test::cpu_per_call;
using test::median;
using test::status_kib;
using namespace std::chrono_literals;

/// The collector's way: sample, compare with a reading 10 s older (so that
/// percentages and rates are computed, as in a real gather), write the lines.
class full_gather {
  public:
    explicit full_gather(const system::system_config& config)
        : source_(system::make_platform_source(config)),
          previous_(source_->sample(system::sample_scope::everything)) {
        previous_.taken -= 10s;
        for (auto& cpu : previous_.cpus) {  // as if 10 s of ticks had passed
            cpu.user -= std::min<std::uint64_t>(cpu.user, 300);
            cpu.idle -= std::min<std::uint64_t>(cpu.idle, 700);
        }
    }

    metric_batch run(std::string& out) {
        metric_batch batch;
        const auto current = source_->sample(system::sample_scope::everything);
        system::append_metrics(&previous_, current, true, batch);
        out.clear();
        for (const auto& m : batch.metrics) {
            line_protocol::write(out, m, 1'700'000'000'000'000'000);
        }
        return batch;
    }

  private:
    std::unique_ptr<system::system_source> source_;
    system::system_sample previous_;
};

/// The least a gather can do: read the same files, ask the same mounts for
/// their space, and print as many numbers as the gather writes.
class minimal_gather {
  public:
    minimal_gather(std::vector<std::string> mounts, std::size_t numbers)
        : mounts_(std::move(mounts)), numbers_(numbers) {}

    void run(std::string& out) {
        static const char* files[] = {"/proc/stat",          "/proc/diskstats", "/proc/net/dev",
                                      "/proc/meminfo",       "/proc/loadavg",   "/proc/uptime",
                                      "/proc/self/mountinfo"};
        std::uint64_t sum = 0;
        for (const char* file : files) {
            const int fd = ::open(file, O_RDONLY | O_CLOEXEC);
            for (ssize_t n; (n = ::read(fd, buffer_, sizeof buffer_)) > 0;)
                sum += buffer_[0];
            ::close(fd);
        }
        for (const auto& mount : mounts_) {
            struct statvfs st {};
            ::statvfs(mount.c_str(), &st);
            sum += st.f_bfree;
        }
        out.clear();
        char number[32];
        for (std::size_t i = 0; i < numbers_; ++i) {
            const auto end = std::to_chars(number, number + sizeof number, sum + i).ptr;
            out.append(number, end).push_back(',');
        }
    }

  private:
    std::vector<std::string> mounts_;
    std::size_t numbers_;
    char buffer_[65536];
};

void bench_gather(int iterations) {
    full_gather gather_work{system::system_config{}};
    std::string out;

    // The same mounts and the same count of numbers as the gather.
    const metric_batch batch = gather_work.run(out);
    std::vector<std::string> mounts;
    std::size_t numbers = 0;
    for (const auto& m : batch.metrics) {
        numbers += m.fields.size();
        if (m.measurement == "lfdm_disk") mounts.push_back(*m.find_tag("path"));
    }
    minimal_gather minimal(mounts, numbers);

    const double gather = cpu_per_call(iterations, [&] { gather_work.run(out); });
    const double least = cpu_per_call(iterations, [&] { minimal.run(out); });
    std::printf("system gather: %zu metrics, %zu fields, %zu filesystems\n", batch.metrics.size(),
                numbers, mounts.size());
    std::printf("  CPU per gather     %8.1f us\n", gather * 1e6);
    std::printf("  minimal work       %8.1f us (same files, statvfs calls, numbers)\n",
                least * 1e6);
    std::printf("  ratio              %8.2f   (target: at most 2)\n", gather / least);
}

void bench_guarded_space(int iterations) {
    blocking_calls guard(2s);
    const std::vector<std::string> root{"/"};
    const auto ask = [](const std::string& mount_point) {
        std::string error;
        return system::query_space(mount_point, error).has_value();
    };
    const double guarded = cpu_per_call(iterations, [&] { guard.run_each<bool>(root, ask); });
    const double direct = cpu_per_call(iterations, [&] { ask("/"); });
    std::printf("space of a network or FUSE filesystem (guarded against a dead server):\n");
    std::printf("  through the helper %8.1f us\n", guarded * 1e6);
    std::printf("  direct statvfs     %8.1f us (ratio %.1f)\n", direct * 1e6, guarded / direct);
}

void bench_memory(const std::string& plugin, int gathers) {
    test::child_process p(plugin, {});
    for (int i = 0; i < gathers; ++i) {
        p.write("\n");
        p.wait_for_lines(static_cast<std::size_t>(i + 1), 5s);
        std::this_thread::sleep_for(10ms);
    }
    std::printf("running plugin after %d gathers:\n", gathers);
    std::printf("  resident memory    %8ld KiB (peak %ld KiB; target: under 8192)\n",
                status_kib(p.pid(), "VmRSS:"), status_kib(p.pid(), "VmHWM:"));
    p.close_stdin();
    p.wait_for_exit(5s);
}

void bench_startup(const std::string& plugin, int runs) {
    std::vector<double> first_metric, trivial;
    for (int i = 0; i < runs; ++i) {
        auto begin = std::chrono::steady_clock::now();
        test::child_process p(plugin, {"--once"});
        p.wait_for_lines(1, 5s);
        first_metric.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin)
                .count());
        p.wait_for_exit(5s);

        begin = std::chrono::steady_clock::now();
        test::child_process t("/bin/true", {});
        t.wait_for_exit(5s);
        trivial.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin)
                .count());
    }
    std::printf("start to first metric (median of %d):\n", runs);
    std::printf("  lfdm-plugin --once %8.2f ms (target: under 20)\n", median(first_metric));
    std::printf("  /bin/true          %8.2f ms (start and end of a trivial program)\n",
                median(trivial));
}

}  // namespace

int main(int argc, char** argv) {
    int iterations = 2000;
    std::string plugin = LFDM_PLUGIN_PATH;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--iterations") iterations = std::max(1, std::atoi(argv[i + 1]));
        if (option == "--plugin") plugin = argv[i + 1];
    }
    bench_gather(iterations);
    bench_guarded_space(iterations);
    bench_memory(plugin, std::min(iterations, 50));
    bench_startup(plugin, std::min(iterations, 21));
    return 0;
}
