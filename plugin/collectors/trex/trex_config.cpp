#include "collectors/trex/trex_config.hpp"

namespace lfdm::trex {
namespace {

config::table_schema<endpoint_config> endpoint_schema() {
    using e = endpoint_config;
    config::table_schema<e> schema("One table per miner.");
    schema
        .value("url", &e::url,
               "The miner's API: http://HOST:PORT, or https:// when T-Rex runs with\n"
               "--api-https.",
               [](const std::string& url) {
                   return url.starts_with("http://") || url.starts_with("https://")
                              ? std::string()
                              : "must start with http:// or https://";
               })
        .value("password", &e::password,
               "The API password (T-Rex's --api-key), or empty. Better given as\n"
               "\"${TREX_API_PASSWORD}\" than written here.")
        .value("timeout", &e::timeout, "Time allowed to connect and answer.",
               config::at_least(duration(std::chrono::milliseconds(100))))
        .value("tls_ca", &e::tls_ca,
               "https: a CA certificate file to verify the miner with. Empty: the\n"
               "system's certificates.")
        .value("insecure_skip_verify", &e::insecure_skip_verify,
               "https: accept any certificate, such as T-Rex's self-signed one.")
        .strings("tags", &e::tags, "Tags added to this miner's metrics.", {{"rig", "rig-1"}});
    return schema;
}

}  // namespace

config::table_schema<trex_config> trex_schema() {
    config::table_schema<trex_config> schema(
        "T-Rex: polls each miner's HTTP API in the background; every gather\n"
        "reports the latest answer, per rig and per GPU.");
    schema.value("enabled", &trex_config::enabled, "Whether to poll T-Rex miners.")
        .value("poll_interval", &trex_config::poll_interval, "Time between two polls of a miner.",
               config::at_least(duration(std::chrono::seconds(1))))
        .array("endpoints", &trex_config::endpoints, endpoint_schema(), endpoint_config{});
    return schema;
}

}  // namespace lfdm::trex
