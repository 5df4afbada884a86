#include "app/cli.hpp"

#include <boost/test/unit_test.hpp>

namespace lfdm {
namespace {

std::string error_of(std::vector<std::string_view> args) {
    try {
        parse_cli(args);
    } catch (const usage_error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(command_line)

BOOST_AUTO_TEST_CASE(defaults_to_gathering_on_stdin_lines) {
    const auto options = parse_cli({});
    BOOST_TEST((options.what == cli_options::action::run));
    BOOST_TEST((options.mode == trigger::stdin_line));
    BOOST_TEST(!options.config_path.has_value());
}

BOOST_AUTO_TEST_CASE(reads_every_option_in_both_forms) {
    const auto a = parse_cli({"--config", "/etc/lfdm/lfdm.toml", "--interval", "30s", "--debug"});
    BOOST_TEST(*a.config_path == "/etc/lfdm/lfdm.toml");
    BOOST_TEST((a.mode == trigger::interval));
    BOOST_TEST(a.interval.count() == 30'000);
    BOOST_TEST(a.debug);
    const auto b = parse_cli({"--config=C:\\lfdm\\lfdm.toml", "--once"});
    BOOST_TEST(*b.config_path == "C:\\lfdm\\lfdm.toml");
    BOOST_TEST((b.mode == trigger::once));
}

BOOST_AUTO_TEST_CASE(wrong_command_lines_are_explained) {
    BOOST_TEST(error_of({"--onse"}) ==
               "unknown option \"--onse\" (did you mean \"--once\"?); see lfdm-plugin --help");
    BOOST_TEST(error_of({"--config"}) == "option --config needs a value");
    BOOST_TEST(error_of({"--once=yes"}) == "option --once takes no value");
    BOOST_TEST(error_of({"--once", "--interval", "10s"}) ==
               "--once and --interval cannot be combined");
    BOOST_TEST(error_of({"--interval", "10"}) ==
               "--interval needs a duration of at least 100ms, such as \"10s\"; got \"10\"");
}

BOOST_AUTO_TEST_CASE(plot_check_reads_its_own_options) {
    const auto o = parse_cli({"plot-check", "--from-log", "-", "--report", "--config=lfdm.toml"});
    BOOST_TEST((o.what == cli_options::action::plot_check_log));
    BOOST_TEST(o.from_log == "-");
    BOOST_TEST(o.report);
    BOOST_TEST(*o.config_path == "lfdm.toml");
    BOOST_TEST(error_of({"plot-check", "--from-log", "x", "--reprot"}) ==
               "unknown plot-check option \"--reprot\" (did you mean \"--report\"?); see "
               "lfdm-plugin --help");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
