// Benchmark of the plot directory inventory on a large farm.
//
// Builds a farm of empty plot files (100 directories of 200 plots: 20,000
// plots, by default) in a scratch directory and prints, from one run:
// - the CPU time of one inventory gather (every directory listed through
//   the helper thread that guards against a dead share, compared with the
//   listing before, written as line protocol) against the least work it
//   needs: reading the same directories' names and asking each for its
//   space, on one thread; and the ratio of the two;
// - the first gather, which also reads every plot's size (once, then every
//   hour), in wall time.
//
//   lfdm-bench-plot-dirs [--iterations N] [--dirs D] [--plots P]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/statvfs.h>
#include <unistd.h>
#include <vector>

#include "collectors/plot_check/plot_inventory.hpp"
#include "core/line_protocol.hpp"
#include "support/bench_measures.hpp"

namespace {

using namespace lfdm;
using test::cpu_per_call;
namespace fs = std::filesystem;

/// `dirs` directories of `plots` empty plot files each, removed at the end.
struct farm {
    fs::path root = fs::temp_directory_path() / ("lfdm-bench-farm-" + std::to_string(::getpid()));
    std::vector<std::string> dirs;

    farm(int dir_count, int plots) {
        char name[128];
        for (int d = 0; d < dir_count; ++d) {
            const fs::path dir = root / ("disk" + std::to_string(d));
            fs::create_directories(dir);
            for (int p = 0; p < plots; ++p) {
                std::snprintf(name, sizeof name, "plot-k32-2023-06-01-01-00-%064x.plot",
                              d * plots + p);
                std::ofstream(dir / name).flush();
            }
            std::ofstream(dir / ".plot-in-transfer.tmp").flush();
            dirs.push_back(dir.string());
        }
    }
    ~farm() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
};

/// The least a gather can do: read each directory's names, count the plots,
/// ask its filesystem for its space.
std::size_t minimal_listing(const std::vector<std::string>& dirs) {
    std::size_t plots = 0;
    for (const auto& dir : dirs) {
        DIR* d = ::opendir(dir.c_str());
        if (!d) continue;
        while (const dirent* entry = ::readdir(d)) {
            if (std::string_view(entry->d_name).ends_with(".plot")) ++plots;
        }
        ::closedir(d);
        struct statvfs st {};
        ::statvfs(dir.c_str(), &st);
        plots += st.f_bfree == 0 ? 1 : 0;
    }
    return plots;
}

void inventory_gather(plot_check::plot_inventory& inventory, std::string& out) {
    metric_batch batch;
    inventory.collect(batch);
    out.clear();
    for (const auto& m : batch.metrics)
        line_protocol::write(out, m, 1'700'000'000'000'000'000);
}

}  // namespace

int main(int argc, char** argv) {
    int iterations = 200;
    int dirs = 100;
    int plots = 200;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        const int value = std::max(1, std::atoi(argv[i + 1]));
        if (option == "--iterations") iterations = value;
        if (option == "--dirs") dirs = value;
        if (option == "--plots") plots = value;
    }

    const farm f(dirs, plots);
    plot_check::plot_inventory inventory(f.dirs);
    std::string out;

    const auto begin = std::chrono::steady_clock::now();
    inventory_gather(inventory, out);
    const double first =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count();
    const std::size_t lines = static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n'));
    if (lines != f.dirs.size() || out.find("reachable=true") == std::string::npos) {
        std::fprintf(stderr, "the inventory did not list the farm:\n%s", out.c_str());
        return 1;
    }

    const double gather = cpu_per_call(iterations, [&] { inventory_gather(inventory, out); });
    const double unguarded = cpu_per_call(iterations, [&] {
        for (const auto& dir : f.dirs)
            inventory.list(dir);
    });
    const double least = cpu_per_call(iterations, [&] { minimal_listing(f.dirs); });
    std::printf("plot directories: %d directories, %d plots\n", dirs, dirs * plots);
    std::printf("  first gather       %8.1f ms wall (reads every plot's size)\n", first);
    std::printf("  CPU per gather     %8.1f us\n", gather * 1e6);
    std::printf("  listed unguarded   %8.1f us (on this thread, no metric written)\n",
                unguarded * 1e6);
    std::printf("  minimal work       %8.1f us (same names read, same statvfs calls)\n",
                least * 1e6);
    std::printf("  ratio              %8.2f\n", gather / least);
    return 0;
}
