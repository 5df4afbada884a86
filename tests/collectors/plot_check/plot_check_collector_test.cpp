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
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "support/child_process.hpp"
#include "support/line_parser.hpp"
#include "support/recorded_lines.hpp"

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
    explicit farm(const std::string& options) {
        static int counter = 0;
        dir = fs::temp_directory_path() /
              ("lfdm-plot-check-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::create_directories(dir / "plots");
        std::ofstream(dir / "lfdm.toml")
            << "[agent]\nstate_dir = \"" << (dir / "state").string()
            << "\"\n[system]\nenabled = false\n[plot_check]\n"
            << "enabled = true\nchia_path = \"" << LFDM_STUB_CHIA_PATH << "\"\n"
            << options;
    }
    ~farm() { fs::remove_all(dir); }

    std::unique_ptr<child_process> start(const std::string& script) const {
        return std::make_unique<child_process>(
            LFDM_PLUGIN_PATH, std::vector<std::string>{"--config", (dir / "lfdm.toml").string()},
            std::map<std::string, std::string>{
                {"LFDM_STUB_CHIA_SCRIPT", (scripts / script).string()},
                {"LFDM_STUB_CHIA_RECORD", (dir / "record.txt").string()}});
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
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return true;
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const std::size_t close = text.rfind(')');
    return close != std::string::npos && text.substr(close + 2, 1) == "Z";
}

bool process_exists(int pid) {
    return fs::exists("/proc/" + std::to_string(pid));
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

}  // namespace

BOOST_AUTO_TEST_SUITE(plot_check_process)

BOOST_AUTO_TEST_CASE(a_run_is_followed_and_each_plot_reported_once_paced) {
    farm f("run_at_start = true\ninterval = \"1h\"\nmax_plots_per_gather = 2\n");
    std::ofstream(f.dir / "plots" / "plot-k32-a.plot") << "x";
    std::ofstream(f.dir / "plots" / "plot-k32-b.plot.tmp") << "partial";
    {
        std::ofstream config(f.dir / "lfdm.toml", std::ios::app);
        config << "plot_dirs = [\"" << (f.dir / "plots").string() << "\", \""
               << (f.dir / "gone").string() << "\"]\n";
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
    BOOST_TEST(record.find("session_leader")->second == "yes");
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
    BOOST_TEST(!process_exists(chia));  // reaped: no zombie left by the plugin
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
        << "[agent]\nstate_dir = \"" << (f.dir / "state").string()
        << "\"\n[system]\nenabled = false\n[plot_check]\nenabled = true\nrun_at_start = true\n"
        << "chia_path = \"/nonexistent/chia\"\n";
    auto p = f.start("good-2.1.script");
    BOOST_REQUIRE(gather_until(
        *p, [](const auto& line) { return state_is(line, "failed"); }, 5s));
    const auto runs = lines_named(p->out(), "lfdm_plot_check");
    BOOST_TEST(field_text(runs.back(), "error") ==
               "cannot find chia at /nonexistent/chia (chia_path in [plot_check])");
    BOOST_TEST(p->err().find("E! [plot_check] cannot find chia at /nonexistent/chia") !=
               std::string::npos);
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

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::plot_check
