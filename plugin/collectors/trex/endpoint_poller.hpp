#pragma once

#include <functional>
#include <memory>
#include <string>

#include "collectors/trex/trex_metrics.hpp"
#include "core/duration.hpp"
#include "core/http_client.hpp"

namespace boost::asio {
class io_context;
}

namespace lfdm::trex {

/// What one poller polls and how.
struct poller_settings {
    /// The API's address, without "/summary".
    http::url api;
    /// T-Rex's --api-key password, or empty.
    std::string password;
    /// Time from the start of one poll to the start of the next.
    duration interval{std::chrono::seconds(10)};
    http::client_options client;
};

/// Receives each poll's result, on the loop's thread.
using result_sink = std::function<void(poll_result)>;

/// Polls one miner in the background, on the loop: `/summary` every
/// `interval`, after logging in with `/login?password=` when there is a
/// password (and once more when the session has expired). Hands every
/// result to the sink, and logs once each time the miner's state changes.
/// The password and the session id appear in no message.
class endpoint_poller {
  public:
    endpoint_poller(boost::asio::io_context& loop, poller_settings settings, result_sink sink);
    /// Stops polling.
    ~endpoint_poller();
    endpoint_poller(endpoint_poller&&) noexcept = default;
    endpoint_poller& operator=(endpoint_poller&&) noexcept = default;

    /// Polls at once, then every interval. Call on the loop's thread.
    void start();
    /// Cancels the poll under way and the next one. Call on the loop's thread.
    void stop();

  private:
    struct state;
    std::shared_ptr<state> state_;
};

}  // namespace lfdm::trex
