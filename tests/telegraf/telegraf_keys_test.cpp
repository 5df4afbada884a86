// Telegraf's keys as lfdm-confgen reads them from its samples and key lists.
#include "telegraf/telegraf_keys.hpp"

#include <filesystem>

#include <boost/test/unit_test.hpp>

#include "support/scratch_dir.hpp"

namespace lfdm::confgen {
namespace {

namespace fs = std::filesystem;

const key_set& plugin(std::string_view kind, std::string_view name) {
    const auto* keys = telegraf_keys::builtin().plugin(kind, name);
    BOOST_REQUIRE(keys);
    return *keys;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(telegraf_key_lists)

BOOST_AUTO_TEST_CASE(copies_are_identical_to_the_shared_reference) {
    const fs::path shared = fs::path(LFDM_SOURCE_DIR) / "../shared/reference/telegraf";
    if (!fs::exists(shared)) {
        BOOST_TEST_MESSAGE("no shared reference beside the project: nothing to compare");
        return;
    }
    std::size_t compared = 0;
    for (const auto& file : reference_files()) {
        const fs::path original = shared / std::string(file.name);
        if (!fs::exists(original)) continue;  // the two tables the shared reference lacks
        BOOST_TEST_INFO(file.name);
        BOOST_TEST(test::read_file(original) == file.text);
        ++compared;
    }
    BOOST_TEST(compared >= 19u);
}

BOOST_AUTO_TEST_CASE(plugin_keys_come_from_commented_and_plain_lines) {
    const auto& es = plugin("outputs", "elasticsearch");
    for (const char* key :
         {"urls", "timeout", "health_check_timeout", "username", "password", "index_name", "tls_ca",
          "manage_template", "float_handling", "template_index_settings", "use_pipeline"}) {
        BOOST_TEST_INFO(key);
        BOOST_TEST(es.keys.contains(key));
    }
    BOOST_TEST(es.tables.at("headers").any_key);
    BOOST_TEST(!es.keys.contains("refresh_interval"));  // inside an inline table
    BOOST_TEST(!es.keys.contains("interval"));          // inputs only
    BOOST_TEST(es.keys.contains("startup_error_behavior"));
}

BOOST_AUTO_TEST_CASE(sub_tables_take_the_keys_indented_under_them) {
    const auto& procstat = plugin("inputs", "procstat");
    BOOST_TEST(procstat.tables.at("filter").keys.contains("patterns"));
    BOOST_TEST(procstat.tables.at("filter").keys.contains("name"));
    BOOST_TEST(!procstat.keys.contains("patterns"));
    BOOST_TEST(procstat.keys.contains("pid_finder"));
    const auto& perf = plugin("inputs", "win_perf_counters");
    BOOST_TEST(perf.tables.at("object").keys.contains("Counters"));
    BOOST_TEST(perf.keys.contains("UseWildcardsExpansion"));
}

BOOST_AUTO_TEST_CASE(inputs_that_take_a_data_format_take_its_parser) {
    const auto& http = plugin("inputs", "http");
    BOOST_TEST(http.keys.contains("tls_enable"));
    BOOST_TEST(http.keys.contains("influx_parser_type"));
    const auto& parser = http.tables.at("json_v2");
    BOOST_TEST(parser.keys.contains("measurement_name"));
    BOOST_TEST(parser.tables.at("object").tables.at("renames").any_key);
    BOOST_TEST(!plugin("inputs", "cpu").tables.contains("json_v2"));
    BOOST_TEST(plugin("inputs", "cpu").tables.at("tagpass").any_key);
}

BOOST_AUTO_TEST_CASE(agent_sample_keys_are_all_in_the_agent_key_list) {
    const auto& agent = telegraf_keys::builtin().agent();
    BOOST_TEST(agent.keys.size() == 31u);
    for (const auto& file : reference_files()) {
        if (file.name != "agent.sample.conf") continue;
        const auto [path, keys] = read_sample_keys(file.text);
        BOOST_TEST(path == "agent");
        for (const auto& key : keys.keys) {
            BOOST_TEST_INFO(key);
            BOOST_TEST(agent.keys.contains(key));
        }
    }
}

BOOST_AUTO_TEST_CASE(every_reference_plugin_is_known) {
    BOOST_TEST(telegraf_keys::builtin().plugins("outputs") ==
               (std::vector<std::string>{"elasticsearch", "file", "opensearch"}));
    BOOST_TEST(telegraf_keys::builtin().plugins("secretstores") == std::vector<std::string>{"os"});
    BOOST_TEST(telegraf_keys::builtin().plugins("inputs").size() == 13u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::confgen
