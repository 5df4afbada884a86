#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/duration.hpp"
#include "core/url.hpp"

namespace boost::asio {
class io_context;
}

/// A small HTTP/1.1 GET client on the agent's io_context, for the APIs of
/// programs running on the rig or the LAN (a miner's, a farmer's): plain
/// http or https with OpenSSL, one deadline for the whole exchange, a cap on
/// the size of an answer. No redirects, no proxies, no keep-alive: each
/// request opens its own connection.
namespace lfdm::http {

/// Why a request got no usable HTTP answer.
enum class failure {
    refused,          ///< nothing listens on the port
    unreachable,      ///< unknown host, or no route to it
    connect_timeout,  ///< no connection within the deadline
    timeout,          ///< connected, but no complete answer within the deadline
    tls,              ///< TLS handshake or certificate check failed
    bad_response,     ///< the answer is not HTTP
    truncated,        ///< the connection closed in the middle of the answer
    too_large,        ///< the answer's body is over the size limit
    network,          ///< any other connection error (reset, closed early)
};

/// An HTTP answer, whatever its status.
struct response {
    unsigned status = 0;
    std::string reason;
    std::string body;
};

/// How a request ended: an answer, or a failure with its cause in words
/// ("connection refused", "no answer within 2s"), without the URL.
struct outcome {
    std::optional<response> answer;
    failure kind = failure::network;
    std::string cause;
};

/// How requests are made.
struct client_options {
    /// Time allowed for the whole exchange: name lookup, connection, TLS
    /// handshake, request and answer.
    duration timeout{std::chrono::seconds(2)};
    /// Largest body accepted, in bytes.
    std::size_t max_body_bytes = 1 << 20;
    /// https: a CA certificate file (PEM) to verify the server with; empty:
    /// the system's certificates.
    std::string tls_ca;
    /// https: accept any certificate and host name.
    bool insecure_skip_verify = false;
};

/// A client for one server. Lives on the loop's thread: construct it, call
/// `get` and `cancel` there, and its callbacks run there.
class client {
  public:
    /// A client for `server`. A CA file that cannot be loaded makes every
    /// https request fail with `failure::tls` and the reason.
    client(boost::asio::io_context& loop, url server, client_options options);
    /// Cancels the request under way, without calling its callback.
    ~client();
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    /// Sends `GET target` (a path with its query, which may hold a
    /// password: it never appears in a cause) and calls `done` once with
    /// the outcome, unless cancelled. One request at a time: a new `get`
    /// cancels the one under way.
    void get(std::string target, std::function<void(outcome)> done);

    /// Abandons the request under way at once; its callback is not called.
    void cancel();

    const url& server() const { return server_; }

  private:
    struct exchange;
    struct tls_setup;

    boost::asio::io_context& loop_;
    url server_;
    client_options options_;
    std::shared_ptr<tls_setup> tls_;
    std::shared_ptr<exchange> current_;
};

}  // namespace lfdm::http
