#include "core/line_protocol.hpp"

#include <cmath>
#include <limits>
#include <random>
#include <regex>

#include <boost/test/unit_test.hpp>

#include "support/line_parser.hpp"
#include "support/recorded_lines.hpp"

namespace lfdm {
namespace {

constexpr std::int64_t timestamp = 1'700'000'000'123'456'789;

std::string line_of(const metric& m, std::vector<std::string>* notes = nullptr) {
    std::string out;
    line_protocol::write(out, m, timestamp, notes);
    test::record_lines(out);
    return out;
}

test::parsed_line round_trip(const metric& m) {
    const std::string line = line_of(m);
    BOOST_TEST_INFO("line: " << line);
    return test::parse_line(line);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(line_protocol)

BOOST_AUTO_TEST_CASE(writes_measurement_sorted_tags_typed_fields_and_timestamp) {
    metric m("lp_plot");
    m.tag("plot_id", "4ca2b2").tag("drive", "/mnt/hydras01");
    m.field("proofs", 9).field("ratio", 1.8).field("ok", true).field("result", "good");
    BOOST_TEST(line_of(m) ==
               "lp_plot,drive=/mnt/hydras01,plot_id=4ca2b2 proofs=9i,ratio=1.8,ok=true,"
               "result=\"good\" 1700000000123456789\n");
}

BOOST_AUTO_TEST_CASE(escapes_commas_spaces_and_equals_where_the_parser_needs_it) {
    metric m("my measure,x=1");
    m.tag("tag key,=", "a value, with=all").field("field key=", 1);
    BOOST_TEST(line_of(m) ==
               "my\\ measure\\,x=1,tag\\ key\\,\\==a\\ value\\,\\ with\\=all field\\ key\\==1i "
               "1700000000123456789\n");
    const auto back = round_trip(m);
    BOOST_TEST(back.point.measurement == "my measure,x=1");
    BOOST_TEST(*back.point.find_tag("tag key,=") == "a value, with=all");
    BOOST_TEST(back.point.find_field("field key=") != nullptr);
}

BOOST_AUTO_TEST_CASE(drive_root_loses_its_trailing_backslash) {
    metric m("lp_disk");
    m.tag("path", "D:\\").field("free_bytes", 1);
    BOOST_TEST(line_of(m) == "lp_disk,path=D: free_bytes=1i 1700000000123456789\n");
}

BOOST_AUTO_TEST_CASE(windows_paths_keep_their_inner_backslashes) {
    metric m("lp_plot");
    m.tag("path", "C:\\Program Files\\Chia\\plots").tag("unc", "\\\\nas\\plots\\");
    m.field("n", 1);
    const auto back = round_trip(m);
    BOOST_TEST(*back.point.find_tag("path") == "C:\\Program Files\\Chia\\plots");
    BOOST_TEST(*back.point.find_tag("unc") == "\\\\nas\\plots");
}

BOOST_AUTO_TEST_CASE(backslash_before_an_escaped_character_or_quote_is_dropped) {
    metric m("lp_backslash");
    m.tag("a", "x\\,y").tag("b", "x\\\\ y").tag("c", "say \\\"hi\\\"").field("f", 1);
    const auto back = round_trip(m);
    BOOST_TEST(*back.point.find_tag("a") == "x,y");
    BOOST_TEST(*back.point.find_tag("b") == "x y");
    BOOST_TEST(*back.point.find_tag("c") == "say \"hi\"");
}

BOOST_AUTO_TEST_CASE(string_fields_escape_backslash_and_quote_only) {
    metric m("lp_string");
    m.field("path", "C:\\plots\\\"new\" dir, x=1");
    BOOST_TEST(line_of(m) ==
               "lp_string path=\"C:\\\\plots\\\\\\\"new\\\" dir, x=1\" 1700000000123456789\n");
    const auto back = round_trip(m);
    BOOST_TEST(std::get<std::string>(*back.point.find_field("path")) ==
               "C:\\plots\\\"new\" dir, x=1");
}

BOOST_AUTO_TEST_CASE(control_characters_become_spaces_and_bad_utf8_a_replacement) {
    metric m("m\tx");
    m.tag("t", std::string("a\nb\rc\0d", 7)).field("s", "line1\nline2\x7f").field("u", "ok\xff");
    const auto back = round_trip(m);
    BOOST_TEST(back.point.measurement == "m x");
    BOOST_TEST(*back.point.find_tag("t") == "a b c d");
    BOOST_TEST(std::get<std::string>(*back.point.find_field("s")) == "line1 line2 ");
    BOOST_TEST(std::get<std::string>(*back.point.find_field("u")) == "ok\xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(non_ascii_names_pass_unchanged) {
    metric m("lp_unicode");
    m.tag("rig", "Ferme de Zoé 日本").field("température", 61.5);
    const auto back = round_trip(m);
    BOOST_TEST(*back.point.find_tag("rig") == "Ferme de Zoé 日本");
    BOOST_TEST(std::get<double>(*back.point.find_field("température")) == 61.5);
}

BOOST_AUTO_TEST_CASE(empty_tags_and_repeated_keys_are_left_out) {
    metric m("lp_empty_tags");
    m.tag("empty", "").tag("", "x").tag("rig", "a").tag("rig", "b").tag("slash", "\\");
    m.field("v", 1).field("v", 2.5);
    BOOST_TEST(line_of(m) == "lp_empty_tags,rig=a v=1i 1700000000123456789\n");
}

BOOST_AUTO_TEST_CASE(time_is_never_a_tag_or_field_name) {
    metric m("lp_time");
    m.tag("time", "x").field("time", 1).field("v", 2);
    std::vector<std::string> notes;
    BOOST_TEST(line_of(m, &notes) == "lp_time v=2i 1700000000123456789\n");
    BOOST_TEST(notes.size() == 2u);
}

BOOST_AUTO_TEST_CASE(non_finite_floats_are_dropped_and_said) {
    metric m("lp_nan");
    m.field("nan", std::nan("")).field("inf", std::numeric_limits<double>::infinity());
    m.field("ok", 1.5);
    std::vector<std::string> notes;
    BOOST_TEST(line_of(m, &notes) == "lp_nan ok=1.5 1700000000123456789\n");
    BOOST_TEST(notes.at(0) == "lp_nan: field \"nan\" left out: not a finite number");
}

BOOST_AUTO_TEST_CASE(a_metric_without_fields_is_not_written) {
    metric m("lp_no_field");
    m.tag("a", "b").field("nan", std::nan(""));
    std::vector<std::string> notes;
    std::string out = "kept\n";
    BOOST_TEST(!line_protocol::write(out, m, timestamp, &notes));
    BOOST_TEST(out == "kept\n");
    BOOST_TEST(notes.back() == "metric \"lp_no_field\" left out: no field to write");
}

BOOST_AUTO_TEST_CASE(invalid_measurement_names_are_refused) {
    std::string out;
    BOOST_TEST(!line_protocol::write(out, metric(""), timestamp));
    metric comment("#m");
    comment.field("v", 1);
    BOOST_TEST(!line_protocol::write(out, comment, timestamp));
    BOOST_TEST(out.empty());
}

BOOST_AUTO_TEST_CASE(integers_keep_their_full_range) {
    metric m("lp_integers");
    m.field("min", std::numeric_limits<std::int64_t>::min())
        .field("max", std::numeric_limits<std::int64_t>::max())
        .field("huge_unsigned", std::numeric_limits<std::uint64_t>::max());
    BOOST_TEST(line_of(m) ==
               "lp_integers min=-9223372036854775808i,max=9223372036854775807i,"
               "huge_unsigned=9223372036854775807i 1700000000123456789\n");
}

BOOST_AUTO_TEST_CASE(floats_are_shortest_and_read_back_exactly) {
    const std::vector<double> values = {0.1,      1.0,     -0.0,    1e300, 5e-324,
                                        81.65280, 1.0 / 3, 2.5e-10, 1e21,  123456789.125};
    for (const double v : values) {
        metric m("lp_floats");
        m.field("v", v);
        const auto back = round_trip(m);
        BOOST_TEST(std::get<double>(*back.point.find_field("v")) == v);
    }
    metric one("lp_floats");
    one.field("v", 1.0);
    BOOST_TEST(line_of(one) == "lp_floats v=1 1700000000123456789\n");
}

/// The documented rule, restated independently of the writer: clean the
/// text, then drop backslash runs before a special character or the end.
std::string expected_tag(const std::string& text) {
    static const std::regex lost(R"(\\+([ ,="]|$))");
    return std::regex_replace(line_protocol::clean_text(text), lost, "$1");
}

BOOST_AUTO_TEST_CASE(random_metrics_round_trip_through_the_strict_parser) {
    std::mt19937_64 random(20261203);
    const std::string alphabet = "ab ,=\"\\\t\n\xc3\xa9\xff#xyz:";
    const auto text = [&](std::size_t max) {
        std::string s;
        const std::size_t n = 1 + random() % max;
        for (std::size_t i = 0; i < n; ++i)
            s += alphabet[random() % alphabet.size()];
        return s;
    };
    std::string all;
    for (int round = 0; round < 2000; ++round) {
        metric m("lp_random" + text(6));
        const std::string key = "k" + text(5), value = text(8);
        m.tag("q" + text(5), text(8)).tag(key, value).tag("a" + text(3), text(4));
        m.field("i", static_cast<std::int64_t>(random()));
        m.field("s" + text(4), text(10));
        std::string line;
        if (!line_protocol::write(line, m, timestamp)) continue;
        all += line;
        const auto back = test::parse_line(line);
        BOOST_TEST_INFO("line: " << line);
        const std::string tag_value = expected_tag(value);
        const std::string tag_key = expected_tag(key);
        if (!tag_value.empty() && tag_key != "time") {
            BOOST_TEST(*back.point.find_tag(tag_key) == tag_value);
        }
        BOOST_TEST(std::get<std::int64_t>(*back.point.find_field("i")) ==
                   std::get<std::int64_t>(m.fields[0].second));
    }
    test::record_lines(all);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
