// The Grafana dashboards of examples/grafana: each is valid JSON that
// Grafana 10 and 11 import, and every measurement, field and tag its queries
// and panels name is one the plugin documents (and so emits on the test
// fixtures, which documented_metrics checks) or one the inputs lfdm-confgen
// writes produce. A renamed field fails here rather than emptying a panel.
#include <algorithm>
#include <filesystem>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include "support/grafana_check.hpp"
#include "support/scratch_dir.hpp"
#include "telegraf/http_inputs.hpp"
#include "telegraf/metric_catalog.hpp"

namespace lfdm {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const fs::path dashboards_dir = fs::path(LFDM_SOURCE_DIR) / "examples/grafana";

/// The plugin's documented metrics, the chia RPC and 2Miners inputs of
/// lfdm-confgen, and the tags every metric may carry.
test::dashboard_catalogue catalogue() {
    test::dashboard_catalogue c{test::read_all_metric_docs(), {}};
    for (const auto& source : confgen::all_http_sources()) {
        auto& doc = c.measurements[source.measurement];
        doc.tags.insert(source.tags.begin(), source.tags.end());
        for (const auto& field : source.fields)
            doc.fields[field.name] = confgen::field_kind_name(field.type);
    }
    const auto& common = confgen::common_tags();
    c.common_tags.insert(common.begin(), common.end());
    return c;
}

std::vector<fs::path> dashboard_files() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dashboards_dir)) {
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

json::value dashboard(const std::string& name) {
    return json::parse(test::read_file(dashboards_dir / name));
}

/// Whether one of `problems` contains `text`.
bool mentions(const std::vector<std::string>& problems, const std::string& text) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const auto& p) { return p.find(text) != std::string::npos; });
}

/// `dashboard` with its first `from` replaced by `to`, reparsed.
json::value with_replaced(const json::value& dashboard, const std::string& from,
                          const std::string& to) {
    auto text = json::serialize(dashboard);
    const auto at = text.find(from);
    BOOST_REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return json::parse(text);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(grafana_dashboards)

BOOST_AUTO_TEST_CASE(the_five_dashboards_are_there_with_their_own_uid) {
    const std::vector<std::string> expected = {"lfdm-collector-health.json",
                                               "lfdm-farm-inventory.json", "lfdm-mining.json",
                                               "lfdm-plot-check.json", "lfdm-system.json"};
    std::vector<std::string> names;
    std::set<std::string> uids;
    const auto readme = test::read_file(dashboards_dir / "README.md");
    for (const auto& file : dashboard_files()) {
        names.push_back(file.filename().string());
        uids.insert(std::string(json::parse(test::read_file(file)).at("uid").as_string()));
        BOOST_TEST_INFO(file.filename());
        BOOST_TEST(readme.find(file.filename().string()) != std::string::npos);
    }
    BOOST_TEST(names == expected, boost::test_tools::per_element());
    BOOST_TEST(uids.size() == expected.size());
}

BOOST_AUTO_TEST_CASE(every_query_names_documented_measurements_fields_and_tags) {
    const auto c = catalogue();
    for (const auto& file : dashboard_files()) {
        json::value d;
        try {
            d = json::parse(test::read_file(file));
        } catch (const std::exception& e) {
            BOOST_ERROR(file.filename() << " is not JSON: " << e.what());
            continue;
        }
        std::string problems;
        for (const auto& problem : test::check_dashboard(d, c))
            problems += "\n  " + problem;
        BOOST_CHECK_MESSAGE(problems.empty(), file.filename().string() << ":" << problems);
    }
}

BOOST_AUTO_TEST_CASE(every_collector_has_its_dashboard) {
    const auto c = catalogue();
    std::set<std::string> measurements;
    for (const auto& file : dashboard_files()) {
        for (const auto& field : test::fields_read(json::parse(test::read_file(file)), c))
            measurements.insert(field.substr(0, field.find('.')));
    }
    for (const auto& [name, doc] : test::read_all_metric_docs()) {
        BOOST_TEST_INFO(name);
        BOOST_TEST(measurements.contains(name));
    }
}

BOOST_AUTO_TEST_CASE(a_renamed_field_in_a_query_is_reported) {
    const auto renamed =
        with_replaced(dashboard("lfdm-plot-check.json"), "lfdm_plot_check_last.plots_found",
                      "lfdm_plot_check_last.plots_total");
    BOOST_TEST(mentions(test::check_dashboard(renamed, catalogue()),
                        "lfdm_plot_check_last has no field plots_total"));
}

BOOST_AUTO_TEST_CASE(a_field_renamed_in_the_documentation_is_reported) {
    auto c = catalogue();
    c.measurements.at("lfdm_trex_gpu").fields.erase("temperature_celsius");
    BOOST_TEST(mentions(test::check_dashboard(dashboard("lfdm-mining.json"), c),
                        "lfdm_trex_gpu has no field temperature_celsius"));
}

BOOST_AUTO_TEST_CASE(a_renamed_field_in_a_transformation_is_reported) {
    const auto renamed =
        with_replaced(dashboard("lfdm-collector-health.json"), "\"lfdm_collector.last_error\"",
                      "\"lfdm_collector.last_problem\"");
    BOOST_TEST(mentions(test::check_dashboard(renamed, catalogue()),
                        "lfdm_collector has no field last_problem"));
}

BOOST_AUTO_TEST_CASE(a_field_of_another_measurement_is_reported) {
    const auto wrong = with_replaced(dashboard("lfdm-system.json"), "\"lfdm_mem.used_percent\"",
                                     "\"lfdm_swap.used_percent\"");
    BOOST_TEST(mentions(test::check_dashboard(wrong, catalogue()),
                        "lfdm_swap.used_percent belongs to a measurement the query does not read"));
}

BOOST_AUTO_TEST_CASE(a_tag_the_measurement_does_not_have_is_reported) {
    const auto wrong =
        with_replaced(dashboard("lfdm-system.json"), "\"tag.device\"", "\"tag.disk\"");
    BOOST_TEST(mentions(test::check_dashboard(wrong, catalogue()), "tag disk is not a tag of"));
}

BOOST_AUTO_TEST_CASE(a_column_name_grafana_does_not_give_is_reported) {
    // A table query with one "min" among several "max": Grafana names that
    // column "Min", without the field.
    const auto wrong =
        with_replaced(dashboard("lfdm-farm-inventory.json"), "\"Max lfdm_plot_dir.free_bytes\"",
                      "\"Min lfdm_plot_dir.free_bytes\"");
    BOOST_TEST(mentions(test::check_dashboard(wrong, catalogue()),
                        "names the column \"Min lfdm_plot_dir.free_bytes\""));
}

BOOST_AUTO_TEST_CASE(a_column_a_transformation_does_not_give_is_reported) {
    const auto wrong =
        with_replaced(dashboard("lfdm-plot-check.json"), "\"lfdm_plot.error (firstNotNull)\"",
                      "\"lfdm_plot.error (lastNotNull)\"");
    BOOST_TEST(mentions(test::check_dashboard(wrong, catalogue()),
                        "names the column \"lfdm_plot.error (lastNotNull)\""));
}

BOOST_AUTO_TEST_CASE(a_unit_other_than_the_documented_one_is_reported) {
    // gather_time_ms is in milliseconds: shown as seconds it reads 1000
    // times too slow.
    const auto wrong =
        with_replaced(dashboard("lfdm-collector-health.json"), "\"unit\":\"ms\"", "\"unit\":\"s\"");
    BOOST_TEST(mentions(test::check_dashboard(wrong, catalogue()),
                        "lfdm_collector.gather_time_ms is in milliseconds, shown as \"s\""));
}

BOOST_AUTO_TEST_CASE(a_query_without_the_pseudo_filter_is_reported) {
    const auto open = with_replaced(dashboard("lfdm-mining.json"), " AND tag.pseudo:$pseudo", "");
    BOOST_TEST(mentions(test::check_dashboard(open, catalogue()),
                        "does not filter on tag.pseudo:$pseudo"));
}

BOOST_AUTO_TEST_CASE(grouping_by_a_string_field_is_reported) {
    // Telegraf's default mapping stores strings as text, which cannot group.
    const auto grouped =
        with_replaced(dashboard("lfdm-collector-health.json"), "\"field\":\"tag.collector\"",
                      "\"field\":\"lfdm_collector.status\"");
    BOOST_TEST(
        mentions(test::check_dashboard(grouped, catalogue()), "only tags can be grouped by"));
}

BOOST_AUTO_TEST_CASE(searching_a_number_is_reported) {
    // Telegraf's default mapping does not index numbers.
    const auto searched = with_replaced(dashboard("lfdm-plot-check.json"), "lfdm_plot.result:bad",
                                        "lfdm_plot.proofs:0");
    BOOST_TEST(mentions(test::check_dashboard(searched, catalogue()),
                        "searches the integer lfdm_plot.proofs"));
}

BOOST_AUTO_TEST_CASE(averaging_a_string_is_reported) {
    const auto averaged = with_replaced(dashboard("lfdm-plot-check.json"),
                                        "\"lfdm_plot.proof_ratio\"", "\"lfdm_plot.error\"");
    BOOST_TEST(mentions(test::check_dashboard(averaged, catalogue()), "not a number but a string"));
}

BOOST_AUTO_TEST_CASE(a_panel_without_the_data_source_variable_is_reported) {
    const auto fixed = with_replaced(dashboard("lfdm-farm-inventory.json"),
                                     "\"uid\":\"${datasource}\"", "\"uid\":\"P1809F7CD0C75ACF3\"");
    BOOST_TEST(mentions(test::check_dashboard(fixed, catalogue()),
                        "does not read the data source ${datasource}"));
}

BOOST_AUTO_TEST_CASE(a_panel_id_used_twice_is_reported) {
    const auto twice = with_replaced(dashboard("lfdm-system.json"), "\"id\":2,", "\"id\":1,");
    BOOST_TEST(mentions(test::check_dashboard(twice, catalogue()), "id used twice"));
}

BOOST_AUTO_TEST_CASE(a_schema_version_outside_grafana_10_and_11_is_reported) {
    const auto old = with_replaced(dashboard("lfdm-system.json"), "\"schemaVersion\":39",
                                   "\"schemaVersion\":27");
    BOOST_TEST(mentions(test::check_dashboard(old, catalogue()), "schemaVersion"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
