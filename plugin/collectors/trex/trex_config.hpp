#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config_schema.hpp"
#include "core/duration.hpp"
#include "core/url.hpp"

namespace lfdm::trex {

/// T-Rex's API port, used when an endpoint's url gives none.
inline constexpr std::uint16_t default_api_port = 4067;

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
    /// Largest answer accepted from a miner, in bytes.
    std::int64_t max_response_bytes = 1 << 20;
    std::vector<endpoint_config> endpoints;
};

/// The description of `[trex]`, for loading and for the sample.
config::table_schema<trex_config> trex_schema();

/// The API address an endpoint's `url` stands for: port 4067 when it has
/// none, and without a final "/summary" (the address of the page people
/// often paste). Nothing, with the reason in `problem`, for a URL that is
/// not http:// or https://.
std::optional<http::url> api_url(const std::string& url, std::string& problem);

}  // namespace lfdm::trex
