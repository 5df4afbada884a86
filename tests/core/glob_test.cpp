#include "core/glob.hpp"

#include <boost/test/unit_test.hpp>

namespace lfdm {

BOOST_AUTO_TEST_SUITE(glob)

BOOST_AUTO_TEST_CASE(star_and_question_mark_match_across_slashes) {
    BOOST_TEST(glob_match("/mnt/plots*", "/mnt/plots12"));
    BOOST_TEST(glob_match("/mnt/*/farm", "/mnt/a/b/farm"));
    BOOST_TEST(glob_match("sd?", "sda"));
    BOOST_TEST(!glob_match("sd?", "sda1"));
    BOOST_TEST(glob_match("*", ""));
    BOOST_TEST(!glob_match("/", "/boot"));
}

BOOST_AUTO_TEST_CASE(case_is_ignored_on_request) {
    BOOST_TEST(glob_match("d:\\*", "D:\\plots", true));
    BOOST_TEST(!glob_match("d:\\*", "D:\\plots"));
}

BOOST_AUTO_TEST_CASE(pathological_patterns_stay_fast) {
    const std::string text(10'000, 'a');
    BOOST_TEST(!glob_match("*a*a*a*a*a*a*a*a*b", text));
}

BOOST_AUTO_TEST_CASE(select_applies_include_then_exclude) {
    BOOST_TEST(glob_select({}, {"lo"}, "eth0"));
    BOOST_TEST(!glob_select({}, {"lo"}, "lo"));
    BOOST_TEST(!glob_select({"sd*"}, {}, "nvme0n1"));
    BOOST_TEST(!glob_select({"sd*"}, {"sdz"}, "sdz"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
