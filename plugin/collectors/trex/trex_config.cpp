#include "collectors/trex/trex_config.hpp"

#include <filesystem>
#include <fstream>
#include <set>

#include "collectors/trex/trex_metrics.hpp"

namespace lfdm::trex {
namespace {

std::string check_url(const std::string& url) {
    std::string problem;
    [[maybe_unused]] const auto api = api_url(url, problem);
#if !LFDM_HAVE_TLS
    if (api && api->tls) {
        return "is https://, which this build of lfdm-plugin cannot reach (it has no TLS): run "
               "T-Rex without --api-https";
    }
#endif
    return problem;
}

std::string check_ca_file(const std::string& path) {
    if (path.empty()) return {};
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return "names no file: " + path;
    if (!std::ifstream(path)) return "names a file that cannot be read: " + path;
    return {};
}

std::string check_endpoint(const endpoint_config& e) {
    for (const auto reserved : reserved_tags) {
        if (e.tags.contains(std::string(reserved))) {
            return "tag \"" + std::string(reserved) + "\" is set by the collector itself";
        }
    }
    if (e.insecure_skip_verify && !e.tls_ca.empty()) {
        return "tls_ca and insecure_skip_verify = true contradict each other: keep one";
    }
    return {};
}

std::string check_unique_endpoints(const trex_config& c) {
    std::set<std::string> seen;
    for (const auto& e : c.endpoints) {
        std::string problem;
        const auto api = api_url(e.url, problem);
        if (api && !seen.insert(api->text()).second) {
            return "endpoint " + api->text() + " is listed twice";
        }
    }
    return {};
}

config::table_schema<endpoint_config> endpoint_schema() {
    using e = endpoint_config;
    config::table_schema<e> schema("One table per miner.");
    schema
        .value("url", &e::url,
               "The miner's API: http://HOST:PORT, or https:// when T-Rex runs with\n"
               "--api-https. The port is 4067 when not given.",
               check_url)
        .value("password", &e::password,
               "The API password (T-Rex's --api-key), or empty. Better given as\n"
               "\"${TREX_API_PASSWORD}\" than written here.")
        .value("timeout", &e::timeout,
               "Time allowed for one request: connection and complete answer.",
               config::at_least(duration(std::chrono::milliseconds(100))))
        .value("tls_ca", &e::tls_ca,
               "https: a CA certificate file to verify the miner with. Empty: the\n"
               "system's certificates.",
               check_ca_file)
        .value("insecure_skip_verify", &e::insecure_skip_verify,
               "https: accept any certificate, such as T-Rex's self-signed one.")
        .strings("tags", &e::tags, "Tags added to this miner's metrics.", {{"rig", "rig-1"}})
        .validate(check_endpoint);
    return schema;
}

}  // namespace

config::table_schema<trex_config> trex_schema() {
    config::table_schema<trex_config> schema(
        "T-Rex: polls each miner's HTTP API in the background; every gather\n"
        "reports the latest answer, per rig and per GPU. Without any\n"
        "[[trex.endpoints]], the miner at http://127.0.0.1:4067 is polled.");
    schema.value("enabled", &trex_config::enabled, "Whether to poll T-Rex miners.")
        .value("poll_interval", &trex_config::poll_interval, "Time between two polls of a miner.",
               config::at_least(duration(std::chrono::seconds(1))))
        .value("max_response_bytes", &trex_config::max_response_bytes,
               "Largest answer accepted from a miner, in bytes (a 12-GPU rig sends\n"
               "about 12000).",
               config::between(4096, 64 << 20))
        .array("endpoints", &trex_config::endpoints, endpoint_schema(), endpoint_config{})
        .validate(check_unique_endpoints);
    return schema;
}

std::optional<http::url> api_url(const std::string& url, std::string& problem) {
    auto api = http::parse_url(url, default_api_port, problem);
    if (api && api->path.ends_with("/summary")) api->path.resize(api->path.size() - 8);
    return api;
}

}  // namespace lfdm::trex
