#include "core/collector_health.hpp"

#include <boost/test/unit_test.hpp>

namespace lfdm {
namespace {

gather_outcome failing(std::string error) {
    gather_outcome o;
    o.result = gather_outcome::status::error;
    o.errors.push_back(std::move(error));
    return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(collector_health_log)

BOOST_AUTO_TEST_CASE(logs_once_when_failing_starts_and_once_on_recovery) {
    collector_health health("system");
    BOOST_TEST(!health.record({}).has_value());

    const auto first = health.record(failing("cannot read /proc/stat: gone"));
    BOOST_REQUIRE(first.has_value());
    BOOST_TEST((first->level == log::level::error));
    BOOST_TEST(first->message == "cannot read /proc/stat: gone");

    const auto again = health.record(failing("cannot read /proc/stat: gone"));
    BOOST_TEST((again->level == log::level::debug));

    const auto back = health.record({});
    BOOST_TEST((back->level == log::level::info));
    BOOST_TEST(back->message == "recovered after 2 failed gathers");
    BOOST_TEST(!health.record({}).has_value());
}

BOOST_AUTO_TEST_CASE(timeout_is_a_warning) {
    collector_health health("system");
    gather_outcome late;
    late.result = gather_outcome::status::timeout;
    const auto event = health.record(late);
    BOOST_TEST((event->level == log::level::warning));
}

BOOST_AUTO_TEST_CASE(metric_reports_status_counts_and_last_error) {
    collector_health health("trex");
    health.record(failing("cannot connect"));
    auto o = failing("a");
    o.errors.push_back("b");
    health.record(o);
    const metric m = health.to_metric();
    BOOST_TEST(m.measurement == "lfdm_collector");
    BOOST_TEST(*m.find_tag("collector") == "trex");
    BOOST_TEST(std::get<std::string>(*m.find_field("status")) == "error");
    BOOST_TEST(std::get<std::int64_t>(*m.find_field("healthy")) == 0);
    BOOST_TEST(std::get<std::int64_t>(*m.find_field("errors")) == 2);
    BOOST_TEST(std::get<std::int64_t>(*m.find_field("errors_total")) == 3);
    BOOST_TEST(std::get<std::string>(*m.find_field("last_error")) == "a (and 1 more problem)");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
