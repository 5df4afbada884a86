#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "support/metric_docs.hpp"

namespace lfdm {
namespace {

namespace fs = std::filesystem;
const fs::path folder = fs::path(LFDM_SOURCE_DIR) / "plugin/collectors/system";

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The first ```toml block of a README.
std::string configuration_block(const std::string& readme) {
    const std::string open = "```toml\n";
    const std::size_t start = readme.find(open);
    BOOST_REQUIRE(start != std::string::npos);
    const std::size_t end = readme.find("```\n", start + open.size());
    return readme.substr(start + open.size(), end - start - open.size());
}

std::vector<test::parsed_line> golden_lines() {
    return test::parse_lines(
        read(fs::path(LFDM_SOURCE_DIR) / "tests/collectors/system/golden/farm/expected.out"));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(system_docs)

BOOST_AUTO_TEST_CASE(readme_configuration_is_the_sample_conf) {
    BOOST_TEST(configuration_block(read(folder / "README.md")) == read(folder / "sample.conf"));
}

BOOST_AUTO_TEST_CASE(every_emitted_measurement_tag_and_field_is_documented_with_its_type) {
    const auto docs = test::read_metric_docs(folder / "README.md");
    const auto problems = test::undocumented(docs, golden_lines());
    BOOST_TEST(problems.empty(), "undocumented: " << problems.size());
    for (const auto& p : problems)
        BOOST_TEST_MESSAGE(p);
}

BOOST_AUTO_TEST_CASE(every_documented_field_is_emitted) {
    const auto docs = test::read_metric_docs(folder / "README.md");
    const std::set<std::string> measurements = {
        "lfdm_cpu", "lfdm_mem", "lfdm_swap", "lfdm_disk", "lfdm_diskio", "lfdm_net", "lfdm_system"};
    BOOST_TEST(docs.size() == measurements.size());
    const auto problems = test::never_emitted(docs, measurements, golden_lines());
    BOOST_TEST(problems.empty(), "never emitted: " << problems.size());
    for (const auto& p : problems)
        BOOST_TEST_MESSAGE(p);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
