#include "core/config_schema.hpp"

#include <boost/test/unit_test.hpp>

namespace lfdm::config {
namespace {

std::optional<std::string> fake_environment(const std::string& name) {
    if (name == "FARMER") return "zoé";
    if (name == "EMPTY") return "";
    return std::nullopt;
}

std::string expand(std::string_view text, std::string& problem) {
    return expand_environment(text, fake_environment, problem);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config_schema)

BOOST_AUTO_TEST_CASE(expands_set_variables_and_fallbacks) {
    std::string problem;
    BOOST_TEST(expand("farm-${FARMER}-${EMPTY}x", problem) == "farm-zoé-x");
    BOOST_TEST(expand("${MISSING:-default}", problem) == "default");
    BOOST_TEST(expand("$${FARMER} costs $5", problem) == "${FARMER} costs $5");
    BOOST_TEST(problem.empty());
}

BOOST_AUTO_TEST_CASE(unset_variables_and_open_braces_are_problems) {
    std::string problem;
    expand("${MISSING}", problem);
    BOOST_TEST(problem == "uses environment variable MISSING, which is not set");
    problem.clear();
    expand("${FARMER", problem);
    BOOST_TEST(problem == "has an unclosed \"${\"");
}

BOOST_AUTO_TEST_CASE(suggests_the_nearest_key_only_when_close) {
    const std::vector<std::string> keys = {"enabled", "interval", "challenges"};
    BOOST_TEST(nearest("enabeld", keys).value() == "enabled");
    BOOST_TEST(nearest("intervall", keys).value() == "interval");
    BOOST_TEST(nearest("challenge", keys).value() == "challenges");
    BOOST_TEST(!nearest("colour", keys).has_value());
}

BOOST_AUTO_TEST_CASE(quotes_strings_as_toml_basic_strings) {
    BOOST_TEST(quote("C:\\plots \"new\"\n") == "\"C:\\\\plots \\\"new\\\"\\n\"");
    BOOST_TEST(quote(std::string("a\x01", 2)) == "\"a\\u0001\"");
}

BOOST_AUTO_TEST_CASE(utf8_is_told_from_other_bytes) {
    BOOST_TEST(is_utf8(""));
    BOOST_TEST(is_utf8("zo\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x8C\xB1"));
    BOOST_TEST(!is_utf8("caf\xE9"));           // Latin-1
    BOOST_TEST(!is_utf8("\xC3"));              // cut short
    BOOST_TEST(!is_utf8("\xC0\xAF"));          // overlong '/'
    BOOST_TEST(!is_utf8("\xED\xA0\x80"));      // a surrogate
    BOOST_TEST(!is_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
    BOOST_TEST(!is_utf8("\x81"));              // a stray continuation byte
}

BOOST_AUTO_TEST_CASE(checks_say_what_is_allowed) {
    BOOST_TEST(at_least(std::int64_t{5})(4) == "must be at least 5");
    BOOST_TEST(at_least(std::int64_t{5})(5).empty());
    BOOST_TEST(between(1, 3)(4) == "must be between 1 and 3");
    BOOST_TEST(one_of({"a", "b"})("c") == "must be one of \"a\", \"b\", not \"c\"");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::config
