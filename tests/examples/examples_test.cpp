// The files of examples/ are what the tools write and what the plugin reads:
// the complete plugin configuration is `lfdm-plugin --sample-config`, the
// minimal one loads, the telegraf.conf files are what lfdm-confgen writes for
// the typical machines, the sample output is the collectors' golden output.
// Each opens with one line of purpose (JSON files: their README says it).
#include <filesystem>
#include <map>
#include <set>

#include <boost/test/unit_test.hpp>

#include "app/plugin_config.hpp"
#include "support/child_process.hpp"
#include "support/confgen_case.hpp"
#include "support/golden.hpp"
#include "support/line_parser.hpp"
#include "support/scratch_dir.hpp"

namespace lfdm {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path source_dir = LFDM_SOURCE_DIR;
const fs::path examples_dir = source_dir / "examples";

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

std::string without_first_line(const std::string& text) {
    const auto end = text.find('\n');
    return end == std::string::npos ? std::string() : text.substr(end + 1);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(examples)

BOOST_AUTO_TEST_CASE(complete_plugin_configuration_is_the_sample_config) {
    test::child_process p(LFDM_PLUGIN_PATH, {"--sample-config"});
    BOOST_REQUIRE(p.wait_for_exit(10s) == 0);
    test::check_golden(examples_dir / "plugin/complete.toml", p.out());
}

BOOST_AUTO_TEST_CASE(minimal_plugin_configuration_loads_in_the_plugin) {
    const auto path = (examples_dir / "plugin/minimal.toml").string();
    test::child_process p(LFDM_PLUGIN_PATH, {"--check-config", "--config", path});
    BOOST_TEST((p.wait_for_exit(10s) == 0));
    BOOST_TEST(p.err() == "I! configuration " + path + " is valid\n");

    const auto config = load_plugin_config(path);
    BOOST_TEST(config.tags.at("pseudo") == "my-pseudo");
    BOOST_TEST(config.system.enabled);
    BOOST_TEST(config.plot_check.enabled);
    BOOST_TEST(config.plot_check.plot_dirs.size() == 2u);
    BOOST_TEST(config.trex.enabled);
}

BOOST_AUTO_TEST_CASE(telegraf_configurations_are_what_lfdm_confgen_writes) {
    for (const std::string machine : {"linux-farmer", "windows-farmer-miner", "miner-only"}) {
        const auto written = test::run_confgen_case(source_dir / "tests/telegraf/golden" / machine);
        for (const std::string file : {"telegraf.conf", "lfdm.toml"}) {
            test::check_golden(examples_dir / "telegraf" / machine / file, written.at(file));
        }
    }
}

BOOST_AUTO_TEST_CASE(sample_output_is_the_golden_output_of_the_collectors) {
    const fs::path golden = source_dir / "tests/collectors";
    const std::map<std::string, std::vector<fs::path>> sources = {
        {"system.lp", {golden / "system/golden/farm/expected.out"}},
        {"plot_check.lp", {golden / "plot_check/golden/chia-2.1-threads/expected.out"}},
        {"trex.lp",
         {golden / "trex/golden/summary7/expected.out",
          golden / "trex/golden/failures/expected.out"}},
    };
    std::set<std::string> files;
    for (const auto& entry : fs::directory_iterator(examples_dir / "output"))
        files.insert(entry.path().filename().string());
    BOOST_TEST(files.size() == sources.size());

    for (const auto& [name, from] : sources) {
        BOOST_TEST_INFO(name);
        std::string expected;
        for (const auto& path : from)
            expected += test::read_file(path);
        const auto body = without_first_line(test::read_file(examples_dir / "output" / name));
        BOOST_TEST(body == expected);
        BOOST_CHECK_NO_THROW(test::parse_lines(body));
    }
}

BOOST_AUTO_TEST_CASE(every_example_opens_with_one_line_of_purpose) {
    for (const auto& entry : fs::recursive_directory_iterator(examples_dir)) {
        if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
        const auto relative = fs::relative(entry.path(), examples_dir).generic_string();
        BOOST_TEST_INFO(relative);
        if (entry.path().extension() == ".json") {
            // JSON has no comments: the README beside it says what it is.
            const auto readme = test::read_file(entry.path().parent_path() / "README.md");
            BOOST_TEST(readme.find(entry.path().filename().string()) != std::string::npos);
            continue;
        }
        const auto line = first_line(test::read_file(entry.path()));
        BOOST_TEST(line.starts_with("#"));
        BOOST_TEST(line.size() >= 30u);
        BOOST_TEST(line.size() <= 100u);
    }
}

BOOST_AUTO_TEST_CASE(every_example_is_in_the_examples_readme) {
    const auto readme = test::read_file(examples_dir / "README.md");
    for (const auto& entry : fs::recursive_directory_iterator(examples_dir)) {
        if (!entry.is_regular_file()) continue;
        const auto relative = fs::relative(entry.path(), examples_dir).generic_string();
        BOOST_TEST_INFO(relative);
        // A folder with a README of its own is listed by that README.
        const auto folder = fs::relative(entry.path().parent_path(), examples_dir);
        const bool own_readme =
            folder != "." && fs::exists(entry.path().parent_path() / "README.md");
        BOOST_TEST((own_readme || readme.find(relative) != std::string::npos));
    }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
