#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "collectors/trex/trex_summary.hpp"
#include "core/config_schema.hpp"
#include "core/metric.hpp"

namespace lfdm::trex {

/// How the latest poll of a miner went: `ok`, or what kept it from giving
/// its summary. Written as the `status` field.
enum class poll_status {
    ok,
    refused,          ///< nothing listens on the port: T-Rex is not running
    unreachable,      ///< unknown host or no route to it
    connect_timeout,  ///< no connection within the timeout
    timeout,          ///< connected, but no complete answer within the timeout
    tls_error,        ///< TLS handshake or certificate check failed
    auth_failed,      ///< password missing, wrong, or session refused
    http_error,       ///< an HTTP status other than 200
    bad_response,     ///< not HTTP
    not_json,         ///< 200, but the body is not a JSON object
    truncated,        ///< the body was cut short
    too_large,        ///< the body is over the size limit
    network_error,    ///< any other connection problem
};

/// The `status` field's value: "ok", "refused", "timeout", ...
std::string_view status_name(poll_status status);

/// The outcome of one poll of a miner.
struct poll_result {
    poll_status status = poll_status::ok;
    /// Set when `status` is ok.
    std::optional<summary> data;
    /// Set otherwise: "cannot connect to http://127.0.0.1:4067: connection
    /// refused". Never holds the password or the session id.
    std::string error;
    /// Time the poll took, log-in included, in milliseconds.
    double poll_time_ms = 0;
    /// Failed polls in a row, this one included (0 when `ok`).
    std::int64_t consecutive_failures = 0;
};

/// Whose metrics they are: the miner's address and the tags it was given.
struct endpoint_identity {
    /// The `endpoint` tag: the API's address, such as "http://127.0.0.1:4067".
    std::string endpoint;
    config::string_map tags;
};

/// Tag keys the collector sets itself, which configured tags may not use.
inline constexpr std::string_view reserved_tags[] = {"endpoint", "gpu_id", "gpu_name", "gpu_vendor",
                                                     "gpu_uuid"};

/// Appends the miner's metrics for `result`, reported `age_seconds` after
/// the poll ended: `lfdm_trex` always (its `up` and `status` fields tell a
/// dead or refusing miner), and one `lfdm_trex_gpu` per GPU when the poll
/// succeeded. See this folder's README for every field.
void append_metrics(const endpoint_identity& who, const poll_result& result, double age_seconds,
                    metric_batch& out);

}  // namespace lfdm::trex
