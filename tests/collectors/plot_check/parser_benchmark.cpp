// Parse throughput of the chia output parser, run by hand (not a test):
//   plot-check-benchmark [FIXTURE]
// Prints MB/s on the real 832-plot run and on a generated 100,000-plot run
// of chia 2.x (parallel threads, Filepath keys), each against a baseline
// measured on the same bytes in the same run (splitting lines with memchr),
// and the memory the parser holds: it must grow with plots, not with lines.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <sstream>
#include <string>

#include "collectors/plot_check/output_parser.hpp"

namespace {

using lfdm::plot_check::output_parser;
using clock_type = std::chrono::steady_clock;

constexpr std::size_t chunk = 64 * 1024;  // what the live run reads at once
constexpr int rounds = 5;

/// Bytes allocated and not freed (glibc), 0 elsewhere.
long allocated_bytes() {
#if defined(__GLIBC__)
    return static_cast<long>(mallinfo2().uordblks);
#else
    return 0;
#endif
}

/// Seconds of the fastest of `rounds` runs of `work`.
template <class Work>
double best_seconds(Work work) {
    double best = 1e9;
    for (int i = 0; i < rounds; ++i) {
        const auto begin = clock_type::now();
        work();
        best = std::min(best, std::chrono::duration<double>(clock_type::now() - begin).count());
    }
    return best;
}

std::size_t count_lines(const std::string& text) {
    std::size_t lines = 0;
    const char* at = text.data();
    const char* end = at + text.size();
    while (const void* found = std::memchr(at, '\n', static_cast<std::size_t>(end - at))) {
        ++lines;
        at = static_cast<const char*>(found) + 1;
    }
    return lines;
}

void parse(const std::string& text, output_parser& parser) {
    for (std::size_t at = 0; at < text.size(); at += chunk) {
        parser.feed(std::string_view(text).substr(at, chunk));
    }
    parser.finish();
}

/// A chia 2.x run over `plots` plots, four threads interleaved, 5 challenges.
std::string generate(int plots) {
    std::string out;
    char line[512];
    const auto log = [&](const char* level, const std::string& message) {
        std::snprintf(line, sizeof line,
                      "2024-11-01T10:00:00.000 2.4.4  chia.plotting.check_plots        : %-8s %s\n",
                      level, message.c_str());
        out += line;
    };
    const auto path = [](int i) {
        char text[160];
        std::snprintf(text, sizeof text, "/mnt/disk%02d/plot-k32-c05-2023-06-01-01-00-%064x.plot",
                      i % 100, i);
        return std::string(text);
    };
    log("INFO", "event: started, loaded 0 plots, " + std::to_string(plots) + " remaining");
    log("INFO", "Starting to test each plot with 5 challenges each");
    for (int first = 0; first < plots; first += 4) {
        const int last = std::min(plots, first + 4);
        for (int i = first; i < last; ++i) {
            log("INFO", "Testing plot " + path(i) + " k=32");
            log("INFO",
                "\tPool contract address:  "
                "xch1yl3mnukcd2f69vxuava62msp5y7qvjwuq9rc55dcfj3jw4a92t2sgp4dwh");
            log("INFO",
                "\tFarmer public key:      "
                "b162c4b81fbf8d0aae876db016e28292509d69c2ce01227304d879222cb435092105b1f414f2d263a8"
                "c920ad44851096");
            log("INFO",
                "\tLocal sk:               <PrivateKey "
                "428cf200b0fc02d8672a82df37207479ace8c671a5e70e08b837f3ec748286fe>");
        }
        for (int c = 0; c < 5; ++c) {
            for (int i = first; i < last; ++i) {
                log("INFO", "\tLooking up qualities took: 61 ms. Filepath: " + path(i));
                log("INFO", "\tFinding proof took: 258 ms. Filepath: " + path(i));
            }
        }
        for (int i = first; i < last; ++i) {
            log(i % 97 ? "INFO" : "ERROR",
                (i % 97 ? "\tProofs 5 / 5, 1.0. Filepath: " : "\tProofs 0 / 5, 0.0 Filepath: ") +
                    path(i));
        }
    }
    log("INFO", "Summary");
    return out;
}

void measure(const char* name, const std::string& text) {
    std::size_t lines = 0;
    const double baseline = best_seconds([&] { lines = count_lines(text); });
    std::size_t tested = 0;
    const double parsing = best_seconds([&] {
        output_parser parser;
        parse(text, parser);
        tested = static_cast<std::size_t>(parser.totals().plots_tested);
    });
    const double mb = static_cast<double>(text.size()) / 1e6;
    std::printf(
        "%-22s %8.1f MB %9zu lines %7zu plots: parser %7.0f MB/s, memchr line split "
        "%7.0f MB/s (parser at %.0f%% of it)\n",
        name, mb, lines, tested, mb / parsing, mb / baseline, 100 * baseline / parsing);
}

/// Memory the parser holds after `text`, in bytes.
long held_after(const std::string& text) {
    const long before = allocated_bytes();
    output_parser parser;
    parse(text, parser);
    return allocated_bytes() - before;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string fixture_path =
        argc > 1 ? argv[1]
                 : LFDM_SOURCE_DIR "/tests/collectors/plot_check/golden/real-832-plots/input.log";
    std::ifstream in(fixture_path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", fixture_path.c_str());
        return 1;
    }
    std::ostringstream fixture;
    fixture << in.rdbuf();

    std::printf("best of %d rounds, fed in %zu KiB chunks, one core\n", rounds, chunk / 1024);
    measure("real 832-plot run", fixture.str());
    const std::string big = generate(100'000);
    measure("generated 100k plots", big);

    const std::string small = generate(10'000);
    const long held_small = held_after(small);
    const long held_big = held_after(big);
    std::string one_plot = generate(1);
    const std::size_t cut = one_plot.rfind("2024", one_plot.rfind("Proofs"));
    const std::string timing =
        one_plot.substr(one_plot.find("2024", one_plot.find("Local sk")),
                        one_plot.find('\n', one_plot.find("Looking up")) -
                            one_plot.find("2024", one_plot.find("Local sk")) + 1);
    std::string many_lines = one_plot.substr(0, cut);
    while (many_lines.size() < 200'000'000)
        many_lines += timing;
    const long held_lines = held_after(many_lines);
    std::printf(
        "memory held: %ld KiB for 10k plots, %ld KiB for 100k plots (%.0f bytes a plot); "
        "%ld KiB for 1 plot over %.0f MB of lines\n",
        held_small / 1024, held_big / 1024, static_cast<double>(held_big - held_small) / 90'000.0,
        held_lines / 1024, static_cast<double>(many_lines.size()) / 1e6);
    return 0;
}
