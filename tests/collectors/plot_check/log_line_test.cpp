#include "collectors/plot_check/log_line.hpp"

#include <boost/test/unit_test.hpp>

namespace lfdm::plot_check {

BOOST_AUTO_TEST_SUITE(plot_check_log_line)

BOOST_AUTO_TEST_CASE(reads_the_prefix_of_chia_1_0) {
    const auto l = split_log_line(
        "10:00:00.123  chia.plotting.check_plots        : INFO     \tProofs 30 / 30, 1.0");
    BOOST_TEST(l.prefixed);
    BOOST_TEST((l.level == log_level::info));
    BOOST_TEST(l.time == "10:00:00.123");
    BOOST_TEST(l.logger == "chia.plotting.check_plots");
    BOOST_TEST(l.message == "\tProofs 30 / 30, 1.0");
}

BOOST_AUTO_TEST_CASE(reads_the_dated_prefix_of_chia_1_1_to_2_4_3) {
    const auto l = split_log_line(
        "2021-09-10T10:00:00.000  chia.plotting.check_plots        : WARNING  7 invalid plots "
        "found:");
    BOOST_TEST((l.level == log_level::warning));
    BOOST_TEST(l.time == "2021-09-10T10:00:00.000");
    BOOST_TEST(l.chia_version.empty());
    BOOST_TEST(l.message == "7 invalid plots found:");
}

BOOST_AUTO_TEST_CASE(reads_chia_s_version_from_2_4_4) {
    const auto l = split_log_line(
        "2024-11-01T10:00:00.000 2.4.4  chia.plotting.check_plots        : ERROR    \tProofs 0 / "
        "30, 0.0 Filepath: /mnt/a b/x.plot");
    BOOST_TEST((l.level == log_level::error));
    BOOST_TEST(l.chia_version == "2.4.4");
    BOOST_TEST(l.message == "\tProofs 0 / 30, 0.0 Filepath: /mnt/a b/x.plot");
}

BOOST_AUTO_TEST_CASE(reads_python_s_default_format) {
    const auto l = split_log_line("WARNING:chia.plotting.check_plots:D:\\plots\\x.plot");
    BOOST_TEST((l.level == log_level::warning));
    BOOST_TEST(l.logger == "chia.plotting.check_plots");
    BOOST_TEST(l.message == "D:\\plots\\x.plot");
}

BOOST_AUTO_TEST_CASE(lines_without_a_prefix_are_whole_messages) {
    for (const std::string_view line :
         {"\tD:\\plots\\x.plot", "Traceback (most recent call last):", "  File \"x.py\", line 1",
          "12345 plots", "INFOS:x:y", ""}) {
        const auto l = split_log_line(line);
        BOOST_TEST(!l.prefixed);
        BOOST_TEST(l.message == line);
    }
}

BOOST_AUTO_TEST_CASE(colour_codes_are_removed) {
    std::string scratch;
    BOOST_TEST(strip_ansi("plain", scratch) == "plain");
    BOOST_TEST(strip_ansi("a \x1b[32mINFO    \x1b[0m msg\x1b[0m", scratch) == "a INFO     msg");
    BOOST_TEST(strip_ansi("\x1b[01;31mCRITICAL\x1b[0m", scratch) == "CRITICAL");
    BOOST_TEST(strip_ansi("cut \x1b[3", scratch) == "cut ");
}

BOOST_AUTO_TEST_CASE(times_read_as_seconds) {
    BOOST_TEST(*time_seconds("10:00:01.500") == 36001.5);
    BOOST_TEST(*time_seconds("1970-01-02T00:00:01.000") == 86401.0);
    BOOST_TEST(!time_seconds("yesterday"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::plot_check
