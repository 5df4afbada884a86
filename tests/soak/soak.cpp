// Soak run: the real lfdm-plugin with every collector enabled, asked for
// gather after gather as Telegraf asks, against stub-chia (a plot check each
// minute) and a loopback T-Rex whose answers rotate through success and
// every failure (HTTP 500, garbage, a cut answer, silence), plus a miner
// that is not there. It checks that
// - every gather comes, every line is valid line protocol and no field ever
//   changes type (the lines can be kept for InfluxDB to accept as well);
// - resident memory, open descriptors and processes stay flat: no leak of
//   memory, sockets, pipes or children, and no zombie;
// - the plugin stops at the end of its input and leaves no process behind.
// It prints the figures and exits 1 when a check fails.
//
//   lfdm-soak [--gathers N] [--pace-ms MS] [--lines FILE] [--plugin PATH]
//
// scripts/test.sh runs a short soak; scripts/soak.sh runs the full 100,000
// gathers and writes every line into InfluxDB.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/config_schema.hpp"
#include "support/bench_measures.hpp"
#include "support/child_process.hpp"
#include "support/http_test_server.hpp"
#include "support/line_parser.hpp"
#include "support/scratch_dir.hpp"

namespace {

using namespace lfdm;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using steady_clock = std::chrono::steady_clock;

struct options {
    long gathers = 100'000;
    long pace_ms = 0;
    std::string lines;
    std::string plugin = LFDM_PLUGIN_PATH;
};

options read_options(int argc, char** argv) {
    options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string name = argv[i];
        if (name == "--gathers") {
            o.gathers = std::stol(argv[i + 1]);
        } else if (name == "--pace-ms") {
            o.pace_ms = std::stol(argv[i + 1]);
        } else if (name == "--lines") {
            o.lines = argv[i + 1];
        } else if (name == "--plugin") {
            o.plugin = argv[i + 1];
        } else {
            std::fprintf(stderr, "lfdm-soak: unknown option %s\n", name.c_str());
            std::exit(2);
        }
    }
    return o;
}

/// A miner with --api-key whose answers rotate through success and every
/// way of failing, one poll after the other.
class rotating_miner {
  public:
    test::http_reply operator()(const test::http_request_seen& request) {
        test::http_reply reply;
        if (request.path == "/login") {
            reply.body = R"({"sid":"soak","success":1})";
            return reply;
        }
        switch (polls++ % 10) {
            case 6:
                reply.status = 500;
                break;
            case 7:
                reply.how = test::http_reply::mode::raw;
                reply.body = "not HTTP at all\r\n\r\n";
                break;
            case 8:
                reply.how = test::http_reply::mode::truncate;
                reply.body = summary;
                break;
            case 9:
                reply.how = test::http_reply::mode::silence;
                break;
            default:
                reply.body = summary;
        }
        return reply;
    }

    std::string summary = test::read_file(fs::path(LFDM_SOURCE_DIR) /
                                          "tests/collectors/trex/golden/summary8/summary.json");
    std::atomic<long> polls{0};
};

/// What is seen of a process at one moment.
struct sample {
    long gather = 0;
    double seconds = 0;
    long rss_kib = 0;
    long fds = 0;
    long threads = 0;
    long children = 0;
    long zombies = 0;
};

/// Parent pid and state letter of every process, from /proc.
std::map<int, std::pair<int, char>> process_table() {
    std::map<int, std::pair<int, char>> table;
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
        std::ifstream stat(entry.path() / "stat");
        std::string text;
        std::getline(stat, text);
        const std::size_t close = text.rfind(')');
        if (close == std::string::npos || close + 4 >= text.size()) continue;
        const char state = text[close + 2];
        const int parent = std::atoi(text.c_str() + close + 4);
        table[std::stoi(name)] = {parent, state};
    }
    return table;
}

/// Every process descending from `root`, with its state.
std::vector<std::pair<int, char>> descendants(int root) {
    const auto table = process_table();
    std::vector<std::pair<int, char>> found;
    std::set<int> parents = {root};
    for (bool grew = true; grew;) {
        grew = false;
        for (const auto& [pid, info] : table) {
            if (parents.contains(info.first) && !parents.contains(pid)) {
                parents.insert(pid);
                found.emplace_back(pid, info.second);
                grew = true;
            }
        }
    }
    return found;
}

sample take_sample(int pid, long gather, steady_clock::time_point begin) {
    sample s;
    s.gather = gather;
    s.seconds = std::chrono::duration<double>(steady_clock::now() - begin).count();
    s.rss_kib = test::status_kib(pid, "VmRSS:");
    s.threads = test::status_kib(pid, "Threads:");
    std::error_code ec;
    for (fs::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", ec), end;
         !ec && it != end; it.increment(ec))
        ++s.fds;
    for (const auto& [child, state] : descendants(pid)) {
        ++s.children;
        s.zombies += state == 'Z';
    }
    return s;
}

/// Checks field types across the whole run: a field that changes type is
/// refused by InfluxDB and Elasticsearch.
class type_watch {
  public:
    void check(const std::vector<test::parsed_line>& lines) {
        for (const auto& line : lines) {
            for (const auto& [key, value] : line.point.fields) {
                const auto [it, first] =
                    types_.try_emplace(line.point.measurement + "." + key, value.index());
                if (!first && it->second != value.index()) conflicts_.insert(it->first);
            }
        }
    }
    const std::set<std::string>& conflicts() const { return conflicts_; }
    std::size_t fields() const { return types_.size(); }

  private:
    std::map<std::string, std::size_t> types_;
    std::set<std::string> conflicts_;
};

/// The configuration: every collector, a plot check each minute over a
/// directory with plots in it, two miners.
fs::path write_config(const test::scratch_dir& dir, const std::string& miner) {
    fs::create_directories(dir.path / "plots");
    for (int i = 0; i < 3; ++i) {
        std::ofstream(
            dir.path / "plots" /
            ("plot-k32-2024-01-01-01-00-" + std::string(63, '0') + char('1' + i) + ".plot"))
            << "plot";
    }
    const std::string absent = "http://127.0.0.1:" + std::to_string(test::refused_port());
    return dir.write("lfdm.toml",
                     "[tags]\npseudo = \"soak\"\n[agent]\nstate_dir = " +
                         config::quote((dir.path / "state").string()) +
                         "\n[plot_check]\nenabled = true\nrun_at_start = true\ninterval = \"1m\"\n"
                         "max_plots_per_gather = 2\nchia_path = " +
                         config::quote(LFDM_STUB_CHIA_PATH) + "\nplot_dirs = [" +
                         config::quote((dir.path / "plots").string()) +
                         "]\n[trex]\nenabled = true\npoll_interval = \"1s\"\n"
                         "[[trex.endpoints]]\nurl = \"" +
                         miner +
                         "\"\npassword = \"soak-password\"\ntimeout = \"500ms\"\n"
                         "[[trex.endpoints]]\nurl = \"" +
                         absent + "\"\ntimeout = \"500ms\"\n");
}

bool failed = false;

void verdict(bool ok, const std::string& what) {
    std::printf("  %s %s\n", ok ? "ok  " : "FAIL", what.c_str());
    failed = failed || !ok;
}

double mib(long kib) {
    return static_cast<double>(kib) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
    const options o = read_options(argc, argv);
    rotating_miner miner;
    test::http_test_server server(std::ref(miner));
    const test::scratch_dir dir;
    const fs::path config = write_config(dir, server.url());
    std::ofstream lines_file;
    if (!o.lines.empty()) {
        fs::create_directories(fs::absolute(o.lines).parent_path());
        lines_file.open(o.lines, std::ios::trunc);
    }

    test::child_process plugin(
        o.plugin, {"--config", config.string()},
        {{"LFDM_STUB_CHIA_SCRIPT",
          (fs::path(LFDM_SOURCE_DIR) / "tests/collectors/plot_check/stub/good-2.1.script")
              .string()},
         {"LFDM_STUB_CHIA_RECORD", (dir.path / "chia-runs.txt").string()}});
    const int pid = plugin.pid();
    const auto begin = steady_clock::now();

    type_watch types;
    std::vector<sample> samples;
    std::vector<double> latencies_ms;
    latencies_ms.reserve(static_cast<std::size_t>(o.gathers));
    long lines = 0, invalid = 0, missed = 0;
    const long every = std::max(1L, o.gathers / 40);
    // The last line of a gather: the T-Rex collector's health, with the tags
    // in order.
    const std::string last_line = "lfdm_collector,collector=trex,pseudo=soak ";
    for (long g = 1; g <= o.gathers; ++g) {
        const auto asked = steady_clock::now();
        plugin.write("\n");
        const bool came = plugin.wait_until(
            [&](const std::string& out, const std::string&) {
                const std::size_t at = out.rfind(last_line);
                return at != std::string::npos && out.find('\n', at) != std::string::npos;
            },
            10s);
        latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(steady_clock::now() - asked).count());
        if (!came) {
            ++missed;
            if (missed > 3) break;
            continue;
        }
        const std::string text = plugin.take_out();
        try {
            const auto parsed = test::parse_lines(text);
            lines += static_cast<long>(parsed.size());
            types.check(parsed);
        } catch (const test::line_error& e) {
            ++invalid;
            std::fprintf(stderr, "invalid line in gather %ld: %s\n", g, e.what());
        }
        if (lines_file.is_open()) lines_file << text;
        if (g == 1 || g % every == 0 || g == o.gathers)
            samples.push_back(take_sample(pid, g, begin));
        if (o.pace_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(o.pace_ms));
    }
    const double elapsed = std::chrono::duration<double>(steady_clock::now() - begin).count();

    plugin.close_stdin();
    const auto status = plugin.wait_for_exit(3s);
    lines_file.close();

    // Flatness is judged after a warm-up (a tenth of the run), once the
    // allocator, the first plot check and the first polls have settled.
    const std::size_t warm = std::max<std::size_t>(1, samples.size() / 10);
    const sample& after_warmup = samples[std::min(warm, samples.size() - 1)];
    const sample& last = samples.back();
    long rss_peak = 0, fds_max = 0, children_max = 0, zombies_max = 0;
    for (const auto& s : samples) {
        rss_peak = std::max(rss_peak, s.rss_kib);
        children_max = std::max(children_max, s.children);
        zombies_max = std::max(zombies_max, s.zombies);
        if (s.gather >= after_warmup.gather) fds_max = std::max(fds_max, s.fds);
    }
    std::sort(latencies_ms.begin(), latencies_ms.end());
    const double p99 = latencies_ms[latencies_ms.size() * 99 / 100];
    // Every chia ever started, none of which may outlive the plugin.
    long chia_runs = 0, left = 0;
    {
        std::this_thread::sleep_for(200ms);
        const auto table = process_table();
        std::ifstream record(dir.path / "chia-runs.txt");
        for (std::string line; std::getline(record, line);) {
            if (!line.starts_with("pid ")) continue;
            ++chia_runs;
            const auto found = table.find(std::stoi(line.substr(4)));
            left += found != table.end() && found->second.second != 'Z';
        }
    }

    std::printf("soak: %zu gathers in %.0f s (%.2f ms each; p99 %.1f ms, slowest %.1f ms)\n",
                latencies_ms.size(), elapsed, elapsed * 1000 / latencies_ms.size(), p99,
                latencies_ms.back());
    std::printf("  %ld lines, %zu distinct fields; %ld plot checks by stub-chia, %ld T-Rex polls\n",
                lines, types.fields(), chia_runs, miner.polls.load());
    std::printf("  %-8s %8s %9s %5s %8s %9s %8s\n", "gather", "seconds", "RSS MiB", "fds",
                "threads", "children", "zombies");
    for (const auto& s : samples) {
        std::printf("  %-8ld %8.1f %9.2f %5ld %8ld %9ld %8ld\n", s.gather, s.seconds,
                    mib(s.rss_kib), s.fds, s.threads, s.children, s.zombies);
    }
    std::printf("  memory: %.2f MiB after warm-up (gather %ld), %.2f MiB at the end, peak %.2f\n",
                mib(after_warmup.rss_kib), after_warmup.gather, mib(last.rss_kib), mib(rss_peak));

    verdict(missed == 0, "every gather came (" + std::to_string(missed) + " missed)");
    verdict(invalid == 0, "every line is valid line protocol");
    verdict(types.conflicts().empty(), "no field changed type");
#if defined(__SANITIZE_ADDRESS__)
    std::printf("  (memory not judged: AddressSanitizer keeps freed memory in quarantine)\n");
#else
    // A leak of 16 bytes a gather is 1.5 MiB over 100,000 gathers.
    const long allowed_kib = std::max(512L, after_warmup.rss_kib / 20);
    verdict(last.rss_kib - after_warmup.rss_kib <= allowed_kib,
            "memory flat: +" + std::to_string(last.rss_kib - after_warmup.rss_kib) +
                " KiB after warm-up (at most " + std::to_string(allowed_kib) + ")");
#endif
    verdict(fds_max <= after_warmup.fds + 6,
            "open descriptors flat: " + std::to_string(after_warmup.fds) +
                " after warm-up, at most " + std::to_string(fds_max) + " after");
    verdict(children_max <= 2,
            "at most chia and its child under the plugin (" + std::to_string(children_max) + ")");
    verdict(zombies_max <= 1, "no zombie kept (" + std::to_string(zombies_max) + " seen)");
    verdict(status && *status == 0, "the plugin stopped with status 0 at the end of its input");
    verdict(left == 0, "no chia left behind (" + std::to_string(left) + ")");
    std::printf("soak: %s\n", failed ? "FAILED" : "passed");
    return failed ? 1 : 0;
}
