// The LFDM index template: valid JSON, the same as the shipped example, and
// a mapping of the right type for every measurement and field the plugin
// documents (collector READMEs), writes (golden output, a live run) or the
// inputs lfdm-confgen writes produce.
#include "telegraf/es_template.hpp"

#include <filesystem>
#include <set>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include "support/child_process.hpp"
#include "support/line_parser.hpp"
#include "support/metric_docs.hpp"
#include "support/scratch_dir.hpp"

namespace lfdm::confgen {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
const fs::path source_dir = LFDM_SOURCE_DIR;

const json::object& template_properties(const json::value& body) {
    return body.at("template").at("mappings").at("properties").as_object();
}

/// The Elasticsearch type the template gives `measurement.field`, or "".
std::string mapped_type(const json::value& body, const std::string& measurement,
                        const std::string& field) {
    const auto& properties = template_properties(body);
    const auto* m = properties.if_contains(measurement);
    if (!m) return "";
    const auto* f = m->at("properties").as_object().if_contains(field);
    return f ? std::string(f->at("type").as_string()) : "";
}

/// The Elasticsearch type a documented or written type must get.
std::string expected_type(std::string_view type) {
    if (type == "integer" || type == "int") return "long";
    if (type == "float" || type == "double") return "double";
    if (type == "boolean" || type == "bool") return "boolean";
    if (type == "string") return "keyword";
    return "unknown type \"" + std::string(type) + "\"";
}

std::string line_type(const field_value& value) {
    return std::string(type_name(value));
}

bool maps_tag(const json::value& body, const std::string& tag) {
    return template_properties(body).at("tag").at("properties").as_object().contains(tag);
}

/// Checks that every field of every line in `text` is mapped with its type.
void check_lines_are_mapped(const json::value& body, const std::string& text,
                            const std::string& origin) {
    for (const auto& line : test::parse_lines(text)) {
        for (const auto& [key, value] : line.point.fields) {
            BOOST_TEST_INFO(origin << ": " << line.point.measurement << "." << key);
            BOOST_TEST(mapped_type(body, line.point.measurement, key) ==
                       expected_type(line_type(value)));
        }
        for (const auto& [key, value] : line.point.tags) {
            BOOST_TEST_INFO(origin << ": tag " << key);
            BOOST_TEST(maps_tag(body, key));
        }
    }
}

json::value lfdm_template() {
    return es_index_template(documented_measurements());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(es_template)

BOOST_AUTO_TEST_CASE(is_valid_json_with_a_composable_template_shape) {
    const auto body = json::parse(pretty_json(lfdm_template()));
    BOOST_TEST(body.at("index_patterns").at(0).as_string() == "data-*");
    BOOST_TEST(body.at("priority").as_int64() == 200);
    BOOST_TEST(template_properties(body).at("@timestamp").at("type").as_string() == "date");
    BOOST_TEST(template_properties(body).at("measurement_name").at("type").as_string() ==
               "keyword");
}

BOOST_AUTO_TEST_CASE(shipped_example_is_the_generated_template) {
    const auto shipped =
        test::read_file(source_dir / "examples/elasticsearch/lfdm-index-template.json");
    BOOST_TEST(shipped == pretty_json(lfdm_template()));
}

BOOST_AUTO_TEST_CASE(maps_every_catalogue_field_with_its_type) {
    const auto body = lfdm_template();
    for (const auto& m : documented_measurements()) {
        for (const auto& f : m.fields) {
            BOOST_TEST_INFO(m.name << "." << f.name);
            BOOST_TEST(mapped_type(body, m.name, f.name) == expected_type(field_kind_name(f.type)));
        }
        for (const auto& tag : m.tags)
            BOOST_TEST(maps_tag(body, tag));
    }
}

BOOST_AUTO_TEST_CASE(maps_tags_as_keywords_and_unknown_numbers_as_doubles) {
    const auto body = lfdm_template();
    for (const char* tag : {"pseudo", "rig", "host", "cpu", "device", "path"}) {
        BOOST_TEST_INFO(tag);
        BOOST_TEST(template_properties(body).at("tag").at("properties").at(tag).at("type") ==
                   "keyword");
    }
    const auto& dynamic = body.at("template").at("mappings").at("dynamic_templates").as_array();
    BOOST_TEST(dynamic.at(1).at("whole_numbers").at("mapping").at("type") == "double");
}

BOOST_AUTO_TEST_CASE(maps_every_field_of_the_collectors_golden_output) {
    const auto body = lfdm_template();
    std::size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(source_dir / "tests/collectors")) {
        if (entry.path().filename() != "expected.out") continue;
        ++files;
        check_lines_are_mapped(body, test::read_file(entry.path()), entry.path().string());
    }
    BOOST_TEST(files > 0);
}

BOOST_AUTO_TEST_CASE(maps_every_field_of_a_live_plugin_run) {
    test::child_process plugin(LFDM_PLUGIN_PATH, {"--once"});
    BOOST_REQUIRE(plugin.wait_for_exit(std::chrono::seconds(30)) == 0);
    BOOST_TEST(!plugin.out().empty());
    check_lines_are_mapped(lfdm_template(), plugin.out(), "lfdm-plugin --once");
}

BOOST_AUTO_TEST_CASE(maps_every_field_each_readme_documents) {
    const auto body = lfdm_template();
    for (const auto& [measurement, doc] : test::read_all_metric_docs()) {
        for (const auto& [field, type] : doc.fields) {
            BOOST_TEST_INFO(measurement << "." << field);
            BOOST_TEST(mapped_type(body, measurement, field) == expected_type(type));
        }
        for (const auto& tag : doc.tags) {
            BOOST_TEST_INFO(measurement << ": tag " << tag);
            BOOST_TEST(maps_tag(body, tag));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_farmer_template_outranks_the_cluster_wide_one) {
    es_template_options options;
    options.index_pattern = "data-zoe-*";
    options.priority = 210;
    const auto body = es_index_template(documented_measurements(), options);
    BOOST_TEST(body.at("index_patterns").at(0).as_string() == "data-zoe-*");
    BOOST_TEST(body.at("priority").as_int64() == 210);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::confgen
