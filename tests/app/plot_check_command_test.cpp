// `lfdm-plugin plot-check --from-log`, run as the real binary.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "support/child_process.hpp"
#include "support/line_parser.hpp"
#include "support/recorded_lines.hpp"

namespace lfdm {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

const fs::path golden = fs::path(LFDM_SOURCE_DIR) / "tests/collectors/plot_check/golden";
const std::string real_run = (golden / "real-832-plots" / "input.log").string();

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plot_check_command)

BOOST_AUTO_TEST_CASE(from_log_prints_every_plot_and_the_run) {
    test::child_process p(LFDM_PLUGIN_PATH, {"plot-check", "--from-log", real_run});
    BOOST_TEST(p.wait_for_exit(10s).value_or(-1) == 0);
    BOOST_TEST(p.err().empty());
    test::record_lines(p.out());
    const auto lines = test::parse_lines(p.out());
    BOOST_REQUIRE(lines.size() == 833u);
    std::size_t bad = 0;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        BOOST_TEST(lines[i].point.measurement == "lfdm_plot");
        if (std::get<std::string>(*lines[i].point.find_field("result")) == "bad") ++bad;
    }
    BOOST_TEST(bad == 7u);
    const auto& run = lines.back().point;
    BOOST_TEST(run.measurement == "lfdm_plot_check");
    BOOST_TEST(std::get<std::int64_t>(*run.find_field("plots_tested")) == 832);
    BOOST_TEST(std::get<std::int64_t>(*run.find_field("total_size_bytes")) == 89778203040468);
}

BOOST_AUTO_TEST_CASE(from_log_reads_standard_input_and_writes_a_report) {
    test::child_process p(LFDM_PLUGIN_PATH, {"plot-check", "--from-log", "-", "--report"});
    p.write(read(golden / "chia-2.1-threads" / "input.log"));
    p.close_stdin();
    BOOST_TEST(p.wait_for_exit(10s).value_or(-1) == 0);
    std::string expected = read(golden / "chia-2.1-threads" / "expected.report");
    expected.replace(0, expected.find('\n'), "Plot check of standard input");
    BOOST_TEST(p.out() == expected);
}

BOOST_AUTO_TEST_CASE(an_unreadable_log_exits_1_naming_it) {
    test::child_process p(LFDM_PLUGIN_PATH, {"plot-check", "--from-log", "/nonexistent/chia.log"});
    BOOST_TEST(p.wait_for_exit(5s).value_or(-1) == 1);
    BOOST_TEST(p.err() ==
               "E! [plot_check] cannot read /nonexistent/chia.log: No such file or directory\n");
    BOOST_TEST(p.out().empty());
}

BOOST_AUTO_TEST_CASE(plot_check_without_a_log_is_a_usage_error) {
    test::child_process p(LFDM_PLUGIN_PATH, {"plot-check", "--report"});
    BOOST_TEST(p.wait_for_exit(5s).value_or(-1) == 2);
    BOOST_TEST(p.err() ==
               "E! plot-check needs --from-log FILE (or --from-log - for standard input)\n");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
