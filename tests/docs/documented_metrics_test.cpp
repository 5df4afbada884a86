// Runs after every other test: every line of line protocol they recorded
// that belongs to the plugin (measurements named lfdm_...) must be
// documented in a README's Metrics section with its tags and field types,
// and every documented field must have been written by some test. The
// dashboards and the Elasticsearch index template are built on those
// Metrics sections, so a renamed or retyped field fails here first.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "support/metric_docs.hpp"

namespace lfdm {
namespace {

namespace fs = std::filesystem;

/// Measurements made up by tests of the agent itself.
bool plugin_measurement(const std::string& name) {
    return name.starts_with("lfdm_") && name != "lfdm_test";
}

std::vector<test::parsed_line> recorded_plugin_lines() {
    std::vector<test::parsed_line> lines;
    for (const auto& entry : fs::directory_iterator(LFDM_LINES_DIR)) {
        if (entry.path().extension() != ".lp" ||
            entry.path().filename().string().starts_with("documented_metrics")) {
            continue;
        }
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        for (auto& line : test::parse_lines(text.str())) {
            if (plugin_measurement(line.point.measurement)) lines.push_back(std::move(line));
        }
    }
    return lines;
}

/// The global tags the tests set through [tags] and endpoint tags: the
/// user's, not the plugin's.
void drop_configured_tags(std::vector<test::parsed_line>& lines) {
    for (auto& line : lines) {
        auto& tags = line.point.tags;
        std::erase_if(tags,
                      [](const auto& tag) { return tag.first == "pseudo" || tag.first == "rig"; });
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(documented_metrics)

BOOST_AUTO_TEST_CASE(every_recorded_plugin_line_is_documented_and_every_field_written) {
    BOOST_REQUIRE_MESSAGE(fs::exists(LFDM_LINES_DIR),
                          "no recorded lines: run the whole test suite (ctest) first");
    auto lines = recorded_plugin_lines();
    BOOST_REQUIRE(!lines.empty());
    drop_configured_tags(lines);

    const auto docs = test::read_all_metric_docs();
    for (const auto& problem : test::undocumented(docs, lines))
        BOOST_ERROR(problem);

#if !defined(_WIN32)
    // The Windows build runs fewer suites (no /proc snapshots, no stub chia):
    // that every documented field is written is checked by the Linux build.
    std::set<std::string> measurements;
    for (const auto& [name, doc] : docs)
        measurements.insert(name);
    for (const auto& problem : test::never_emitted(docs, measurements, lines)) {
        BOOST_ERROR(problem);
    }
#endif
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
