#pragma once

#include <string>
#include <vector>

#include "core/config_schema.hpp"
#include "core/duration.hpp"

namespace lfdm::trex {

/// One `[[trex.endpoints]]` table: one miner's HTTP API.
struct endpoint_config {
    /// Base URL of the API, such as "http://127.0.0.1:4067".
    std::string url = "http://127.0.0.1:4067";
    /// The API password (T-Rex's --api-key), or empty when there is none.
    std::string password;
    /// Connect and total time allowed for one request.
    duration timeout{std::chrono::seconds(2)};
    /// Tags added to this miner's metrics, such as the rig's name.
    config::string_map tags;
    /// CA certificate file to verify an https endpoint; empty: the system's.
    std::string tls_ca;
    /// Accept any certificate, such as T-Rex's self-signed one.
    bool insecure_skip_verify = false;
};

/// The `[trex]` table: the T-Rex miners to poll.
struct trex_config {
    bool enabled = false;
    /// Time between two polls of each miner.
    duration poll_interval{std::chrono::seconds(10)};
    std::vector<endpoint_config> endpoints;
};

/// The description of `[trex]`, for loading and for the sample.
config::table_schema<trex_config> trex_schema();

}  // namespace lfdm::trex
