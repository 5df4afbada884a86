#include "support/http_test_server.hpp"

// The Windows build has no OpenSSL: its test server speaks http only.
#if LFDM_HAVE_TLS
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ssl.hpp>
#endif

#include <future>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http.hpp>

namespace lfdm::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
#if LFDM_HAVE_TLS
namespace ssl = asio::ssl;
#endif
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

#if LFDM_HAVE_TLS
std::string drain(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

void require(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("cannot make a test certificate: ") + what);
}
#endif

std::map<std::string, std::string> query_of(std::string_view target) {
    std::map<std::string, std::string> query;
    const std::size_t mark = target.find('?');
    if (mark == std::string_view::npos) return query;
    std::string_view rest = target.substr(mark + 1);
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        const std::size_t eq = pair.find('=');
        std::string value(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
        std::string decoded;
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (value[i] == '%' && i + 2 < value.size()) {
                decoded.push_back(
                    static_cast<char>(std::stoi(value.substr(i + 1, 2), nullptr, 16)));
                i += 2;
            } else {
                decoded.push_back(value[i]);
            }
        }
        query[std::string(pair.substr(0, eq))] = decoded;
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
    }
    return query;
}

/// The status line and headers of an answer.
std::string head(const http_reply& reply, std::size_t length) {
    const auto status = static_cast<bhttp::status>(reply.status);
    std::string text = "HTTP/1.1 " + std::to_string(reply.status) + " " +
                       std::string(bhttp::obsolete_reason(status)) + "\r\n";
    text += "Content-Type: " + reply.content_type + "\r\n";
    if (reply.content_length) text += "Content-Length: " + std::to_string(length) + "\r\n";
    text += "Connection: close\r\n\r\n";
    return text;
}

}  // namespace

#if LFDM_HAVE_TLS
test_certificate make_self_signed_certificate(const std::string& ip) {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    require(key, "EVP_EC_gen");
    X509* cert = X509_new();
    require(cert, "X509_new");
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert),
                     static_cast<long>(std::random_device{}() & 0x7fffffff));
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 10L * 365 * 24 * 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(ip.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    const std::string san = "IP:" + ip;
    X509_EXTENSION* extension =
        X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, san.c_str());
    require(extension, "subject alternative name");
    X509_add_ext(cert, extension, -1);
    X509_EXTENSION_free(extension);
    require(X509_sign(cert, key, EVP_sha256()) > 0, "X509_sign");

    test_certificate result;
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    result.certificate_pem = drain(bio);
    BIO_free(bio);
    bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    result.private_key_pem = drain(bio);
    BIO_free(bio);
    X509_free(cert);
    EVP_PKEY_free(key);
    return result;
}
#else
test_certificate make_self_signed_certificate(const std::string&) {
    throw std::runtime_error("cannot make a test certificate: this build has no TLS");
}
#endif

struct http_test_server::state : std::enable_shared_from_this<http_test_server::state> {
    asio::io_context loop;
    tcp::acceptor acceptor{loop};
#if LFDM_HAVE_TLS
    std::optional<ssl::context> tls;
#endif
    handler answer;
    mutable std::mutex mutex;
    std::vector<http_request_seen> seen;
    std::thread thread;

    awaitable<void> accept_all() {
        for (;;) {
            tcp::socket socket = co_await acceptor.async_accept(use_awaitable);
            asio::co_spawn(loop, session(std::move(socket)), asio::detached);
        }
    }

    awaitable<void> session(tcp::socket socket) {
#if LFDM_HAVE_TLS
        if (tls) {
            ssl::stream<tcp::socket> stream(std::move(socket), *tls);
            co_await stream.async_handshake(ssl::stream_base::server, use_awaitable);
            co_await serve(stream);
            co_return;
        }
#endif
        co_await serve(socket);
    }

    template <class Stream>
    awaitable<void> serve(Stream& stream) {
        beast::flat_buffer buffer;
        bhttp::request<bhttp::string_body> request;
        co_await bhttp::async_read(stream, buffer, request, use_awaitable);
        http_request_seen req;
        const std::string_view target = request.target();
        req.path = std::string(target.substr(0, target.find('?')));
        req.query = query_of(target);
        {
            const std::lock_guard lock(mutex);
            seen.push_back(req);
        }
        co_await reply_with(stream, answer(req));
    }

    template <class Stream>
    awaitable<void> reply_with(Stream& stream, const http_reply& reply) {
        using mode = http_reply::mode;
        switch (reply.how) {
            case mode::answer:
                co_await asio::async_write(
                    stream, asio::buffer(head(reply, reply.body.size()) + reply.body),
                    use_awaitable);
                break;
            case mode::silence: {
                asio::steady_timer forever(loop, std::chrono::hours(1));
                co_await forever.async_wait(use_awaitable);
                break;
            }
            case mode::drip:
                co_await drip(stream, head(reply, reply.body.size()) + reply.body,
                              reply.drip_interval);
                break;
            case mode::raw:
                co_await asio::async_write(stream, asio::buffer(reply.body), use_awaitable);
                break;
            case mode::truncate:
                co_await asio::async_write(
                    stream,
                    asio::buffer(head(reply, reply.body.size()) +
                                 reply.body.substr(0, reply.body.size() / 2)),
                    use_awaitable);
                break;
            case mode::endless:
                co_await endless(stream, reply);
                break;
        }
        beast::get_lowest_layer(stream).close();
    }

    template <class Stream>
    awaitable<void> drip(Stream& stream, std::string text, std::chrono::milliseconds interval) {
        asio::steady_timer pause(loop);
        for (const char c : text) {
            co_await asio::async_write(stream, asio::buffer(&c, 1), use_awaitable);
            pause.expires_after(interval);
            co_await pause.async_wait(use_awaitable);
        }
    }

    template <class Stream>
    awaitable<void> endless(Stream& stream, const http_reply& reply) {
        co_await asio::async_write(stream, asio::buffer(head(reply, reply.endless_bytes)),
                                   use_awaitable);
        const std::string chunk(64 * 1024, ' ');
        for (std::size_t sent = 0; sent < reply.endless_bytes; sent += chunk.size()) {
            co_await asio::async_write(stream, asio::buffer(chunk), use_awaitable);
        }
    }
};

http_test_server::http_test_server(handler answer, const test_certificate* certificate)
    : state_(std::make_shared<state>()) {
    state_->answer = std::move(answer);
    if (certificate) {
#if LFDM_HAVE_TLS
        state_->tls.emplace(ssl::context::tls_server);
        state_->tls->use_certificate_chain(asio::buffer(certificate->certificate_pem));
        state_->tls->use_private_key(asio::buffer(certificate->private_key_pem), ssl::context::pem);
#else
        throw std::runtime_error("cannot serve https: this build has no TLS");
#endif
    }
    const tcp::endpoint local(asio::ip::make_address("127.0.0.1"), 0);
    state_->acceptor.open(local.protocol());
    state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    state_->acceptor.bind(local);
    state_->acceptor.listen();
    asio::co_spawn(state_->loop, state_->accept_all(), asio::detached);
    state_->thread = std::thread([s = state_.get()] { s->loop.run(); });
}

http_test_server::~http_test_server() {
    asio::post(state_->loop, [s = state_.get()] {
        boost::system::error_code ignored;
        s->acceptor.close(ignored);
        s->loop.stop();
    });
    state_->thread.join();
}

std::uint16_t http_test_server::port() const {
    return state_->acceptor.local_endpoint().port();
}

std::string http_test_server::url() const {
#if LFDM_HAVE_TLS
    const bool https = state_->tls.has_value();
#else
    const bool https = false;
#endif
    return std::string(https ? "https" : "http") + "://127.0.0.1:" + std::to_string(port());
}

std::vector<http_request_seen> http_test_server::requests() const {
    const std::lock_guard lock(state_->mutex);
    return state_->seen;
}

std::uint16_t refused_port() {
    asio::io_context loop;
    tcp::acceptor acceptor(loop, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return acceptor.local_endpoint().port();
}

struct loop_thread::state {
    asio::io_context loop;
    asio::executor_work_guard<asio::io_context::executor_type> work{loop.get_executor()};
    std::thread thread{[this] { loop.run(); }};
};

loop_thread::loop_thread() : state_(std::make_unique<state>()) {}

loop_thread::~loop_thread() {
    state_->work.reset();
    state_->loop.stop();
    state_->thread.join();
}

boost::asio::io_context& loop_thread::context() {
    return state_->loop;
}

void loop_thread::run(const std::function<void()>& job) {
    std::promise<void> done;
    asio::post(state_->loop, [&] {
        try {
            job();
            done.set_value();
        } catch (...) {
            done.set_exception(std::current_exception());
        }
    });
    done.get_future().get();
}

}  // namespace lfdm::test
