#include "core/http_client.hpp"

#include <atomic>
#include <future>
#include <thread>

#include <boost/test/unit_test.hpp>

#include "support/build_features.hpp"
#include "support/http_test_server.hpp"
#include "support/scratch_dir.hpp"

namespace lfdm::http {
namespace {

using namespace std::chrono_literals;
using test::http_reply;
using test::http_test_server;

url parse(std::string_view text) {
    std::string problem;
    auto parsed = parse_url(text, 4067, problem);
    BOOST_REQUIRE_MESSAGE(parsed, "cannot parse " << text << ": " << problem);
    return *parsed;
}

std::string problem_of(std::string_view text) {
    std::string problem;
    return parse_url(text, 4067, problem) ? "no problem" : problem;
}

/// Sends one GET from a client living on `loop` and waits for its outcome.
outcome fetch(test::loop_thread& loop, const std::string& address, const std::string& target,
              client_options options = {}) {
    std::promise<outcome> result;
    std::unique_ptr<client> c;
    loop.run([&] {
        c = std::make_unique<client>(loop.context(), parse(address), options);
        c->get(target, [&](outcome o) { result.set_value(std::move(o)); });
    });
    auto future = result.get_future();
    BOOST_REQUIRE(future.wait_for(10s) == std::future_status::ready);
    loop.run([&] { c.reset(); });
    return future.get();
}

http_test_server::handler always(http_reply reply) {
    return [reply](const test::http_request_seen&) { return reply; };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_client)

BOOST_AUTO_TEST_CASE(url_parts_are_read) {
    const url a = parse("http://127.0.0.1:4067");
    BOOST_TEST(!a.tls);
    BOOST_TEST(a.host == "127.0.0.1");
    BOOST_TEST(a.port == 4067);
    BOOST_TEST(a.path == "");
    const url b = parse("HTTPS://rig-2.local:3333/api/");
    BOOST_TEST(b.tls);
    BOOST_TEST(b.host == "rig-2.local");
    BOOST_TEST(b.port == 3333);
    BOOST_TEST(b.path == "/api");
    BOOST_TEST(b.text() == "https://rig-2.local:3333/api");
    const url c = parse("http://[::1]:4068");
    BOOST_TEST(c.host == "::1");
    BOOST_TEST(c.text() == "http://[::1]:4068");
}

BOOST_AUTO_TEST_CASE(url_without_port_gets_the_default_one) {
    BOOST_TEST(parse("http://192.168.1.20").port == 4067);
    BOOST_TEST(parse("http://192.168.1.20/").text() == "http://192.168.1.20:4067");
}

BOOST_AUTO_TEST_CASE(bad_urls_are_explained) {
    BOOST_TEST(problem_of("127.0.0.1:4067") == "must start with http:// or https://");
    BOOST_TEST(problem_of("http://") == "has no host");
    BOOST_TEST(problem_of("http://host:0") == "has a port that is not a number from 1 to 65535");
    BOOST_TEST(problem_of("http://host:99999") ==
               "has a port that is not a number from 1 to 65535");
    BOOST_TEST(problem_of("http://host:") == "has a port that is not a number from 1 to 65535");
    BOOST_TEST(problem_of("http://user:pw@host") ==
               "must not hold a user name or password (give the password on its own)");
    BOOST_TEST(problem_of("http://host/summary?sid=1") ==
               "must not have a query (?...) or a fragment (#...)");
    BOOST_TEST(problem_of("http://::1:4067") ==
               "has an IPv6 address that is not in brackets, as in http://[::1]:4067");
    BOOST_TEST(problem_of("http://my rig:4067") == "must not hold spaces");
}

BOOST_AUTO_TEST_CASE(query_values_are_percent_encoded) {
    BOOST_TEST(encode_query_value("aZ09-._~") == "aZ09-._~");
    BOOST_TEST(encode_query_value("p&s=1 é") == "p%26s%3D1%20%C3%A9");
}

BOOST_AUTO_TEST_CASE(answer_is_returned_with_its_status_and_body) {
    http_reply reply;
    reply.body = R"({"ok":1})";
    http_test_server server(always(reply));
    test::loop_thread loop;
    const outcome o = fetch(loop, server.url(), "/summary?sid=abc");
    BOOST_REQUIRE(o.answer);
    BOOST_TEST(o.answer->status == 200u);
    BOOST_TEST(o.answer->body == R"({"ok":1})");
    const auto seen = server.requests();
    BOOST_REQUIRE(seen.size() == 1u);
    BOOST_TEST(seen[0].path == "/summary");
    BOOST_TEST(seen[0].query.at("sid") == "abc");
}

BOOST_AUTO_TEST_CASE(error_status_is_an_answer) {
    http_reply reply;
    reply.status = 500;
    reply.body = "oops";
    http_test_server server(always(reply));
    test::loop_thread loop;
    const outcome o = fetch(loop, server.url(), "/summary");
    BOOST_REQUIRE(o.answer);
    BOOST_TEST(o.answer->status == 500u);
    BOOST_TEST(o.answer->reason == "Internal Server Error");
}

BOOST_AUTO_TEST_CASE(closed_port_is_refused) {
    test::loop_thread loop;
    const outcome o =
        fetch(loop, "http://127.0.0.1:" + std::to_string(test::refused_port()), "/summary");
    BOOST_TEST(!o.answer);
    BOOST_TEST((o.kind == failure::refused));
    BOOST_TEST(o.cause == "connection refused");
}

BOOST_AUTO_TEST_CASE(server_that_never_answers_times_out_on_time) {
    http_reply reply;
    reply.how = http_reply::mode::silence;
    http_test_server server(always(reply));
    test::loop_thread loop;
    client_options options;
    options.timeout = 300ms;
    const auto begin = std::chrono::steady_clock::now();
    const outcome o = fetch(loop, server.url(), "/summary", options);
    const auto took = std::chrono::steady_clock::now() - begin;
    BOOST_TEST((o.kind == failure::timeout));
    BOOST_TEST(o.cause == "no answer within 300ms");
    BOOST_TEST((took >= 300ms));
    BOOST_TEST((took < 1500ms));
}

BOOST_AUTO_TEST_CASE(slow_drip_is_cut_at_the_deadline) {
    http_reply reply;
    reply.how = http_reply::mode::drip;
    reply.body = R"({"accepted_count":1})";
    reply.drip_interval = 20ms;
    http_test_server server(always(reply));
    test::loop_thread loop;
    client_options options;
    options.timeout = 500ms;
    const outcome o = fetch(loop, server.url(), "/summary", options);
    BOOST_TEST((o.kind == failure::timeout));
    BOOST_TEST(o.cause == "answer still incomplete after 500ms");
}

BOOST_AUTO_TEST_CASE(garbage_instead_of_http_is_a_bad_response) {
    http_reply reply;
    reply.how = http_reply::mode::raw;
    reply.body = "\x16\x03\x01 hello, this is not HTTP\r\n\r\n";
    http_test_server server(always(reply));
    test::loop_thread loop;
    const outcome o = fetch(loop, server.url(), "/summary");
    BOOST_TEST((o.kind == failure::bad_response));
    BOOST_TEST(o.cause.starts_with("the answer is not HTTP ("));
}

BOOST_AUTO_TEST_CASE(connection_closed_in_the_body_is_truncated) {
    http_reply reply;
    reply.how = http_reply::mode::truncate;
    reply.body = R"({"accepted_count":1,"rejected_count":0})";
    http_test_server server(always(reply));
    test::loop_thread loop;
    const outcome o = fetch(loop, server.url(), "/summary");
    BOOST_TEST((o.kind == failure::truncated));
    BOOST_TEST(o.cause == "the connection closed in the middle of the answer");
}

BOOST_AUTO_TEST_CASE(announced_50_mb_body_is_refused_at_once) {
    http_reply reply;
    reply.how = http_reply::mode::endless;
    http_test_server server(always(reply));
    test::loop_thread loop;
    const auto begin = std::chrono::steady_clock::now();
    const outcome o = fetch(loop, server.url(), "/summary");
    BOOST_TEST((o.kind == failure::too_large));
    BOOST_TEST(o.cause == "the answer is larger than 1048576 bytes");
    BOOST_TEST((std::chrono::steady_clock::now() - begin < 1s));
}

BOOST_AUTO_TEST_CASE(unannounced_50_mb_body_is_cut_at_the_limit) {
    http_reply reply;
    reply.how = http_reply::mode::endless;
    reply.content_length = false;
    http_test_server server(always(reply));
    test::loop_thread loop;
    client_options options;
    options.max_body_bytes = 64 * 1024;
    const outcome o = fetch(loop, server.url(), "/summary", options);
    BOOST_TEST((o.kind == failure::too_large));
    BOOST_TEST(o.cause == "the answer is larger than 65536 bytes");
}

BOOST_AUTO_TEST_CASE(https_with_a_self_signed_certificate_is_refused_by_default,
                     *boost::unit_test::precondition(test::has_tls)) {
    const auto cert = test::make_self_signed_certificate();
    http_reply reply;
    reply.body = "{}";
    http_test_server server(always(reply), &cert);
    test::loop_thread loop;
    const outcome o = fetch(loop, server.url(), "/summary");
    BOOST_TEST((o.kind == failure::tls));
    BOOST_TEST(o.cause == "TLS handshake failed: self-signed certificate");
}

BOOST_AUTO_TEST_CASE(https_is_accepted_with_insecure_skip_verify,
                     *boost::unit_test::precondition(test::has_tls)) {
    const auto cert = test::make_self_signed_certificate();
    http_reply reply;
    reply.body = "{}";
    http_test_server server(always(reply), &cert);
    test::loop_thread loop;
    client_options options;
    options.insecure_skip_verify = true;
    const outcome o = fetch(loop, server.url(), "/summary", options);
    BOOST_REQUIRE(o.answer);
    BOOST_TEST(o.answer->body == "{}");
}

BOOST_AUTO_TEST_CASE(https_is_verified_with_the_given_ca_file,
                     *boost::unit_test::precondition(test::has_tls)) {
    const auto cert = test::make_self_signed_certificate();
    const test::scratch_dir dir;
    const auto ca = dir.write("ca.pem", cert.certificate_pem);
    http_reply reply;
    reply.body = "{}";
    http_test_server server(always(reply), &cert);
    test::loop_thread loop;
    client_options options;
    options.tls_ca = ca.string();
    const outcome o = fetch(loop, server.url(), "/summary", options);
    BOOST_REQUIRE_MESSAGE(o.answer, o.cause);
    BOOST_TEST(o.answer->body == "{}");
}

BOOST_AUTO_TEST_CASE(https_with_another_certificate_than_the_ca_file_is_refused,
                     *boost::unit_test::precondition(test::has_tls)) {
    const auto cert = test::make_self_signed_certificate();
    const test::scratch_dir dir;
    const auto other = dir.write("other.pem", test::make_self_signed_certificate().certificate_pem);
    http_reply reply;
    http_test_server server(always(reply), &cert);
    test::loop_thread loop;
    client_options options;
    options.tls_ca = other.string();
    const outcome o = fetch(loop, server.url(), "/summary", options);
    BOOST_TEST((o.kind == failure::tls));
    BOOST_TEST(o.cause == "TLS handshake failed: self-signed certificate");
}

BOOST_AUTO_TEST_CASE(certificate_for_another_host_is_refused,
                     *boost::unit_test::precondition(test::has_tls)) {
    const auto cert = test::make_self_signed_certificate("127.0.0.2");
    const test::scratch_dir dir;
    const auto ca = dir.write("ca.pem", cert.certificate_pem);
    http_reply reply;
    http_test_server server(always(reply), &cert);
    test::loop_thread loop;
    client_options options;
    options.tls_ca = ca.string();
    const outcome o = fetch(loop, server.url(), "/summary", options);
    BOOST_TEST((o.kind == failure::tls));
    BOOST_TEST(o.cause == "TLS handshake failed: the certificate is not for 127.0.0.1");
}

BOOST_AUTO_TEST_CASE(unreadable_ca_file_fails_every_https_request,
                     *boost::unit_test::precondition(test::has_tls)) {
    test::loop_thread loop;
    client_options options;
    options.tls_ca = "/nonexistent/ca.pem";
    const outcome o = fetch(loop, "https://127.0.0.1:1", "/summary", options);
    BOOST_TEST((o.kind == failure::tls));
    BOOST_TEST(o.cause.starts_with("cannot load CA file /nonexistent/ca.pem: "));
}

BOOST_AUTO_TEST_CASE(cancelled_request_never_calls_back) {
    http_reply reply;
    reply.how = http_reply::mode::silence;
    http_test_server server(always(reply));
    test::loop_thread loop;
    std::atomic<bool> called{false};
    std::unique_ptr<client> c;
    loop.run([&] {
        c = std::make_unique<client>(loop.context(), parse(server.url()), client_options{});
        c->get("/summary", [&](outcome) { called = true; });
    });
    std::this_thread::sleep_for(100ms);
    loop.run([&] { c->cancel(); });
    std::this_thread::sleep_for(100ms);
    loop.run([&] { c.reset(); });
    BOOST_TEST(!called);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::http
