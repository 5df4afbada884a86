// lfdm-confgen's command line and the checks of what a farmer types.
#include "telegraf/confgen_cli.hpp"

#include <boost/test/unit_test.hpp>

namespace lfdm::confgen {
namespace {

confgen_options parse(std::vector<std::string_view> args) {
    return parse_confgen_cli(args);
}

std::string error_of(std::vector<std::string_view> args) {
    try {
        parse(args);
    } catch (const usage_error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(confgen_cli)

BOOST_AUTO_TEST_CASE(reads_values_after_the_flag_or_after_an_equals_sign) {
    const auto o = parse({"--pseudo", "zoe", "--es-url=https://a:1", "--es-url", "https://b:2",
                          "--plot-dir", "/mnt/a", "--chia-rpc", "harvester,wallet", "--stdout"});
    BOOST_TEST(*o.pseudo == "zoe");
    BOOST_TEST(o.es_urls == (std::vector<std::string>{"https://a:1", "https://b:2"}));
    BOOST_TEST(o.plot_dirs == std::vector<std::string>{"/mnt/a"});
    BOOST_TEST(o.chia_rpc->size() == 2u);
    BOOST_TEST(o.to_stdout);
    BOOST_TEST(!o.plot_check.has_value());
}

BOOST_AUTO_TEST_CASE(all_chia_services_and_negations) {
    const auto o = parse({"--chia-rpc", "all", "--no-plot-check", "--no-nvidia-smi",
                          "--no-procstat", "--platform", "windows"});
    BOOST_TEST(o.chia_rpc->size() == 4u);
    BOOST_TEST(*o.plot_check == false);
    BOOST_TEST(*o.nvidia_smi == false);
    BOOST_TEST(o.procstat->empty());
    BOOST_TEST((*o.platform == target_os::windows_os));
}

BOOST_AUTO_TEST_CASE(unknown_flag_names_the_nearest_one) {
    BOOST_TEST(error_of({"--pseudonym", "zoe"}) ==
               "unknown option \"--pseudonym\" (did you mean \"--pseudo\"?); see lfdm-confgen "
               "--help");
    BOOST_TEST(error_of({"zoe"}) ==
               "unexpected argument \"zoe\": every value follows its option; see lfdm-confgen "
               "--help");
    BOOST_TEST(error_of({"--pseudo"}) == "option --pseudo needs a value");
    BOOST_TEST(error_of({"--force=yes"}) == "option --force takes no value");
}

// Found by the confgen fuzzer: such a value made a plugin configuration that
// was not TOML, refused by lfdm-confgen's own check with a confusing error.
BOOST_AUTO_TEST_CASE(values_that_are_not_utf8_are_refused) {
    BOOST_TEST(error_of({"--trex", "http://1\x81\x81"}) ==
               "option --trex has text that is not UTF-8 (set the terminal to UTF-8)");
    BOOST_TEST(error_of({"--rig=caf\xE9"}) ==
               "option --rig has text that is not UTF-8 (set the terminal to UTF-8)");
    BOOST_TEST(*parse({"--rig", "caf\xC3\xA9"}).rig == "caf\xC3\xA9");
}

// Found by the confgen fuzzer: lfdm-confgen accepted the URL, then refused
// the plugin configuration it wrote, which lfdm-plugin would not load.
BOOST_AUTO_TEST_CASE(urls_with_control_characters_are_refused) {
    BOOST_TEST(check_url("http://127.\x16.0.1:4068") == "has a control character");
    BOOST_TEST(check_url("https://es1.example.org:9200/\x7F") == "has a control character");
}

// Found by the confgen fuzzer, as above: a T-Rex URL that lfdm-plugin
// refuses is refused at once.
BOOST_AUTO_TEST_CASE(trex_urls_follow_the_plugins_own_rule) {
    BOOST_TEST(check_trex_url("http://127.0.0.1:4067/summary").empty());
    BOOST_TEST(check_trex_url("http://127.0.0.1:4067/?a=b") ==
               "must not have a query (?...) or a fragment (#...)");
    BOOST_TEST(error_of({"--trex", "http://127.0.0.1:4067#x"}).starts_with("bad T-Rex URL"));
}

BOOST_AUTO_TEST_CASE(pseudo_must_make_a_valid_index_name) {
    BOOST_TEST(error_of({"--pseudo", "Zoe"}) ==
               "bad pseudo \"Zoe\": has the capital letter 'Z': Elasticsearch index names are in "
               "lower case");
    BOOST_TEST(error_of({"--pseudo", "zoe/farm"}) ==
               "bad pseudo \"zoe/farm\": has '/', which Elasticsearch index names cannot hold "
               "(use lower-case letters, digits, '-', '_' and '.')");
    BOOST_TEST(error_of({"--pseudo", "zo e"}).find("has a space") != std::string::npos);
    BOOST_TEST(error_of({"--pseudo", "_zoe"}) ==
               "bad pseudo \"_zoe\": starts with '_' (start with a letter or a digit)");
    BOOST_TEST(error_of({"--es-username", "a*b"}).find("has '*'") != std::string::npos);
    BOOST_TEST(check_index_name_part("zoe.farm-1_x").empty());
}

BOOST_AUTO_TEST_CASE(malformed_urls_are_refused) {
    BOOST_TEST(error_of({"--es-url", "grafana.ether-source.fr:9201"}) ==
               "bad Elasticsearch URL \"grafana.ether-source.fr:9201\": must start with "
               "https:// or http://");
    BOOST_TEST(check_url("https://:9200") == "has no host name");
    BOOST_TEST(check_url("https://host:99999") == "has a bad port \"99999\" (1 to 65535)");
    BOOST_TEST(check_url("https://user:pw@host:9200").starts_with("must not hold a user name"));
    BOOST_TEST(check_url("http://[::1]:4067").empty());
    BOOST_TEST(check_url("https://grafana.ether-source.fr:9201/").empty());
    BOOST_TEST(error_of({"--trex", "127.0.0.1:4067"}).starts_with("bad T-Rex URL"));
}

BOOST_AUTO_TEST_CASE(other_values_are_checked) {
    BOOST_TEST(error_of({"--launcher-id", "abc"}) ==
               "bad launcher id \"abc\": must be 64 hexadecimal digits, as `chia plotnft show` "
               "prints it");
    BOOST_TEST(check_launcher_id("0x" + std::string(64, 'F')).empty());
    BOOST_TEST(error_of({"--interval", "0s"}) ==
               "--interval needs a duration of at least 1s, such as \"30s\" or \"24h\"; got "
               "\"0s\"");
    BOOST_TEST(error_of({"--platform", "macos"}) ==
               "--platform needs \"linux\" or \"windows\", not \"macos\"");
    BOOST_TEST(error_of({"--chia-rpc", "harvestr"}) ==
               "--chia-rpc: unknown chia service \"harvestr\"; choose harvester, farmer, "
               "full_node, wallet or all");
    BOOST_TEST(error_of({"--pool-2miners", "etc"}).starts_with("--pool-2miners needs COIN:WALLET"));
    BOOST_TEST(error_of({"--es-password-env", "1X"}).starts_with("--es-password-env needs"));
    BOOST_TEST(error_of({"--challenges", "0"}) ==
               "--challenges needs a whole number from 1 to 1000000, not \"0\"");
    BOOST_TEST(error_of({"--interactive", "--non-interactive"}) ==
               "--interactive and --non-interactive cannot be combined");
}

BOOST_AUTO_TEST_CASE(pool_account_is_split_at_the_colon) {
    const auto pool = parse_pool("rvn:RVNabc123");
    BOOST_TEST(pool.coin == "rvn");
    BOOST_TEST(pool.wallet == "RVNabc123");
}

BOOST_AUTO_TEST_CASE(help_names_every_required_flag) {
    const auto help = confgen_usage();
    for (const char* flag : {"--pseudo", "--es-username", "--es-url", "--es-password-env",
                             "--output", "--plugin-config", "--plugin-path", "--stdout", "--force",
                             "--non-interactive", "--check", "--platform", "--es-template"}) {
        BOOST_TEST_INFO(flag);
        BOOST_TEST(help.find(flag) != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::confgen
