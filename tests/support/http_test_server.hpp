#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
}

/// A real HTTP(S) server on loopback for tests (Boost.Beast), answering
/// each request as the test says, well or badly: the peer that the HTTP
/// client and the T-Rex collector are tested against.
namespace lfdm::test {

/// What the server does with one request.
struct http_reply {
    enum class mode {
        answer,    ///< a complete HTTP answer
        silence,   ///< keeps the connection open and never answers
        drip,      ///< a complete answer, one byte every `drip_interval`
        raw,       ///< writes `body` as it is (no HTTP), then closes
        truncate,  ///< announces `body`'s length, sends half of it, closes
        endless,   ///< announces `endless_bytes` and sends them (or, without
                   ///< `content_length`, sends them until the client leaves)
    };
    mode how = mode::answer;
    unsigned status = 200;
    std::string body;
    std::string content_type = "application/json";
    std::chrono::milliseconds drip_interval{50};
    std::size_t endless_bytes = 50u << 20;
    bool content_length = true;
};

/// A request the server received.
struct http_request_seen {
    std::string path;
    std::map<std::string, std::string> query;
};

/// A self-signed certificate and its private key, PEM.
struct test_certificate {
    std::string certificate_pem;
    std::string private_key_pem;
};

/// Makes a fresh self-signed certificate (EC P-256, valid from an hour ago
/// for 10 years) for `ip`, as its common name and IP subject alternative name.
test_certificate make_self_signed_certificate(const std::string& ip = "127.0.0.1");

/// The server: listens on 127.0.0.1 on a free port, on a thread of its own,
/// until destroyed.
class http_test_server {
  public:
    using handler = std::function<http_reply(const http_request_seen&)>;

    /// An http server, or an https one with `certificate`.
    explicit http_test_server(handler answer, const test_certificate* certificate = nullptr);
    ~http_test_server();
    http_test_server(const http_test_server&) = delete;
    http_test_server& operator=(const http_test_server&) = delete;

    std::uint16_t port() const;
    /// "http://127.0.0.1:PORT" (or https).
    std::string url() const;
    /// Every request received so far, in order.
    std::vector<http_request_seen> requests() const;

  private:
    struct state;
    std::shared_ptr<state> state_;
};

/// A loopback port nothing listens on: connecting to it is refused.
std::uint16_t refused_port();

/// An io_context running on a thread of its own, as the agent's loop does,
/// for driving a collector or a client from a test.
class loop_thread {
  public:
    loop_thread();
    /// Stops the loop and joins its thread.
    ~loop_thread();
    loop_thread(const loop_thread&) = delete;
    loop_thread& operator=(const loop_thread&) = delete;

    boost::asio::io_context& context();
    /// Runs `job` on the loop's thread and waits for it.
    void run(const std::function<void()>& job);

  private:
    struct state;
    std::unique_ptr<state> state_;
};

}  // namespace lfdm::test
