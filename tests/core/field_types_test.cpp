#include "core/field_types.hpp"

#include <boost/test/unit_test.hpp>

namespace lfdm {

BOOST_AUTO_TEST_SUITE(field_type_guard)

BOOST_AUTO_TEST_CASE(integer_where_a_float_was_seen_becomes_a_float) {
    field_types types;
    std::vector<std::string> notes;
    metric first("m");
    first.field("temperature", 61.5);
    types.enforce(first, notes);
    metric second("m");
    second.field("temperature", 62);
    types.enforce(second, notes);
    BOOST_TEST(std::get<double>(second.fields.at(0).second) == 62.0);
    BOOST_TEST(notes.empty());
}

BOOST_AUTO_TEST_CASE(other_type_changes_drop_the_field_and_say_so_once) {
    field_types types;
    std::vector<std::string> notes;
    for (int i = 0; i < 3; ++i) {
        metric m("m");
        if (i == 0)
            m.field("shares", 7);
        else
            m.field("shares", "seven");
        m.field("other", 1);
        types.enforce(m, notes);
        BOOST_TEST(m.fields.size() == (i == 0 ? 2u : 1u));
    }
    BOOST_TEST(notes.size() == 1u);
    BOOST_TEST(notes.at(0) == "m: field \"shares\" left out: it was integer and is now string");
}

BOOST_AUTO_TEST_CASE(same_field_name_in_two_measurements_is_independent) {
    field_types types;
    std::vector<std::string> notes;
    metric a("a"), b("b");
    a.field("v", 1);
    b.field("v", "text");
    types.enforce(a, notes);
    types.enforce(b, notes);
    BOOST_TEST(b.fields.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
