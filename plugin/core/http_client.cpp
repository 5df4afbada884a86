#include "core/http_client.hpp"

#include <array>
#if LFDM_HAVE_TLS
#include <openssl/x509.h>
#endif
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#if LFDM_HAVE_TLS
#include <boost/asio/ssl.hpp>
#endif
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace lfdm::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
#if LFDM_HAVE_TLS
namespace ssl = asio::ssl;
#endif
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

#if LFDM_HAVE_TLS
bool is_ip_address(const std::string& host) {
    error_code ec;
    asio::ip::make_address(host, ec);
    return !ec;
}
#endif

bool is_name_lookup_error(const error_code& ec) {
    return ec == asio::error::host_not_found || ec == asio::error::host_not_found_try_again ||
           ec == asio::error::no_data || ec == asio::error::no_recovery;
}

bool is_unreachable(const error_code& ec) {
    return ec == asio::error::host_unreachable || ec == asio::error::network_unreachable ||
           ec == asio::error::network_down;
}

}  // namespace

/// The TLS context of one client, or why it could not be set up.
struct client::tls_setup {
#if LFDM_HAVE_TLS
    ssl::context context{ssl::context::tls_client};
#endif
    std::string problem;
};

/// One request: its connection, deadline and parser. Every handler holds
/// the exchange alive; once `finished` is set, handlers return at once.
struct client::exchange : std::enable_shared_from_this<client::exchange> {
    enum class stage { connecting, exchanging };

    exchange(asio::io_context& loop, const url& target_server, const client_options& settings,
             std::shared_ptr<tls_setup> tls_context)
        : server(target_server),
          options(settings),
          tls(std::move(tls_context)),
          resolver(loop),
          deadline(loop),
          plain(loop) {
#if LFDM_HAVE_TLS
        if (server.tls) secure.emplace(loop, tls->context);
#endif
        parser.body_limit(settings.max_body_bytes);
    }

    url server;
    client_options options;
    std::shared_ptr<tls_setup> tls;
    tcp::resolver resolver;
    asio::steady_timer deadline;
    tcp::socket plain;
#if LFDM_HAVE_TLS
    std::optional<ssl::stream<tcp::socket>> secure;
#endif
    std::vector<tcp::endpoint> endpoints;
    beast::flat_buffer buffer;
    bhttp::request<bhttp::empty_body> request;
    bhttp::response_parser<bhttp::string_body> parser;
    std::function<void(outcome)> done;
    std::string verify_problem;
    stage at = stage::connecting;
    bool timed_out = false;
    bool finished = false;

    tcp::socket& socket() {
#if LFDM_HAVE_TLS
        if (secure) return secure->next_layer();
#endif
        return plain;
    }

    void start(std::string target) {
        request.method(bhttp::verb::get);
        request.target(target);
        request.version(11);
        request.set(bhttp::field::host, server.authority());
        request.set(bhttp::field::user_agent, "lfdm-plugin");
        request.set(bhttp::field::accept, "application/json");
        request.set(bhttp::field::connection, "close");

        if (tls && !tls->problem.empty()) {
            asio::post(deadline.get_executor(), [self = shared_from_this()] {
                if (self->finished) return;
                self->finish(outcome{std::nullopt, failure::tls, self->tls->problem});
            });
            return;
        }
        arm_deadline();
        resolve();
    }

    /// One deadline for the whole exchange: when it passes, closing the
    /// socket ends whatever operation is under way.
    void arm_deadline() {
        deadline.expires_after(options.timeout);
        deadline.async_wait([self = shared_from_this()](const error_code& ec) {
            if (ec || self->finished) return;
            self->timed_out = true;
            self->close();
        });
    }

    /// An IP address is used as it is: no lookup thread for the usual
    /// 127.0.0.1 or LAN address. A host name goes through Asio's resolver
    /// thread, which a hung DNS server can keep busy past the process's exit
    /// for the system resolver's own timeout.
    void resolve() {
        error_code ec;
        const auto address = asio::ip::make_address(server.host, ec);
        if (!ec) {
            endpoints.emplace_back(address, server.port);
            connect();
            return;
        }
        resolver.async_resolve(server.host, std::to_string(server.port),
                               [self = shared_from_this()](const error_code& error,
                                                           tcp::resolver::results_type found) {
                                   if (self->finished) return;
                                   if (error) return self->fail(error);
                                   for (const auto& entry : found)
                                       self->endpoints.push_back(entry.endpoint());
                                   self->connect();
                               });
    }

    void connect() {
        asio::async_connect(
            socket(), endpoints,
            [self = shared_from_this()](const error_code& ec, const tcp::endpoint&) {
                if (self->finished) return;
                if (ec) return self->fail(ec);
                self->at = stage::exchanging;
#if LFDM_HAVE_TLS
                if (self->secure) return self->handshake();
#endif
                self->send(self->plain);
            });
    }

#if LFDM_HAVE_TLS
    void handshake() {
        if (!is_ip_address(server.host)) {
            SSL_set_tlsext_host_name(secure->native_handle(), server.host.c_str());
        }
        if (!options.insecure_skip_verify) {
            secure->set_verify_callback([this](bool preverified, ssl::verify_context& context) {
                return verify(preverified, context);
            });
        }
        secure->async_handshake(ssl::stream_base::client,
                                [self = shared_from_this()](const error_code& ec) {
                                    if (self->finished) return;
                                    if (ec) return self->fail_tls(ec);
                                    self->send(*self->secure);
                                });
    }

    /// OpenSSL's chain check, then the host name on the server's own
    /// certificate; keeps the reason of a refusal for the message.
    bool verify(bool preverified, ssl::verify_context& context) {
        if (!preverified) {
            const int error = X509_STORE_CTX_get_error(context.native_handle());
            verify_problem = X509_verify_cert_error_string(error);
            return false;
        }
        if (!ssl::host_name_verification(server.host)(preverified, context)) {
            verify_problem = "the certificate is not for " + server.host;
            return false;
        }
        return true;
    }

    void fail_tls(const error_code& ec) {
        if (timed_out) return fail(ec);
        std::string cause = "TLS handshake failed: ";
        cause += verify_problem.empty() ? ec.message() : verify_problem;
        finish(outcome{std::nullopt, failure::tls, std::move(cause)});
    }
#endif

    template <class Stream>
    void send(Stream& stream) {
        bhttp::async_write(stream, request,
                           [self = shared_from_this(), &stream](const error_code& ec, std::size_t) {
                               if (self->finished) return;
                               if (ec) return self->fail(ec);
                               self->receive(stream);
                           });
    }

    template <class Stream>
    void receive(Stream& stream) {
        bhttp::async_read(stream, buffer, parser,
                          [self = shared_from_this()](const error_code& ec, std::size_t) {
                              if (self->finished) return;
                              if (ec) return self->fail(ec);
                              self->succeed();
                          });
    }

    void succeed() {
        auto& message = parser.get();
        response answer;
        answer.status = message.result_int();
        answer.reason = std::string(message.reason());
        answer.body = std::move(message.body());
        finish(outcome{std::move(answer), failure::network, {}});
    }

    void fail(const error_code& ec) {
        auto [kind, cause] = classify(ec);
        finish(outcome{std::nullopt, kind, std::move(cause)});
    }

    std::pair<failure, std::string> classify(const error_code& ec) const {
        const std::string limit = format_duration(options.timeout);
        if (timed_out) {
            if (at == stage::connecting)
                return {failure::connect_timeout, "no connection within " + limit};
            if (!parser.got_some()) return {failure::timeout, "no answer within " + limit};
            return {failure::timeout, "answer still incomplete after " + limit};
        }
        if (ec == asio::error::connection_refused) return {failure::refused, "connection refused"};
        if (is_name_lookup_error(ec)) {
            return {failure::unreachable, "cannot find host " + server.host + ": " + ec.message()};
        }
        if (is_unreachable(ec)) return {failure::unreachable, ec.message()};
        if (ec == bhttp::error::body_limit) {
            return {failure::too_large, "the answer is larger than " +
                                            std::to_string(options.max_body_bytes) + " bytes"};
        }
        return classify_exchange(ec);
    }

    std::pair<failure, std::string> classify_exchange(const error_code& ec) const {
        if (ec == bhttp::error::partial_message) {
            return {failure::truncated, "the connection closed in the middle of the answer"};
        }
#if LFDM_HAVE_TLS
        if (ec == ssl::error::stream_truncated) {
            return {failure::truncated, "the connection closed in the middle of the answer"};
        }
#endif
        if (ec == bhttp::error::end_of_stream || ec == asio::error::eof) {
            if (parser.got_some()) {
                return {failure::truncated, "the connection closed in the middle of the answer"};
            }
            return {failure::network, "the connection closed without an answer"};
        }
        if (ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category() ||
            ec == bhttp::error::header_limit) {
            return {failure::bad_response, "the answer is not HTTP (" + ec.message() + ")"};
        }
        return {failure::network, ec.message()};
    }

    void finish(outcome result) {
        finished = true;
        close();
        if (done) {
            auto callback = std::move(done);
            callback(std::move(result));
        }
    }

    /// Ends whatever is under way: its handlers complete with an error.
    void close() {
        error_code ignored;
        deadline.cancel();
        resolver.cancel();
        socket().close(ignored);
    }
};

client::client(asio::io_context& loop, url server, client_options options)
    : loop_(loop), server_(std::move(server)), options_(std::move(options)) {
    if (!server_.tls) return;
    tls_ = std::make_shared<tls_setup>();
#if !LFDM_HAVE_TLS
    tls_->problem = "https is not available in this build of lfdm-plugin";
#else
    error_code ec;
    if (options_.insecure_skip_verify) {
        tls_->context.set_verify_mode(ssl::verify_none);
        return;
    }
    tls_->context.set_verify_mode(ssl::verify_peer, ec);
    if (options_.tls_ca.empty()) {
        // OpenSSL's default paths (Windows builds have no TLS at all).
        tls_->context.set_default_verify_paths(ec);
        if (ec) tls_->problem = "cannot load the system's certificates: " + ec.message();
    } else {
        tls_->context.load_verify_file(options_.tls_ca, ec);
        if (ec) tls_->problem = "cannot load CA file " + options_.tls_ca + ": " + ec.message();
    }
#endif
}

client::~client() {
    cancel();
}

void client::get(std::string target, std::function<void(outcome)> done) {
    cancel();
    current_ = std::make_shared<exchange>(loop_, server_, options_, tls_);
    current_->done = std::move(done);
    current_->start(std::move(target));
}

void client::cancel() {
    if (!current_) return;
    current_->finished = true;
    current_->done = nullptr;
    current_->close();
    current_.reset();
}

}  // namespace lfdm::http
