#include "collectors/plot_check/output_parser.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>

namespace lfdm::plot_check {
namespace {

std::string read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

const std::string real_run = read(std::filesystem::path(LFDM_SOURCE_DIR) /
                                  "tests/collectors/plot_check/golden/real-832-plots/input.log");

const std::string plot_a =
    "/mnt/a/plot-k32-2023-01-01-01-00-"
    "1111111111111111111111111111111111111111111111111111111111111111.plot";
const std::string plot_b =
    "/mnt/b c/plot-k32-2023-01-01-01-00-"
    "2222222222222222222222222222222222222222222222222222222222222222.plot";

std::string line(std::string_view level, const std::string& message) {
    return std::string(level) + ":chia.plotting.check_plots:" + message + "\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plot_check_parser)

BOOST_AUTO_TEST_CASE(the_real_832_plot_run_gives_chia_s_summary) {
    output_parser parser;
    parser.feed(real_run);
    parser.finish();
    const auto t = parser.totals();
    BOOST_TEST(t.plots_tested == 832);
    BOOST_TEST(t.plots_good == 825);
    BOOST_TEST(t.plots_bad == 7);
    BOOST_TEST(t.summary_valid == 825);
    BOOST_TEST(t.summary_invalid == 7);
    BOOST_TEST(t.total_size_text == "81.65280");
    BOOST_TEST(t.challenges == 5);
    BOOST_TEST(t.plots_found == 832);
    BOOST_TEST(t.unknown_lines == 0);
    std::vector<std::string> bad;
    for (const auto& plot : parser.plots()) {
        if (plot.outcome == plot_outcome::bad) bad.push_back(plot.path);
    }
    const std::vector<std::string> expected = {
        "/mnt/hydras01/plot-k32-2021-09-14-08-56-"
        "19e0c0bc6c442c403498f5c072fbec9ce04171e17cd283c7fc5d11f2be0d935e.plot",
        "/mnt/hydras03/plot-k32-2021-07-21-03-51-"
        "a1e157fbe3548f7d78b78f9eb4caecf2da174a02d317b0f7964f2112547fdcb6.plot",
        "/mnt/hydras06/plot-k32-2021-07-28-22-37-"
        "312dfe49caa120fd6afc136ef6e9ade0b6868683918c7cfc95ddc9e8ba59d7f5.plot",
        "/mnt/hydras06/plot-k32-2021-08-20-22-49-"
        "a7055e97238019abbf763690de23745babf7f2b92941a00f77cc28853e7ce322.plot",
        "/mnt/sdf/plot-k32-2021-09-06-22-44-"
        "24f422885db67459e7b0f0d3b1c4d100eb648419579d9aa450757e5df66fa781.plot",
        "/mnt/sdg/plot-k32-2021-08-13-09-10-"
        "9e2edefcc60a81e9112455ddfe13750b1f9837697ed2e7f667473da918e7a231.plot",
        "/mnt/sdg/plot-k32-2021-08-14-21-40-"
        "2e64ffd3ab0ce03db1f975b330beffe7ed5b2d2214e2ef628d5a7fd4b2d173ac.plot"};
    BOOST_TEST(bad == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_last_plot_before_the_summary_is_not_lost) {
    output_parser parser;
    parser.feed(real_run);
    const auto& last = parser.plots()[parser.finished().back()];
    BOOST_TEST(last.proofs == 7);
    BOOST_TEST(last.lookups == 7);
    BOOST_TEST(last.lookup_max_ms == 146);
    BOOST_TEST(last.proof_max_ms == 595);
    BOOST_TEST((last.pool == pool_kind::contract));
}

BOOST_AUTO_TEST_CASE(results_are_available_while_the_output_streams) {
    output_parser parser;
    parser.feed(line("INFO", "Testing plot " + plot_a + " k=32"));
    BOOST_TEST(parser.totals().plots_testing == 1);
    BOOST_TEST(parser.finished().empty());
    parser.feed(line("INFO", "\tProofs 3 / 5, 0.6"));
    BOOST_TEST(parser.finished().size() == 1u);
    BOOST_TEST(parser.totals().plots_good == 1);
}

BOOST_AUTO_TEST_CASE(interleaved_threads_are_keyed_by_filepath) {
    output_parser parser;
    parser.feed(line("INFO", "Testing plot " + plot_a + " k=32"));
    parser.feed(line("INFO", "Testing plot " + plot_b + " k=32"));
    parser.feed(line("INFO", "\tLooking up qualities took: 70 ms. Filepath: " + plot_a));
    parser.feed(line("INFO", "\tLooking up qualities took: 9 ms. Filepath: " + plot_b));
    parser.feed(line("INFO", "\tProofs 5 / 5, 1.0. Filepath: " + plot_a));
    parser.feed(line("ERROR", "\tProofs 0 / 5, 0.0 Filepath: " + plot_b));
    const auto& a = parser.plots()[0];
    const auto& b = parser.plots()[1];
    BOOST_TEST(a.lookup_max_ms == 70);
    BOOST_TEST(b.lookup_max_ms == 9);
    BOOST_TEST((a.outcome == plot_outcome::good));
    BOOST_TEST((b.outcome == plot_outcome::bad));
    BOOST_TEST(b.path == plot_b);
}

BOOST_AUTO_TEST_CASE(an_error_makes_a_plot_bad_even_with_proofs) {
    output_parser parser;
    parser.feed(line("INFO", "Testing plot " + plot_a + " k=32"));
    parser.feed(
        line("ERROR", "<class 'AssertionError'>:  error in proving/verifying for plot " + plot_a));
    parser.feed(line("ERROR", "\tProofs 2 / 30, 0.0667"));
    const auto& a = parser.plots()[0];
    BOOST_TEST((a.outcome == plot_outcome::bad));
    BOOST_TEST(a.error == "proving/verifying: AssertionError");
    BOOST_TEST(a.errors == 1);
}

BOOST_AUTO_TEST_CASE(crlf_and_colours_parse_as_plain_lines) {
    output_parser parser;
    parser.feed(
        "2021-09-10T10:00:00.000  chia.plotting.check_plots        : \x1b[32mINFO    \x1b[0m "
        "Testing plot " +
        plot_a + " k=32\x1b[0m\r\n");
    parser.feed(
        "2021-09-10T10:00:01.000  chia.plotting.check_plots        : \x1b[31mERROR   \x1b[0m "
        "\tProofs 0 / 30, 0.0\x1b[0m\r\n");
    BOOST_TEST(parser.plots()[0].path == plot_a);
    BOOST_TEST((parser.plots()[0].outcome == plot_outcome::bad));
    BOOST_TEST(parser.totals().unknown_lines == 0);
}

BOOST_AUTO_TEST_CASE(pasted_spaces_instead_of_tabs_still_parse) {
    output_parser parser;
    parser.feed(line("INFO", "Testing plot " + plot_a + " k=32"));
    parser.feed(line("INFO", "    Looking up qualities took: 12 ms."));
    parser.feed(line("INFO", "    Proofs 1 / 5, 0.2"));
    BOOST_TEST(parser.plots()[0].lookups == 1);
    BOOST_TEST((parser.plots()[0].outcome == plot_outcome::good));
}

BOOST_AUTO_TEST_CASE(prover_lines_on_stdout_are_counted_not_unknown) {
    output_parser parser;
    parser.feed("goodbit, failbit, badbit, eofbit: 0402\nEnter passphrase: ",
                output_stream::stdout_stream);
    parser.finish();
    BOOST_TEST(parser.totals().prover_messages == 1);
    BOOST_TEST(parser.totals().passphrase_prompt);
    BOOST_TEST(parser.totals().unknown_lines == 0);
}

BOOST_AUTO_TEST_CASE(unknown_lines_are_counted_and_sampled) {
    output_parser parser;
    for (int i = 0; i < 30; ++i)
        parser.feed(line("INFO", "something new " + std::to_string(i)));
    parser.feed("not a log line at all\n");
    BOOST_TEST(parser.totals().unknown_lines == 31);
    BOOST_TEST(parser.unknown_samples().size() == output_parser::unknown_samples_kept);
    BOOST_TEST(parser.unknown_samples().front() == "something new 0");
}

BOOST_AUTO_TEST_CASE(unfinished_plots_take_the_outcome_given_at_the_end) {
    output_parser parser;
    parser.feed(line("INFO", "Testing plot " + plot_a + " k=32"));
    parser.finish(plot_outcome::timeout);
    BOOST_TEST((parser.plots()[0].outcome == plot_outcome::timeout));
    BOOST_TEST(parser.finished().size() == 1u);
    BOOST_TEST(parser.totals().plots_testing == 0);
}

BOOST_AUTO_TEST_CASE(an_unfinished_last_line_is_read_at_the_end) {
    output_parser parser;
    parser.feed(line("INFO", "Testing plot " + plot_a + " k=32"));
    parser.feed("INFO:chia.plotting.check_plots:\tProofs 3 / 5, 0.6");
    BOOST_TEST(parser.finished().empty());
    parser.finish();
    BOOST_TEST((parser.plots()[0].outcome == plot_outcome::good));
}

BOOST_AUTO_TEST_CASE(memory_grows_with_plots_not_with_lines) {
    output_parser parser;
    parser.feed(line("INFO", "Testing plot " + plot_a + " k=32"));
    const std::string timing = line("INFO", "\tLooking up qualities took: 3 ms.");
    for (int i = 0; i < 100000; ++i)
        parser.feed(timing);
    BOOST_TEST(parser.plots().size() == 1u);
    BOOST_TEST(parser.plots()[0].lookups == 100000);
    BOOST_TEST(parser.totals().unknown_lines == 0);
}

BOOST_AUTO_TEST_CASE(an_endless_line_is_cut_not_kept) {
    output_parser parser;
    const std::string chunk(1 << 20, 'x');
    for (int i = 0; i < 8; ++i)
        parser.feed(chunk);
    parser.feed("\n");
    BOOST_TEST(parser.totals().unknown_lines >= 1);
    BOOST_TEST(parser.unknown_samples().front().size() <= 500u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::plot_check
