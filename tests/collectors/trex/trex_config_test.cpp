#include "collectors/trex/trex_config.hpp"

#include <filesystem>

#include <boost/test/unit_test.hpp>

#include "app/plugin_config.hpp"
#include "support/config_text.hpp"
#include "support/scratch_dir.hpp"

namespace lfdm::trex {
namespace {

/// The `[trex]` part of the sample: its paragraph and the following ones
/// that belong to it (`[[trex.endpoints]]`, `[trex.endpoints.tags]`).
std::string trex_section(const std::string& sample) {
    std::vector<std::string> paragraphs;
    for (std::size_t at = 0; at < sample.size();) {
        std::size_t end = sample.find("\n\n", at);
        end = end == std::string::npos ? sample.size() : end + 1;
        paragraphs.push_back(sample.substr(at, end - at));
        at = end + 1;
    }
    std::string section;
    for (const auto& p : paragraphs) {
        const bool opens = p.find("\n[trex]\n") != std::string::npos;
        const bool belongs = p.find("[trex.") != std::string::npos;
        if (opens || (!section.empty() && belongs)) {
            section += section.empty() ? p : "\n" + p;
        } else if (!section.empty()) {
            break;
        }
    }
    return section;
}

std::string endpoint_with(std::string_view lines) {
    return "[trex]\nenabled = true\n[[trex.endpoints]]\n" + std::string(lines);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(trex_configuration)

BOOST_AUTO_TEST_CASE(sample_conf_is_the_trex_part_of_the_sample) {
    const auto path = std::filesystem::path(LFDM_SOURCE_DIR) / "plugin/collectors/trex/sample.conf";
    const std::string section = trex_section(write_plugin_config());
    BOOST_TEST(section.find("[[trex.endpoints]]") != std::string::npos);
    BOOST_TEST(test::read_file(path) == section);
}

BOOST_AUTO_TEST_CASE(readme_shows_the_sample_conf) {
    const auto dir = std::filesystem::path(LFDM_SOURCE_DIR) / "plugin/collectors/trex";
    const std::string block = "```toml\n" + test::read_file(dir / "sample.conf") + "```\n";
    BOOST_TEST(test::read_file(dir / "README.md").find(block) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(endpoints_are_read_with_their_password_from_the_environment) {
    const auto config = test::parse_config(
        "[trex]\nenabled = true\npoll_interval = \"5s\"\n"
        "[[trex.endpoints]]\nurl = \"http://192.168.1.20:4068\"\n"
        "password = \"${TREX_API_PASSWORD}\"\n"
        "[trex.endpoints.tags]\nrig = \"rig-2\"\n"
        "[[trex.endpoints]]\nurl = \"http://127.0.0.1\"\n");
    BOOST_TEST(config.trex.enabled);
    BOOST_TEST(config.trex.poll_interval.count() == 5000);
    BOOST_REQUIRE(config.trex.endpoints.size() == 2u);
    BOOST_TEST(config.trex.endpoints[0].password == "s3cret");
    BOOST_TEST(config.trex.endpoints[0].tags.at("rig") == "rig-2");
    BOOST_TEST(config.trex.endpoints[1].timeout.count() == 2000);
}

BOOST_AUTO_TEST_CASE(https_endpoints_need_a_build_with_tls) {
    const std::string text =
        "[trex]\nenabled = true\n[[trex.endpoints]]\nurl = \"https://192.168.1.20:4068\"\n"
        "insecure_skip_verify = true\n";
#if LFDM_HAVE_TLS
    BOOST_TEST(test::parse_config(text).trex.endpoints.at(0).insecure_skip_verify);
#else
    BOOST_TEST(test::config_error_of(text) ==
               "lfdm.toml:4:7: [trex.endpoints #1] \"url\" is https://, which this build of "
               "lfdm-plugin cannot reach (it has no TLS): run T-Rex without --api-https");
#endif
}

BOOST_AUTO_TEST_CASE(api_address_defaults_to_port_4067_and_drops_summary) {
    std::string problem;
    BOOST_TEST(api_url("http://10.0.0.5", problem)->text() == "http://10.0.0.5:4067");
    BOOST_TEST(api_url("http://10.0.0.5:4068/summary", problem)->text() == "http://10.0.0.5:4068");
    BOOST_TEST(api_url("https://10.0.0.5:4068/", problem)->text() == "https://10.0.0.5:4068");
}

BOOST_AUTO_TEST_CASE(bad_url_is_refused_at_start) {
    BOOST_TEST(test::config_error_of(endpoint_with("url = \"127.0.0.1:4067\"\n")) ==
               "lfdm.toml:4:7: [trex.endpoints #1] \"url\" must start with http:// or https://");
    BOOST_TEST(test::config_error_of(endpoint_with("url = \"http://rig:port\"\n")) ==
               "lfdm.toml:4:7: [trex.endpoints #1] \"url\" has a port that is not a number from 1 "
               "to 65535");
}

BOOST_AUTO_TEST_CASE(missing_ca_file_is_refused_at_start) {
    BOOST_TEST(test::config_error_of(endpoint_with("tls_ca = \"/nonexistent/trex.pem\"\n")) ==
               "lfdm.toml:4:10: [trex.endpoints #1] \"tls_ca\" names no file: "
               "/nonexistent/trex.pem");
}

BOOST_AUTO_TEST_CASE(ca_file_and_skipping_verification_contradict) {
    const test::scratch_dir dir;
    const auto ca = dir.write("ca.pem", "test\n");
    const std::string text =
        endpoint_with("tls_ca = " + config::quote(ca.string()) + "\ninsecure_skip_verify = true\n");
    BOOST_TEST(test::config_error_of(text) ==
               "lfdm.toml:3:1: [trex.endpoints #1] tls_ca and insecure_skip_verify = true "
               "contradict each other: keep one");
}

BOOST_AUTO_TEST_CASE(tags_the_collector_sets_are_refused) {
    BOOST_TEST(test::config_error_of(endpoint_with("[trex.endpoints.tags]\ngpu_id = \"0\"\n")) ==
               "lfdm.toml:3:1: [trex.endpoints #1] tag \"gpu_id\" is set by the collector itself");
}

BOOST_AUTO_TEST_CASE(same_miner_listed_twice_is_refused) {
    BOOST_TEST(test::config_error_of("[trex]\n[[trex.endpoints]]\nurl = \"http://127.0.0.1:4067\"\n"
                                     "[[trex.endpoints]]\nurl = \"http://127.0.0.1/summary\"\n") ==
               "lfdm.toml:1:1: [trex] endpoint http://127.0.0.1:4067 is listed twice");
}

BOOST_AUTO_TEST_CASE(response_limit_has_bounds) {
    BOOST_TEST(test::config_error_of("[trex]\nmax_response_bytes = 10\n") ==
               "lfdm.toml:2:22: [trex] \"max_response_bytes\" must be between 4096 and 67108864");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::trex
