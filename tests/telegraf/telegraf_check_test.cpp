// lfdm-confgen --check: what Telegraf would refuse, with its place and the
// nearest valid key, and what works badly for LFDM.
#include "telegraf/telegraf_check.hpp"

#include <filesystem>

#include <boost/test/unit_test.hpp>

#include "support/scratch_dir.hpp"

namespace lfdm::confgen {
namespace {

/// The findings of `text`, formatted for the file "telegraf.conf".
std::vector<std::string> check(std::string_view text) {
    std::vector<std::string> lines;
    for (const auto& f : check_telegraf_conf(text))
        lines.push_back(format_finding("telegraf.conf", f));
    return lines;
}

const std::string good_output = R"([[outputs.elasticsearch]]
  urls = ["https://grafana.ether-source.fr:9201"]
  username = "zoe"
  password = "${LFDM_ES_PASSWORD}"
  index_name = "data-zoe-%Y.%m.%d"
  float_handling = "drop"
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(telegraf_check)

BOOST_AUTO_TEST_CASE(a_good_file_has_no_finding) {
    BOOST_TEST(
        check("[global_tags]\n  pseudo = \"zoe\"\n[agent]\n  interval = \"10s\"\n" + good_output)
            .empty());
}

BOOST_AUTO_TEST_CASE(unknown_key_is_located_with_the_nearest_valid_one) {
    BOOST_TEST(check(good_output + "  passwrod = \"x\"\n") ==
               std::vector<std::string>{
                   "telegraf.conf:7:3: error: [outputs.elasticsearch] unknown key \"passwrod\" "
                   "(did you mean \"password\"?)"});
}

BOOST_AUTO_TEST_CASE(unknown_agent_key_and_top_level_table_are_found) {
    BOOST_TEST(check("[agent]\n  intervall = \"10s\"\n[agnet]\n") ==
               (std::vector<std::string>{
                   "telegraf.conf:2:3: error: [agent] unknown key \"intervall\" (did you mean "
                   "\"interval\"?)",
                   "telegraf.conf:3:2: error: unknown key \"agnet\" (did you mean \"agent\"?)"}));
}

// toml++ 3.3.0 reached "unreachable" on this code point (found by the
// telegraf_check fuzzer): undefined behaviour instead of an answer.
BOOST_AUTO_TEST_CASE(a_non_ascii_letter_where_a_key_belongs_is_a_syntax_error) {
    BOOST_TEST(check("[[outputs\xCC\x9Alasticsearch]]\n") ==
               std::vector<std::string>{"telegraf.conf:1:10: error: not valid TOML: Error while "
                                        "parsing table header: expected ']', saw '\xCC\x9A'"});
}

// Found by the telegraf_check fuzzer: a quoted key holding a newline split
// its finding over two lines.
BOOST_AUTO_TEST_CASE(a_key_with_control_characters_is_reported_on_one_line) {
    BOOST_TEST(check("[agent]\n  \"a\\nb\\u0001\" = 1\n") ==
               std::vector<std::string>{"telegraf.conf:2:3: error: [agent] unknown key "
                                        "\"a\\nb\\u0001\""});
}

BOOST_AUTO_TEST_CASE(keys_common_to_every_plugin_and_filters_are_accepted) {
    BOOST_TEST(check("[[inputs.cpu]]\n  interval = \"1m\"\n  name_prefix = \"x_\"\n"
                     "  fieldexclude = [\"time_*\"]\n  [inputs.cpu.tags]\n    any = \"thing\"\n"
                     "  [inputs.cpu.tagpass]\n    cpu = [\"cpu-total\"]\n")
                   .empty());
}

BOOST_AUTO_TEST_CASE(sub_tables_are_checked_too) {
    BOOST_TEST(check("[[inputs.http]]\n  urls = [\"https://x\"]\n  data_format = \"json_v2\"\n"
                     "  [[inputs.http.json_v2]]\n    [[inputs.http.json_v2.field]]\n"
                     "      path = \"a\"\n      typ = \"int\"\n") ==
               std::vector<std::string>{"telegraf.conf:7:7: error: [inputs.http.json_v2.field] "
                                        "unknown key \"typ\" (did you mean \"type\"?)"});
}

BOOST_AUTO_TEST_CASE(a_plugin_outside_the_reference_is_not_checked_but_said) {
    const auto findings = check("[[inputs.smart]]\n  use_sudo = true\n[[inputs.nvidia-smi]]\n");
    BOOST_REQUIRE(findings.size() == 2u);
    BOOST_TEST(
        findings[0].starts_with("telegraf.conf:1:10: note: [inputs.smart] plugin not "
                                "checked"));
    BOOST_TEST(findings[1].ends_with("(did you mean \"nvidia_smi\"?)"));
    BOOST_TEST(findings[1].find(": warning: ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(toml_syntax_error_is_located) {
    const auto findings = check("[agent]\n  interval = \"10s\n");
    BOOST_REQUIRE(findings.size() == 1u);
    BOOST_TEST(findings[0].starts_with("telegraf.conf:2:"));
    BOOST_TEST(findings[0].find("error: not valid TOML") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(warns_about_what_works_badly_for_lfdm) {
    const auto findings = check(R"([[outputs.elasticsearch]]
  urls = ["https://x:9200"]
  index_name = "data-zoe-%Y.%m.%d"
  password = "hunter2"
  insecure_skip_verify = true
  enable_sniffer = true
[[inputs.execd]]
  command = ["lfdm-plugin", "--config", "lfdm.toml"]
  signal = "none"
)");
    const auto has = [&](std::string_view text) {
        return std::any_of(findings.begin(), findings.end(),
                           [&](const std::string& f) { return f.find(text) != std::string::npos; });
    };
    BOOST_TEST(findings.size() == 7u);
    BOOST_TEST(has("float_handling is not \"drop\""));
    BOOST_TEST(has("password is written in clear"));
    BOOST_TEST(has("insecure_skip_verify = true"));
    BOOST_TEST(has("enable_sniffer = true"));
    BOOST_TEST(has("\"lfdm-plugin\" is not an absolute path"));
    BOOST_TEST(has("\"lfdm.toml\" is not an absolute path"));
    BOOST_TEST(has("signal is not \"STDIN\""));
}

BOOST_AUTO_TEST_CASE(telegraf_own_samples_pass) {
    // The uncommented part of each sample is a configuration Telegraf runs.
    for (const auto& file : reference_files()) {
        if (!file.name.ends_with(".sample.conf")) continue;
        for (const auto& f : check_telegraf_conf(file.text)) {
            BOOST_TEST_INFO(file.name);
            BOOST_TEST((f.level != severity::error), format_finding(std::string(file.name), f));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::confgen
