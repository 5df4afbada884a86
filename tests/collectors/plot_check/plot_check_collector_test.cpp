// The plot check collector in the real lfdm-plugin, running `stub-chia`
// instead of chia over real pipes: schedule, pacing, timeouts, the kill of
// the whole process tree, stop and restart with the state file.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <boost/test/unit_test.hpp>

#include "core/config_schema.hpp"
#include "support/child_process.hpp"
#include "support/faketime.hpp"
#include "support/line_parser.hpp"
#include "support/process_probe.hpp"
#include "support/recorded_lines.hpp"
#include "support/scratch_dir.hpp"
#include "support/small_filesystem.hpp"

namespace lfdm::plot_check {
namespace {

using namespace std::chrono_literals;
using test::child_process;
namespace fs = std::filesystem;

const fs::path scripts = fs::path(LFDM_SOURCE_DIR) / "tests/collectors/plot_check/stub";

/// A scratch directory with a configuration, a state directory and the
/// stub's record, removed afterwards.
struct farm {
    fs::path dir;
    explicit farm(const std::string& options, const fs::path& chia = LFDM_STUB_CHIA_PATH) {
        static int counter = 0;
        dir = fs::temp_directory_path() /
              ("lfdm-plot-check-" + std::to_string(test::this_process_id()) + "-" +
               std::to_string(counter++));
        fs::create_directories(dir / "plots");
        std::ofstream(dir / "lfdm.toml")
            << "[agent]\nstate_dir = " << config::quote((dir / "state").string())
            << "\n[system]\nenabled = false\n[plot_check]\n"
            << "enabled = true\nchia_path = " << config::quote(chia.string()) << "\n"
            << options;
    }
    ~farm() { fs::remove_all(dir); }

    std::unique_ptr<child_process> start(const std::string& script,
                                         std::map<std::string, std::string> env = {}) const {
        env["LFDM_STUB_CHIA_SCRIPT"] = (scripts / script).string();
        env["LFDM_STUB_CHIA_RECORD"] = (dir / "record.txt").string();
        return std::make_unique<child_process>(
            LFDM_PLUGIN_PATH, std::vector<std::string>{"--config", (dir / "lfdm.toml").string()},
            env);
    }

    /// The stub's record: "pid 123", "arg plots", ...
    std::multimap<std::string, std::string> record() const {
        std::multimap<std::string, std::string> entries;
        std::ifstream in(dir / "record.txt");
        for (std::string line; std::getline(in, line);) {
            const std::size_t space = line.find(' ');
            entries.emplace(line.substr(0, space), line.substr(space + 1));
        }
        return entries;
    }

    std::string state_file() const {
        std::ifstream in(dir / "state" / "plot_check.json");
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }
};

/// Gathers (a newline each 100 ms) until `done` holds for a line of
/// `lfdm_plot_check`, or `timeout`.
bool gather_until(child_process& p, const std::function<bool(const test::parsed_line&)>& done,
                  std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        p.write("\n");
        p.wait_until([](const std::string&, const std::string&) { return false; }, 100ms);
        for (const auto& line : test::parse_lines(p.out())) {
            if (line.point.measurement == "lfdm_plot_check" && done(line)) return true;
        }
    }
    return false;
}

bool state_is(const test::parsed_line& line, const std::string& state) {
    const auto* value = line.point.find_field("state");
    return value && std::get<std::string>(*value) == state;
}

std::vector<test::parsed_line> lines_named(const std::string& out, const std::string& name) {
    std::vector<test::parsed_line> found;
    for (auto& line : test::parse_lines(out)) {
        if (line.point.measurement == name) found.push_back(std::move(line));
    }
    return found;
}

/// Whether process `pid` is gone (or a zombie that is not the plugin's).
bool process_gone(int pid) {
    return !test::process_running(pid);
}

std::string field_text(const test::parsed_line& line, const std::string& key) {
    const auto* value = line.point.find_field(key);
    return value && std::holds_alternative<std::string>(*value) ? std::get<std::string>(*value)
                                                                : "";
}

std::int64_t field_int(const test::parsed_line& line, const std::string& key) {
    const auto* value = line.point.find_field(key);
    return value && std::holds_alternative<std::int64_t>(*value) ? std::get<std::int64_t>(*value)
                                                                 : -1;
}

/// The number of gathers written so far: one health line per collector each.
std::size_t gathers_in(const std::string& out) {
    std::size_t count = 0;
    for (std::size_t at = 0; (at = out.find("lfdm_collector,", at)) != std::string::npos; ++at)
        ++count;
    return count;
}

/// Asks for one gather; how long it took to come, or nothing past `limit`.
std::optional<std::chrono::milliseconds> timed_gather(child_process& p,
                                                      std::chrono::milliseconds limit) {
    const std::size_t before = gathers_in(p.out());
    const auto begin = std::chrono::steady_clock::now();
    p.write("\n");
    if (!p.wait_until(
            [&](const std::string& out, const std::string&) { return gathers_in(out) > before; },
            limit)) {
        return std::nullopt;
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 begin);
}

/// Waits until the stub recorded `key` (its pid, its child).
int recorded(const farm& f, const std::string& key) {
    for (int i = 0; i < 250 && f.record().count(key) == 0; ++i)
        std::this_thread::sleep_for(20ms);
    return std::stoi(f.record().find(key)->second);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plot_check_process)

BOOST_AUTO_TEST_CASE(a_run_is_followed_and_each_plot_reported_once_paced) {
    farm f("run_at_start = true\ninterval = \"1h\"\nmax_plots_per_gather = 2\n");
    std::ofstream(f.dir / "plots" / "plot-k32-a.plot") << "x";
    std::ofstream(f.dir / "plots" / "plot-k32-b.plot.tmp") << "partial";
    {
        std::ofstream config(f.dir / "lfdm.toml", std::ios::app);
        config << "plot_dirs = [" << config::quote((f.dir / "plots").string()) << ", "
               << config::quote((f.dir / "gone").string()) << "]\n";
    }
    auto p = f.start("good-2.1.script");
    BOOST_REQUIRE(gather_until(
        *p,
        [](const auto& line) {
            return state_is(line, "done") && field_int(line, "plots_queued") == 0;
        },
        10s));
    p->close_stdin();
    BOOST_TEST(p->wait_for_exit(3s).value_or(-1) == 0);
    test::record_lines(p->out());

    const auto plots = lines_named(p->out(), "lfdm_plot");
    BOOST_TEST(plots.size() == 5u);  // every plot once: 4 tested, 1 unopenable
    std::map<std::int64_t, int> per_gather;
    for (const auto& line : plots)
        ++per_gather[line.timestamp];
    for (const auto& [time, count] : per_gather)
        BOOST_TEST(count <= 2);

    const auto runs = lines_named(p->out(), "lfdm_plot_check");
    BOOST_TEST(field_int(runs.back(), "plots_tested") == 4);
    BOOST_TEST(field_int(runs.back(), "plots_unopenable") == 1);
    BOOST_TEST(field_int(runs.back(), "exit_code") == 0);
    BOOST_TEST(field_int(runs.back(), "total_size_bytes") == 200484950209);
    BOOST_TEST(!lines_named(p->out(), "lfdm_plot_check_last").empty());

    const auto dirs = lines_named(p->out(), "lfdm_plot_dir");
    BOOST_REQUIRE(dirs.size() >= 2u);
    BOOST_TEST(field_int(dirs[0], "plots") == 1);
    BOOST_TEST(field_int(dirs[0], "temp_files") == 1);
    BOOST_TEST((*dirs[1].point.find_field("reachable") == field_value{false}));

    const auto record = f.record();
    std::vector<std::string> args;
    for (auto [it, end] = record.equal_range("arg"); it != end; ++it)
        args.push_back(it->second);
    const std::vector<std::string> expected = {"plots", "check", "-n", "30"};
    BOOST_TEST(args == expected, boost::test_tools::per_element());
    BOOST_TEST(record.find("stdin")->second == "eof");
    BOOST_TEST(record.find("own_tree")->second == "yes");
    std::vector<std::string> env;
    for (auto [it, end] = record.equal_range("env"); it != end; ++it)
        env.push_back(it->second);
    BOOST_TEST((std::find(env.begin(), env.end(), "NO_COLOR=1") != env.end()));
    BOOST_TEST((std::find(env.begin(), env.end(), "PYTHONIOENCODING=utf-8") != env.end()));
    BOOST_TEST(f.state_file().find("\"state\":\"done\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(options_become_chia_arguments_and_environment) {
    farm f(
        "run_at_start = true\nchallenges = 3\nchallenge_start = 100\ngrep = \"disk 1\"\n"
        "list_duplicates = true\npassphrase_file = \"/etc/chia/pass\"\n"
        "chia_root = \"/srv/chia root\"\n");
    auto p = f.start("good-2.1.script");
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "done"); }, 10s));
    const auto record = f.record();
    std::vector<std::string> args;
    for (auto [it, end] = record.equal_range("arg"); it != end; ++it)
        args.push_back(it->second);
    const std::vector<std::string> expected = {"--passphrase-file",
                                               "/etc/chia/pass",
                                               "plots",
                                               "check",
                                               "-n",
                                               "3",
                                               "-g",
                                               "disk 1",
                                               "-l",
                                               "--challenge-start",
                                               "100"};
    BOOST_TEST(args == expected, boost::test_tools::per_element());
    bool root_set = false;
    for (auto [it, end] = record.equal_range("env"); it != end; ++it)
        root_set = root_set || it->second == "CHIA_ROOT=/srv/chia root";
    BOOST_TEST(root_set);
}

BOOST_AUTO_TEST_CASE(a_silent_run_is_killed_with_its_whole_process_tree) {
    farm f("run_at_start = true\nsilence_timeout = \"1s\"\n");
    auto p = f.start("silent.script");
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "timed_out"); }, 10s));
    const auto runs = lines_named(p->out(), "lfdm_plot_check");
    BOOST_TEST(field_text(runs.back(), "error") ==
               "no output for 1s; chia and its processes were killed");
    const auto record = f.record();
    const int chia = std::stoi(record.find("pid")->second);
    const int child = std::stoi(record.find("child")->second);
    BOOST_TEST(!test::process_exists(chia));  // reaped: no zombie left by the plugin
    BOOST_TEST(process_gone(child));
    BOOST_TEST(p->err().find("E! [plot_check] plot check timed out") != std::string::npos);
    p->close_stdin();
    BOOST_TEST(p->wait_for_exit(3s).value_or(-1) == 0);
    test::record_lines(p->out());
}

BOOST_AUTO_TEST_CASE(a_run_longer_than_max_duration_is_killed) {
    farm f("run_at_start = true\nmax_duration = \"1s\"\n");
    auto p = f.start("endless.script");
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "timed_out"); }, 10s));
    const auto runs = lines_named(p->out(), "lfdm_plot_check");
    BOOST_TEST(field_text(runs.back(), "error") ==
               "still running after 1s; chia and its processes were killed");
    const auto record = f.record();
    BOOST_TEST(process_gone(std::stoi(record.find("child")->second)));
    test::record_lines(p->out());
}

BOOST_AUTO_TEST_CASE(a_crash_is_reported_as_failed_with_its_exception) {
    farm f("run_at_start = true\n");
    auto p = f.start("crash.script");
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "failed"); }, 10s));
    const auto runs = lines_named(p->out(), "lfdm_plot_check");
    BOOST_TEST(field_text(runs.back(), "error") ==
               "chia exited with status 1: MemoryError: std::bad_alloc");
    BOOST_TEST(field_int(runs.back(), "exit_code") == 1);
    const auto plots = lines_named(p->out(), "lfdm_plot");
    BOOST_REQUIRE(plots.size() == 2u);
    BOOST_TEST(field_text(plots[1], "result") == "incomplete");
    test::record_lines(p->out());
}

BOOST_AUTO_TEST_CASE(missing_chia_is_reported_as_a_failed_run) {
    farm f("");
    std::ofstream(f.dir / "lfdm.toml")
        << "[agent]\nstate_dir = " << config::quote((f.dir / "state").string())
        << "\n[system]\nenabled = false\n[plot_check]\nenabled = true\nrun_at_start = true\n"
        << "chia_path = \"/nonexistent/chia\"\n";
    auto p = f.start("good-2.1.script");
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "failed"); }, 5s));
    const auto runs = lines_named(p->out(), "lfdm_plot_check");
    BOOST_TEST(field_text(runs.back(), "error") ==
               "cannot find chia at /nonexistent/chia (chia_path in [plot_check])");
    BOOST_TEST(p->err().find("E! [plot_check] cannot find chia at /nonexistent/chia") !=
               std::string::npos);
    // The collector is broken until chia is found: Collector health shows it.
    const auto health = lines_named(p->out(), "lfdm_collector");
    BOOST_REQUIRE(!health.empty());
    BOOST_TEST(field_text(health.back(), "status") == "error");
    BOOST_TEST(field_text(health.back(), "last_error") ==
               "cannot find chia at /nonexistent/chia (chia_path in [plot_check])");
    test::record_lines(p->out());
}

BOOST_AUTO_TEST_CASE(stopping_the_plugin_kills_chia_and_a_restart_runs_it_again) {
    farm f("run_at_start = false\ninterval = \"24h\"\n");
    int chia = 0, child = 0;
    {
        std::ofstream(f.dir / "lfdm.toml", std::ios::app) << "silence_timeout = \"1h\"\n";
        auto p = f.start("silent.script");  // no finished run yet: runs at once
        BOOST_REQUIRE(gather_until(
            *p, [](const auto& line) { return state_is(line, "running"); }, 5s));
        for (int i = 0; i < 50 && f.record().count("child") == 0; ++i)
            std::this_thread::sleep_for(20ms);
        const auto record = f.record();
        chia = std::stoi(record.find("pid")->second);
        child = std::stoi(record.find("child")->second);
        p->close_stdin();
        BOOST_TEST(p->wait_for_exit(3s).value_or(-1) == 0);
        BOOST_TEST(process_gone(chia));
        BOOST_TEST(process_gone(child));
        test::record_lines(p->out());
    }
    BOOST_TEST(f.state_file().find("run_under_way_since") != std::string::npos);

    auto p = f.start("good-2.1.script");
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "done"); }, 10s));
    BOOST_TEST(p->err().find("I! [plot_check] a plot check was under way when the plugin "
                             "stopped; starting again") != std::string::npos);
    p->close_stdin();
    BOOST_TEST(p->wait_for_exit(3s).value_or(-1) == 0);
    test::record_lines(p->out());
    BOOST_TEST(f.state_file().find("run_under_way_since") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_last_run_is_reported_after_a_restart_without_running_again) {
    farm f("run_at_start = false\ninterval = \"24h\"\n");
    {
        auto p = f.start("good-2.1.script");
        BOOST_REQUIRE(gather_until(
            *p, [](const auto& line) { return state_is(line, "done"); }, 10s));
        p->close_stdin();
        BOOST_TEST(p->wait_for_exit(3s).value_or(-1) == 0);
    }
    auto p = f.start("good-2.1.script");
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "waiting"); }, 5s));
    p->close_stdin();
    BOOST_TEST(p->wait_for_exit(3s).value_or(-1) == 0);
    test::record_lines(p->out());

    const auto last = lines_named(p->out(), "lfdm_plot_check_last");
    BOOST_REQUIRE(!last.empty());
    BOOST_TEST(field_text(last.front(), "state") == "done");
    BOOST_TEST(field_int(last.front(), "plots_good") == 2);
    const auto now = lines_named(p->out(), "lfdm_plot_check");
    BOOST_TEST(field_int(now.front(), "next_run_seconds") > 23 * 3600);
    BOOST_TEST(f.record().count("pid") == 1u);  // chia ran once, before the restart
}

#if !defined(_WIN32)  // Windows runs what it is told to: no execute permission.
BOOST_AUTO_TEST_CASE(chia_that_is_not_executable_is_reported_as_a_failed_run) {
    const test::scratch_dir bin;
    const fs::path chia = bin.write("chia", "#!/bin/sh\necho never run\n");
    fs::permissions(chia, fs::perms::owner_read | fs::perms::owner_write);
    farm f("run_at_start = true\n", chia);
    auto p = f.start("good-2.1.script");
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "failed"); }, 5s));
    const auto runs = lines_named(p->out(), "lfdm_plot_check");
    BOOST_TEST(field_text(runs.back(), "error") ==
               "cannot start " + chia.string() + ": Permission denied");
    BOOST_TEST(p->err().find("E! [plot_check] cannot start " + chia.string()) != std::string::npos);
    p->close_stdin();
    BOOST_TEST(p->wait_for_exit(3s).value_or(-1) == 0);
    test::record_lines(p->out());
}
#endif

BOOST_AUTO_TEST_CASE(chia_killed_in_the_middle_of_a_run_is_a_failed_run_and_gathers_go_on) {
    farm f("run_at_start = true\n");
    auto p = f.start("midway.script");
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return field_int(line, "plots_tested") == 1; }, 10s));
    const int chia = recorded(f, "pid");
    BOOST_REQUIRE(test::kill_process(chia));
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "failed"); }, 5s));
    const auto runs = lines_named(p->out(), "lfdm_plot_check");
#if defined(_WIN32)  // TerminateProcess ends it with status 1
    BOOST_TEST(field_text(runs.back(), "error") == "chia exited with status 1");
#else
    BOOST_TEST(field_text(runs.back(), "error") == "chia was killed by a signal");
    BOOST_TEST(field_int(runs.back(), "exit_code") == -1);
#endif
    const auto plots = lines_named(p->out(), "lfdm_plot");
    BOOST_REQUIRE(plots.size() == 2u);
    BOOST_TEST(field_text(plots[0], "result") == "good");
    BOOST_TEST(field_text(plots[1], "result") == "incomplete");
    BOOST_TEST(!test::process_exists(chia));  // reaped
    BOOST_TEST(timed_gather(*p, 2s).has_value());
    p->close_stdin();
    BOOST_TEST(p->wait_for_exit(3s).value_or(-1) == 0);
    test::record_lines(p->out());
}

BOOST_AUTO_TEST_CASE(flooding_output_keeps_memory_bounded_and_gathers_on_time) {
    farm f("run_at_start = true\n");
    auto p = f.start("flood.script");  // 2 million lines, then a 50 MB line
    std::chrono::milliseconds slowest{0};
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    bool done = false;
    while (!done && std::chrono::steady_clock::now() < deadline) {
        const auto took = timed_gather(*p, 5s);
        BOOST_REQUIRE_MESSAGE(took, "a gather did not come within 5 s during the flood");
        slowest = std::max(slowest, *took);
        const auto runs = lines_named(p->out(), "lfdm_plot_check");
        done = !runs.empty() && state_is(runs.back(), "done");
        std::this_thread::sleep_for(50ms);
    }
    BOOST_REQUIRE(done);
    const long peak_kib = test::peak_memory_kib(p->pid());
    BOOST_TEST_MESSAGE("flood: slowest gather " << slowest.count() << " ms, peak memory "
                                                << peak_kib / 1024 << " MiB");
    BOOST_TEST(slowest < 1000ms);
#if !defined(__SANITIZE_ADDRESS__)
    // 150 MB went through; what stays is the reader's buffers.
    BOOST_TEST(peak_kib < 48 * 1024);
#endif
    const auto runs = lines_named(p->out(), "lfdm_plot_check");
    BOOST_TEST(field_int(runs.back(), "unknown_lines") >= 2'000'000);
    BOOST_TEST(test::count_lines(p->err()) < 10u);
    p->close_stdin();
    BOOST_TEST(p->wait_for_exit(3s).value_or(-1) == 0);
    test::record_lines(p->out());
}

#if !defined(_WIN32)  // Windows has no signals; end of input is tested on both.
BOOST_AUTO_TEST_CASE(sigterm_during_a_run_stops_chia_and_its_children_with_the_plugin) {
    farm f("run_at_start = true\nsilence_timeout = \"1h\"\n");
    auto p = f.start("silent.script");
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "running"); }, 5s));
    const int chia = recorded(f, "pid");
    const int child = recorded(f, "child");
    p->send_signal(SIGTERM);
    BOOST_TEST(p->wait_for_exit(3s).value_or(-1) == 0);
    BOOST_TEST(process_gone(chia));
    BOOST_TEST(process_gone(child));
    BOOST_TEST(f.state_file().find("run_under_way_since") != std::string::npos);
    test::record_lines(p->out());
}
#endif

BOOST_AUTO_TEST_CASE(a_plugin_killed_outright_takes_chia_with_it) {
    farm f("run_at_start = true\nsilence_timeout = \"1h\"\n");
    auto p = f.start("waiting.script");
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "running"); }, 5s));
    const int chia = recorded(f, "pid");
    // As Telegraf does when a plugin ignores its stop (Windows: at once).
    BOOST_REQUIRE(test::kill_process(p->pid()));
    BOOST_TEST(p->wait_for_exit(3s).has_value());
    const bool ended = test::ends_within(chia, 3s);
    BOOST_TEST(ended);
    if (!ended) test::kill_process(chia);  // leave no orphan behind a failure
    test::record_lines(p->out());
}

BOOST_AUTO_TEST_CASE(stdout_closed_during_a_run_stops_the_plugin_and_chia) {
    farm f("run_at_start = true\nsilence_timeout = \"1h\"\n");
    auto p = f.start("silent.script");
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "running"); }, 5s));
    const int chia = recorded(f, "pid");
    const int child = recorded(f, "child");
    test::record_lines(p->out());
    p->close_stdout();
    p->write("\n");
    BOOST_TEST(p->wait_for_exit(3s).value_or(-1) == 1);
    BOOST_TEST(process_gone(chia));
    BOOST_TEST(process_gone(child));
}

BOOST_AUTO_TEST_CASE(a_chia_path_with_spaces_quotes_and_semicolons_is_one_argument_never_a_shell) {
    const test::scratch_dir bin;
#if defined(_WIN32)  // no double quote nor | in a Windows file name; cmd's & instead
    const fs::path dir = bin.path / "Chia's farm; & echo pwned1";
    fs::create_directories(dir);
    const fs::path chia = dir / "chia $(touch pwned2) `touch pwned3` & echo pwned4.exe";
#else
    const fs::path dir = bin.path / "Chia's \"farm\"; touch pwned1";
    fs::create_directories(dir);
    const fs::path chia = dir / "chia $(touch pwned2) `touch pwned3` | touch pwned4";
#endif
    fs::copy_file(LFDM_STUB_CHIA_PATH, chia);
    farm f("run_at_start = true\ngrep = \"disk 1; touch pwned5 && echo $(touch pwned6)\"\n", chia);
    auto p = f.start("good-2.1.script");
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "done"); }, 10s));
    p->close_stdin();
    BOOST_TEST(p->wait_for_exit(3s).value_or(-1) == 0);
    test::record_lines(p->out());

    const auto record = f.record();
    std::vector<std::string> args;
    for (auto [it, end] = record.equal_range("arg"); it != end; ++it)
        args.push_back(it->second);
    const std::vector<std::string> expected = {
        "plots", "check", "-n", "30", "-g", "disk 1; touch pwned5 && echo $(touch pwned6)"};
    BOOST_TEST(args == expected, boost::test_tools::per_element());
    for (const fs::path& place : {fs::current_path(), bin.path, dir, f.dir, f.dir / "state"}) {
        for (int i = 1; i <= 6; ++i) {
            BOOST_TEST(!fs::exists(place / ("pwned" + std::to_string(i))), place << " pwned" << i);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_full_disk_under_the_state_file_is_reported_and_the_previous_state_kept,
                     *boost::unit_test::precondition(test::can_mount_small_filesystem)) {
    const test::small_filesystem disk;
    farm f("");
    std::ofstream(f.dir / "lfdm.toml")
        << "[agent]\nstate_dir = " << config::quote(disk.path().string())
        << "\n[system]\nenabled = false\n[plot_check]\nenabled = true\nrun_at_start = true\n"
        << "chia_path = " << config::quote(LFDM_STUB_CHIA_PATH) << "\n";
    const fs::path state = disk.path() / "plot_check.json";
    {
        auto p = f.start("good-2.1.script");
        BOOST_REQUIRE(gather_until(
            *p, [](const auto& line) { return state_is(line, "done"); }, 10s));
        p->close_stdin();
        BOOST_TEST(p->wait_for_exit(3s).value_or(-1) == 0);
    }
    const std::string before = test::read_file(state);
    BOOST_REQUIRE(before.find("\"state\":\"done\"") != std::string::npos);

    disk.fill();
    auto p = f.start("crash.script");
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "failed"); }, 10s));
    p->close_stdin();
    BOOST_TEST(p->wait_for_exit(3s).value_or(-1) == 0);
    test::record_lines(p->out());
    BOOST_TEST(p->err().find("W! [plot_check] cannot write " + state.string() +
                             ".tmp: No space left on device") != std::string::npos);
    BOOST_TEST(test::read_file(state) == before);
    BOOST_TEST(!fs::exists(state.string() + ".tmp"));
}

BOOST_AUTO_TEST_CASE(a_jump_of_the_system_time_during_a_run_does_not_move_the_next_run,
                     *boost::unit_test::precondition(test::can_fake_time)) {
    farm f("run_at_start = true\ninterval = \"1h\"\n");
    const fs::path offset = f.dir / "clock-offset";
    std::ofstream(offset) << "+0\n";
    auto p = f.start("slow-2.1.script", test::faketime_environment(offset));
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "running"); }, 5s));
    const std::int64_t before = test::parse_lines(p->out()).back().timestamp;
    std::ofstream(offset) << "-1d\n";  // set back a day while chia loads
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "done"); }, 10s));
    const auto after_run = lines_named(p->out(), "lfdm_plot_check").back();
    BOOST_TEST(after_run.timestamp < before - 23 * 3600 * 1'000'000'000LL);
    BOOST_TEST(field_int(after_run, "next_run_seconds") > 3500);
    BOOST_TEST(field_int(after_run, "next_run_seconds") <= 3600);

    std::ofstream(offset) << "+365d\n";  // then on a year
    BOOST_REQUIRE(timed_gather(*p, 2s).has_value());
    const auto later = lines_named(p->out(), "lfdm_plot_check").back();
    BOOST_TEST(later.timestamp > before + 364LL * 86400 * 1'000'000'000LL);
    BOOST_TEST(field_int(later, "next_run_seconds") > 3500);
    BOOST_TEST(field_int(lines_named(p->out(), "lfdm_plot_check_last").back(), "age_seconds") >= 0);
    std::this_thread::sleep_for(300ms);
    BOOST_TEST(f.record().count("pid") == 1u);  // no run started early
    p->close_stdin();
    BOOST_TEST(p->wait_for_exit(3s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::plot_check
