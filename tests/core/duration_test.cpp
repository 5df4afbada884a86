#include "core/duration.hpp"

#include <boost/test/unit_test.hpp>

namespace lfdm {

BOOST_AUTO_TEST_SUITE(durations)

BOOST_AUTO_TEST_CASE(reads_every_unit_and_combinations) {
    BOOST_TEST(parse_duration("500ms")->count() == 500);
    BOOST_TEST(parse_duration("10s")->count() == 10'000);
    BOOST_TEST(parse_duration("30m")->count() == 1'800'000);
    BOOST_TEST(parse_duration("24h")->count() == 86'400'000);
    BOOST_TEST(parse_duration("7d")->count() == 604'800'000);
    BOOST_TEST(parse_duration("1h30m")->count() == 5'400'000);
    BOOST_TEST(parse_duration("0s")->count() == 0);
}

BOOST_AUTO_TEST_CASE(refuses_anything_else) {
    for (const char* text :
         {"", "10", "s", "1.5h", "-1s", "10 s", "1y", "1h30", "99999999999999999d"}) {
        BOOST_TEST_INFO(text);
        BOOST_TEST(!parse_duration(text).has_value());
    }
}

BOOST_AUTO_TEST_CASE(formats_text_that_reads_back_in_hours_and_smaller_units) {
    BOOST_TEST(format_duration(duration(5'400'000)) == "1h30m");
    BOOST_TEST(format_duration(duration(86'400'000)) == "24h");
    BOOST_TEST(format_duration(duration(1'500)) == "1s500ms");
    BOOST_TEST(format_duration(duration(0)) == "0s");
    for (const long long ms : {1LL, 999LL, 61'001LL, 90'061'001LL}) {
        BOOST_TEST(parse_duration(format_duration(duration(ms)))->count() == ms);
    }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
