// The real lfdm-plugin binary, driven the way Telegraf's execd input drives
// it: newlines on stdin, line protocol on stdout, levelled lines on stderr.
#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>
#if !defined(_WIN32)
#include <sys/stat.h>
#endif

#include <boost/test/unit_test.hpp>

#include "app/plugin_config.hpp"
#include "core/config_schema.hpp"
#include "core/utf8_path.hpp"
#include "support/child_process.hpp"
#include "support/faketime.hpp"
#include "support/http_test_server.hpp"
#include "support/line_parser.hpp"
#include "support/recorded_lines.hpp"
#include "support/scratch_dir.hpp"

namespace lfdm {
namespace {

using namespace std::chrono_literals;
using test::child_process;
using test::scratch_dir;
namespace fs = std::filesystem;

const std::string plugin = LFDM_PLUGIN_PATH;

/// The gathers in `out`: lines grouped by timestamp, in order.
std::vector<std::vector<test::parsed_line>> gathers_of(const std::string& out) {
    test::record_lines(out);
    std::vector<std::vector<test::parsed_line>> gathers;
    for (auto& line : test::parse_lines(out)) {
        if (gathers.empty() || gathers.back().front().timestamp != line.timestamp) {
            gathers.emplace_back();
        }
        gathers.back().push_back(std::move(line));
    }
    return gathers;
}

bool has_measurement(const std::vector<test::parsed_line>& gather, std::string_view name) {
    return std::any_of(gather.begin(), gather.end(),
                       [&](const auto& l) { return l.point.measurement == name; });
}

/// Every stderr line carries a level Telegraf understands.
void check_stderr_levels(const std::string& err) {
    std::istringstream lines(err);
    for (std::string line; std::getline(lines, line);) {
        BOOST_TEST_INFO("stderr line: " << line);
        BOOST_TEST((line.starts_with("E! ") || line.starts_with("W! ") || line.starts_with("I! ") ||
                    line.starts_with("D! ")));
    }
}

/// The number of gathers in `out`: each ends with the health of every
/// collector, `collectors` lines.
std::size_t gathers_in(const std::string& out, std::size_t collectors = 1) {
    std::size_t count = 0;
    for (std::size_t at = 0; (at = out.find("lfdm_collector,", at)) != std::string::npos; ++at)
        ++count;
    return count / collectors;
}

/// Asks for one more gather and waits for it; its lines.
std::vector<test::parsed_line> next_gather(child_process& p) {
    const std::size_t before = gathers_in(p.out());
    p.write("\n");
    BOOST_REQUIRE(p.wait_until(
        [&](const std::string& out, const std::string&) { return gathers_in(out) > before; }, 5s));
    return gathers_of(p.out()).back();
}

/// The fields of the system collector's health line in `gather`.
[[maybe_unused]] const test::parsed_line& health_of(const std::vector<test::parsed_line>& gather,
                                                    std::string_view collector) {
    for (const auto& line : gather) {
        const auto* name = line.point.find_tag("collector");
        if (line.point.measurement == "lfdm_collector" && name && *name == collector) return line;
    }
    BOOST_FAIL("no health line for " << collector);
    throw std::logic_error("unreachable");
}

[[maybe_unused]] std::string text_of(const test::parsed_line& line, std::string_view key) {
    const auto* value = line.point.find_field(key);
    return value && std::holds_alternative<std::string>(*value) ? std::get<std::string>(*value)
                                                                : "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plugin_process)

BOOST_AUTO_TEST_CASE(each_newline_gives_one_gather_of_valid_lines_under_one_timestamp) {
    child_process p(plugin, {});
    p.write("\n");
    BOOST_REQUIRE(p.wait_until(
        [](const std::string& out, const std::string&) {
            return out.find("lfdm_collector") != std::string::npos;
        },
        5s));
    std::this_thread::sleep_for(300ms);
    p.write("\n");
    BOOST_REQUIRE(p.wait_until(
        [](const std::string& out, const std::string&) {
            std::size_t n = 0;
            for (std::size_t at = 0; (at = out.find("lfdm_collector", at)) != std::string::npos;
                 ++at)
                ++n;
            return n >= 2;
        },
        5s));
    p.close_stdin();
    BOOST_TEST(p.wait_for_exit(2s).value_or(-1) == 0);

    const auto gathers = gathers_of(p.out());
    BOOST_REQUIRE(gathers.size() == 2u);
    for (const auto& gather : gathers) {
        BOOST_TEST(has_measurement(gather, "lfdm_mem"));
        BOOST_TEST(has_measurement(gather, "lfdm_system"));
        BOOST_TEST(has_measurement(gather, "lfdm_collector"));
    }
    BOOST_TEST(has_measurement(gathers[1], "lfdm_cpu"));  // percentages from the 2nd reading
    check_stderr_levels(p.err());
}

BOOST_AUTO_TEST_CASE(end_of_input_exits_0_within_a_second) {
    child_process p(plugin, {});
    p.write("\n");
    BOOST_REQUIRE(p.wait_for_lines(1, 5s));
    const auto begin = std::chrono::steady_clock::now();
    p.close_stdin();
    BOOST_TEST(p.wait_for_exit(2s).value_or(-1) == 0);
    BOOST_TEST((std::chrono::steady_clock::now() - begin < 1s));
}

BOOST_AUTO_TEST_CASE(a_line_then_end_of_input_gives_one_gather) {
    // As `echo | lfdm-plugin` does.
    child_process p(plugin, {});
    p.write("\n");
    p.close_stdin();
    BOOST_TEST(p.wait_for_exit(2s).value_or(-1) == 0);
    BOOST_TEST(gathers_of(p.out()).size() == 1u);
}

#if !defined(_WIN32)  // Windows has no signals: Telegraf closes stdin, then kills.
BOOST_AUTO_TEST_CASE(sigterm_and_sigint_stop_cleanly) {
    for (const int signal : {SIGTERM, SIGINT}) {
        child_process p(plugin, {});
        p.write("\n");
        BOOST_REQUIRE(p.wait_for_lines(1, 5s));
        p.send_signal(signal);
        BOOST_TEST(p.wait_for_exit(2s).value_or(-1) == 0);
    }
}
#endif

BOOST_AUTO_TEST_CASE(broken_stdout_ends_the_process_without_spinning) {
    child_process p(plugin, {});
    p.close_stdout();
    p.write("\n");
    BOOST_TEST(p.wait_for_exit(3s).value_or(-1) == 1);
    BOOST_TEST(p.err().starts_with("E! [agent] cannot write metrics: "));
    BOOST_TEST(p.err().find("; stopping\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_burst_of_requests_is_coalesced) {
    child_process p(plugin, {});
    p.write(std::string(5000, '\n'));
    std::this_thread::sleep_for(1s);
    p.close_stdin();
    BOOST_TEST(p.wait_for_exit(3s).value_or(-1) == 0);
    const auto gathers = gathers_of(p.out());
    BOOST_TEST(gathers.size() >= 1u);
    BOOST_TEST(gathers.size() <= 4u);  // one per read of stdin at most, never 5000
}

BOOST_AUTO_TEST_CASE(once_prints_one_gather_and_exits) {
    child_process p(plugin, {"--once"});
    BOOST_TEST(p.wait_for_exit(5s).value_or(-1) == 0);
    const auto gathers = gathers_of(p.out());
    BOOST_TEST(gathers.size() == 1u);
    BOOST_TEST(p.err().empty());
}

BOOST_AUTO_TEST_CASE(interval_gathers_on_its_own_and_stops_at_end_of_input) {
    child_process p(plugin, {"--interval", "200ms"});
    BOOST_REQUIRE(p.wait_until(
        [](const std::string& out, const std::string&) {
            std::size_t n = 0;
            for (std::size_t at = 0; (at = out.find("lfdm_collector", at)) != std::string::npos;
                 ++at)
                ++n;
            return n >= 3;
        },
        5s));
    p.close_stdin();
    BOOST_TEST(p.wait_for_exit(2s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(global_tags_from_the_configuration_are_on_every_line) {
    scratch_dir dir;
    const auto config = dir.write("lfdm.toml", "[tags]\npseudo = \"zoé, the farmer\"\n");
    child_process p(plugin, {"--once", "--config", config.string()});
    BOOST_TEST(p.wait_for_exit(5s).value_or(-1) == 0);
    const auto gathers = gathers_of(p.out());
    for (const auto& line : gathers.at(0)) {
        BOOST_TEST(*line.point.find_tag("pseudo") == "zoé, the farmer");
    }
}

BOOST_AUTO_TEST_CASE(non_ascii_configuration_path_and_environment_reach_the_metrics) {
    scratch_dir dir;
    const fs::path folder = dir.path / path_from_utf8("Ferme Zoé 農場");
    fs::create_directories(folder);
    std::ofstream(folder / "lfdm.toml", std::ios::binary) << "[tags]\npseudo = \"${FARMER}\"\n";
    child_process p(plugin, {"--once", "--config", utf8_of(folder / "lfdm.toml")},
                    {{"FARMER", "Zoé 農場"}});
    BOOST_TEST(p.wait_for_exit(5s).value_or(-1) == 0);
    BOOST_TEST_INFO(p.err());
    const auto gathers = gathers_of(p.out());
    BOOST_REQUIRE(!gathers.empty());
    for (const auto& line : gathers.at(0)) {
        BOOST_TEST(*line.point.find_tag("pseudo") == "Zoé 農場");
    }
}

BOOST_AUTO_TEST_CASE(configuration_error_exits_2_before_any_metric) {
    scratch_dir dir;
    const auto config = dir.write("lfdm.toml", "[system]\nper_cpus = false\n");
    child_process p(plugin, {"--config", config.string()});
    BOOST_TEST(p.wait_for_exit(5s).value_or(-1) == 2);
    BOOST_TEST(p.out().empty());
    BOOST_TEST(p.err() == "E! cannot load configuration: " + config.string() +
                              ":2:1: [system] unknown key \"per_cpus\" (did you mean "
                              "\"per_cpu\"?)\n");
}

BOOST_AUTO_TEST_CASE(check_config_validates_without_running) {
    scratch_dir dir;
    const auto config = dir.write("lfdm.toml", "[system]\nper_cpu = false\n");
    child_process p(plugin, {"--check-config", "--config", config.string()});
    BOOST_TEST(p.wait_for_exit(5s).value_or(-1) == 0);
    BOOST_TEST(p.out().empty());
    BOOST_TEST(p.err() == "I! configuration " + config.string() + " is valid\n");
}

BOOST_AUTO_TEST_CASE(wrong_option_exits_2) {
    child_process p(plugin, {"--interval", "fast"});
    BOOST_TEST(p.wait_for_exit(5s).value_or(-1) == 2);
    BOOST_TEST(p.out().empty());
    BOOST_TEST(p.err().starts_with("E! --interval needs a duration"));
}

BOOST_AUTO_TEST_CASE(sample_config_is_the_complete_configuration) {
    child_process p(plugin, {"--sample-config"});
    BOOST_TEST(p.wait_for_exit(5s).value_or(-1) == 0);
    BOOST_TEST(p.out() == write_plugin_config());
}

BOOST_AUTO_TEST_CASE(version_and_help) {
    child_process version(plugin, {"--version"});
    BOOST_TEST(version.wait_for_exit(5s).value_or(-1) == 0);
    BOOST_TEST(version.out().starts_with("lfdm-plugin "));
    child_process help(plugin, {"--help"});
    BOOST_TEST(help.wait_for_exit(5s).value_or(-1) == 0);
    BOOST_TEST(help.out().find("signal = \"STDIN\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(debug_writes_d_lines) {
    child_process p(plugin, {"--once", "--debug"});
    BOOST_TEST(p.wait_for_exit(5s).value_or(-1) == 0);
    BOOST_TEST(p.err().find("D! [agent] gather 1 written in ") != std::string::npos);
    check_stderr_levels(p.err());
}

#if !defined(_WIN32)  // FIFOs are POSIX.
BOOST_AUTO_TEST_CASE(collector_stuck_in_a_read_misses_its_deadline_and_does_not_block_stop) {
    // /proc/stat as a FIFO nobody writes: opening it blocks forever, as a
    // hung network mount does.
    scratch_dir dir;
    BOOST_REQUIRE(::mkfifo((dir.path / "stat").c_str(), 0600) == 0);
    const auto config =
        dir.write("lfdm.toml", "[agent]\ncollector_timeout = \"200ms\"\n[system]\nproc_path = \"" +
                                   dir.path.string() + "\"\n");
    child_process p(plugin, {"--config", config.string()});
    p.write("\n");
    BOOST_REQUIRE(p.wait_for_lines(1, 5s));
    const auto gathers = gathers_of(p.out());
    const auto& health = gathers.at(0).at(0).point;
    BOOST_TEST(health.measurement == "lfdm_collector");
    const auto status = std::get<std::string>(*health.find_field("status"));
    BOOST_TEST((status == "busy" || status == "timeout"));

    const auto begin = std::chrono::steady_clock::now();
    p.close_stdin();
    BOOST_TEST(p.wait_for_exit(3s).value_or(-1) == 0);
    BOOST_TEST((std::chrono::steady_clock::now() - begin < 1s));
    BOOST_TEST(p.err().find("W! [system] ") != std::string::npos);
}
#endif

#if !defined(_WIN32)  // Linux's /proc.
BOOST_AUTO_TEST_CASE(proc_entries_that_vanish_are_reported_and_the_rest_still_written) {
    // A copy of this machine's /proc files, where entries can go missing.
    scratch_dir proc;
    for (const char* name :
         {"stat", "meminfo", "loadavg", "uptime", "diskstats", "net/dev", "self/mountinfo"}) {
        fs::create_directories((proc.path / name).parent_path());
        proc.write(name, test::read_file(fs::path("/proc") / name));
    }
    const auto config = proc.write(
        "lfdm.toml", "[system]\nproc_path = " + config::quote(proc.path.string()) + "\n");
    child_process p(plugin, {"--config", config.string()});

    const auto whole = next_gather(p);
    BOOST_TEST(has_measurement(whole, "lfdm_mem"));
    BOOST_TEST(has_measurement(whole, "lfdm_net"));
    BOOST_TEST(text_of(health_of(whole, "system"), "status") == "ok");

    const std::string meminfo = test::read_file(proc.path / "meminfo");
    const std::string net = test::read_file(proc.path / "net/dev");
    fs::remove(proc.path / "meminfo");
    fs::remove(proc.path / "net/dev");
    const auto partial = next_gather(p);
    BOOST_TEST(!has_measurement(partial, "lfdm_mem"));
    BOOST_TEST(!has_measurement(partial, "lfdm_net"));
    BOOST_TEST(has_measurement(partial, "lfdm_system"));
    const auto& health = health_of(partial, "system");
    BOOST_TEST(text_of(health, "status") == "error");
    BOOST_TEST(text_of(health, "last_error") == "cannot read " + (proc.path / "net/dev").string() +
                                                    ": No such file or directory (and 1 more "
                                                    "problem)");

    proc.write("meminfo", meminfo);
    proc.write("net/dev", net);
    const auto back = next_gather(p);
    BOOST_TEST(has_measurement(back, "lfdm_mem"));
    BOOST_TEST(has_measurement(back, "lfdm_net"));
    BOOST_TEST(text_of(health_of(back, "system"), "status") == "ok");
    p.close_stdin();
    BOOST_TEST(p.wait_for_exit(2s).value_or(-1) == 0);
    check_stderr_levels(p.err());
    BOOST_TEST(test::count_lines(p.err()) == 2u);  // once when it fails, once when it recovers
}
#endif

BOOST_AUTO_TEST_CASE(the_configuration_changed_or_deleted_while_running_changes_nothing) {
    // Read once at the start: Telegraf restarts the plugin to apply a change.
    scratch_dir dir;
    const auto config = dir.write("lfdm.toml", "[tags]\npseudo = \"zoe\"\n");
    child_process p(plugin, {"--config", config.string()});
    const auto first = next_gather(p);
    dir.write("lfdm.toml", "[tags\npseudo = 'half written");
    const auto second = next_gather(p);
    fs::remove(config);
    const auto third = next_gather(p);
    for (const auto* gather : {&first, &second, &third}) {
        for (const auto& line : *gather)
            BOOST_TEST(*line.point.find_tag("pseudo") == "zoe");
    }
    p.close_stdin();
    BOOST_TEST(p.wait_for_exit(2s).value_or(-1) == 0);
    BOOST_TEST(p.err().empty());
}

BOOST_AUTO_TEST_CASE(a_jump_of_the_system_time_moves_the_timestamps_not_the_pace,
                     *boost::unit_test::precondition(test::can_fake_time)) {
    std::atomic<int> polls{0};
    test::http_test_server miner([&](const test::http_request_seen&) {
        ++polls;
        test::http_reply reply;
        reply.body = test::read_file(fs::path(LFDM_SOURCE_DIR) /
                                     "tests/collectors/trex/golden/summary7/summary.json");
        return reply;
    });
    scratch_dir dir;
    const auto offset = dir.write("clock-offset", "+0\n");
    const auto config = dir.write("lfdm.toml",
                                  "[trex]\nenabled = true\npoll_interval = \"1s\"\n"
                                  "[[trex.endpoints]]\nurl = \"" +
                                      miner.url() + "\"\n");
    child_process p(plugin, {"--config", config.string(), "--interval", "200ms"},
                    test::faketime_environment(offset));
    const auto run_for = [&](std::chrono::milliseconds span) {
        const std::size_t gathers = gathers_in(p.out(), 2);
        const int polled = polls;
        p.wait_until([](const std::string&, const std::string&) { return false; }, span);
        return std::pair(gathers_in(p.out(), 2) - gathers, polls - polled);
    };
    const auto latest = [&] { return test::parse_lines(p.out()).back().timestamp; };
    constexpr std::int64_t day_ns = 86400LL * 1'000'000'000;

    run_for(1500ms);
    const std::int64_t start = latest();
    dir.write("clock-offset", "-1d\n");
    const auto [gathers_back, polls_back] = run_for(2100ms);
    BOOST_TEST(latest() < start - day_ns + 10LL * 1'000'000'000);
    dir.write("clock-offset", "+365d\n");
    const auto [gathers_on, polls_on] = run_for(2100ms);
    BOOST_TEST(latest() > start + 364 * day_ns);
    // 200 ms apart and a poll a second, whatever the wall clock says.
    BOOST_TEST(gathers_back >= 8u);
    BOOST_TEST(gathers_back <= 12u);
    BOOST_TEST(gathers_on >= 8u);
    BOOST_TEST(gathers_on <= 12u);
    BOOST_TEST(polls_back >= 1);
    BOOST_TEST(polls_on >= 1);
    p.close_stdin();
    BOOST_TEST(p.wait_for_exit(2s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
