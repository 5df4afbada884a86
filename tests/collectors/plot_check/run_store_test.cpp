#include "collectors/plot_check/run_store.hpp"

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "support/scratch_dir.hpp"
#include "support/small_filesystem.hpp"

namespace lfdm::plot_check {
namespace {

namespace fs = std::filesystem;

struct state_dir {
    fs::path path = fs::temp_directory_path() / ("lfdm-state-" + std::to_string(::getpid()));
    ~state_dir() { fs::remove_all(path); }
};

run_summary a_run() {
    run_summary r;
    r.state = "done";
    r.started_unix_seconds = 1'700'000'000;
    r.finished_unix_seconds = 1'700'003'600;
    r.duration_seconds = 3600.5;
    r.plots_tested = 832;
    r.plots_good = 825;
    r.plots_bad = 7;
    r.total_size_bytes = 89778203040468;
    r.loading_seconds = 12.25;
    r.chia_version = "2.4.4";
    r.exit_code = 0;
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plot_check_state_file)

BOOST_AUTO_TEST_CASE(a_saved_state_loads_back_the_same) {
    state_dir dir;
    const fs::path file = dir.path / "sub" / "plot_check.json";
    stored_runs runs;
    runs.last = a_run();
    runs.interrupted_started_unix_seconds = 1'700'010'000;
    BOOST_TEST(save_runs(file, runs) == "");
    BOOST_TEST(!fs::exists(file.string() + ".tmp"));
    std::string problem;
    const auto loaded = load_runs(file, problem);
    BOOST_REQUIRE(loaded);
    BOOST_TEST(serialize(*loaded) == serialize(runs));
    BOOST_TEST(loaded->last->plots_bad == 7);
    BOOST_TEST(*loaded->last->loading_seconds == 12.25);
    BOOST_TEST(!loaded->last->testing_seconds);
}

BOOST_AUTO_TEST_CASE(saving_again_replaces_the_file_whole) {
    state_dir dir;
    const fs::path file = dir.path / "plot_check.json";
    stored_runs runs;
    runs.last = a_run();
    BOOST_TEST(save_runs(file, runs) == "");
    runs.last->plots_bad = 0;
    runs.last->error = std::string(10000, 'e');
    BOOST_TEST(save_runs(file, runs) == "");
    std::string problem;
    BOOST_TEST(load_runs(file, problem)->last->plots_bad == 0);
}

BOOST_AUTO_TEST_CASE(an_absent_file_is_an_empty_state) {
    std::string problem;
    const auto runs = load_runs("/nonexistent/lfdm/plot_check.json", problem);
    BOOST_REQUIRE(runs);
    BOOST_TEST(!runs->last);
    BOOST_TEST(problem.empty());
}

BOOST_AUTO_TEST_CASE(a_damaged_file_is_named_with_the_problem) {
    state_dir dir;
    fs::create_directories(dir.path);
    std::ofstream(dir.path / "plot_check.json") << "{\"version\": 1, \"last_run\": ";
    std::string problem;
    BOOST_TEST(!load_runs(dir.path / "plot_check.json", problem));
    BOOST_TEST(problem.starts_with("cannot read " + (dir.path / "plot_check.json").string()));
}

BOOST_AUTO_TEST_CASE(an_unwritable_place_is_reported) {
    stored_runs runs;
    BOOST_TEST(
        save_runs("/proc/lfdm/plot_check.json", runs).starts_with("cannot create /proc/lfdm"));
}

BOOST_AUTO_TEST_CASE(a_full_disk_keeps_the_previous_state_whole,
                     *boost::unit_test::precondition(test::can_mount_small_filesystem)) {
    const test::small_filesystem disk;
    const fs::path file = disk.path() / "plot_check.json";
    stored_runs runs;
    runs.last = a_run();
    BOOST_REQUIRE(save_runs(file, runs) == "");
    const std::string before = test::read_file(file);

    disk.fill();
    runs.last->plots_bad = 0;
    runs.last->error = std::string(20000, 'e');  // more than the room left
    BOOST_TEST(save_runs(file, runs) ==
               "cannot write " + file.string() + ".tmp: No space left on device");
    BOOST_TEST(test::read_file(file) == before);
    BOOST_TEST(!fs::exists(file.string() + ".tmp"));
    std::string problem;
    BOOST_TEST(load_runs(file, problem)->last->plots_bad == 7);
}

BOOST_AUTO_TEST_CASE(a_read_only_disk_keeps_the_previous_state_whole,
                     *boost::unit_test::precondition(test::can_mount_small_filesystem)) {
    const test::small_filesystem disk;
    const fs::path file = disk.path() / "plot_check.json";
    stored_runs runs;
    runs.last = a_run();
    BOOST_REQUIRE(save_runs(file, runs) == "");
    const std::string before = test::read_file(file);

    disk.make_read_only();
    runs.last->plots_bad = 0;
    BOOST_TEST(save_runs(file, runs) ==
               "cannot write " + file.string() + ".tmp: Read-only file system");
    BOOST_TEST(test::read_file(file) == before);
}

BOOST_AUTO_TEST_CASE(a_state_directory_that_is_a_file_is_reported) {
    test::scratch_dir dir;
    const auto blocker = dir.write("state", "not a directory");
    stored_runs runs;
    BOOST_TEST(save_runs(blocker / "plot_check.json", runs)
                   .starts_with("cannot create " + blocker.string() + ": "));
    BOOST_TEST(test::read_file(blocker) == "not a directory");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::plot_check
