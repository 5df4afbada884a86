#include "collectors/trex/trex_collector.hpp"

#include <filesystem>
#include <mutex>
#include <thread>

#include <boost/test/unit_test.hpp>

#include "core/line_protocol.hpp"
#include "support/build_features.hpp"
#include "support/http_test_server.hpp"
#include "support/line_parser.hpp"
#include "support/recorded_lines.hpp"
#include "support/scratch_dir.hpp"

namespace lfdm::trex {
namespace {

using namespace std::chrono_literals;
using test::http_reply;
using test::http_request_seen;
using test::http_test_server;
using test::parsed_line;
using steady_clock = std::chrono::steady_clock;

const std::filesystem::path golden_root =
    std::filesystem::path(LFDM_SOURCE_DIR) / "tests/collectors/trex/golden";

std::string fixture(const std::string& name) {
    return test::read_file(golden_root / name / "summary.json");
}

http_reply json(std::string body, unsigned status = 200) {
    http_reply reply;
    reply.status = status;
    reply.body = std::move(body);
    return reply;
}

http_test_server::handler always(http_reply reply) {
    return [reply](const http_request_seen&) { return reply; };
}

trex_config config_for(const std::string& url) {
    trex_config config;
    config.enabled = true;
    config.poll_interval = 100ms;
    endpoint_config endpoint;
    endpoint.url = url;
    endpoint.timeout = 500ms;
    endpoint.tags = {{"rig", "rig-1"}};
    config.endpoints.push_back(endpoint);
    return config;
}

/// A collector running as the agent runs it: started, stopped and destroyed
/// on its loop's thread, collected from another thread.
class running_collector {
  public:
    explicit running_collector(trex_config config)
        : collector_(std::make_unique<trex_collector>(std::move(config))) {
        loop_.run([this] { collector_->start(loop_.context()); });
    }
    ~running_collector() {
        loop_.run([this] {
            collector_->stop();
            collector_.reset();
        });
    }

    void prepare() { collector_->prepare(); }
    void stop() {
        loop_.run([this] { collector_->stop(); });
    }

    /// One gather's lines, checked by the strict reader and recorded.
    std::vector<parsed_line> collect() {
        metric_batch batch;
        collector_->collect(batch);
        BOOST_TEST(batch.errors.empty());
        std::string text;
        for (const auto& m : batch.metrics)
            line_protocol::write(text, m, 1'700'000'000'000'000'000);
        test::record_lines(text);
        return test::parse_lines(text);
    }

    /// Gathers until the miner line has `status`; its lines then.
    std::vector<parsed_line> collect_until_status(std::string_view status,
                                                  std::chrono::milliseconds limit = 5s) {
        const auto deadline = steady_clock::now() + limit;
        std::vector<parsed_line> lines;
        do {
            lines = collect();
            for (const auto& l : lines) {
                const auto* s = l.point.find_field("status");
                if (l.point.measurement == "lfdm_trex" && s &&
                    std::get<std::string>(*s) == status) {
                    return lines;
                }
            }
            std::this_thread::sleep_for(20ms);
        } while (steady_clock::now() < deadline);
        BOOST_FAIL("no status " << status << " within the time limit");
        return lines;
    }

  private:
    test::loop_thread loop_;  // declared first: destroyed last
    std::unique_ptr<trex_collector> collector_;
};

const metric& miner_of(const std::vector<parsed_line>& lines) {
    for (const auto& l : lines) {
        if (l.point.measurement == "lfdm_trex") return l.point;
    }
    BOOST_FAIL("no lfdm_trex line");
    throw std::logic_error("unreachable");
}

std::string text_field(const metric& m, std::string_view key) {
    const auto* value = m.find_field(key);
    BOOST_REQUIRE_MESSAGE(value, "no field " << key);
    return std::get<std::string>(*value);
}

std::int64_t integer_field(const metric& m, std::string_view key) {
    const auto* value = m.find_field(key);
    BOOST_REQUIRE_MESSAGE(value, "no field " << key);
    return std::get<std::int64_t>(*value);
}

/// The miner line after the first poll.
metric first_poll(trex_config config) {
    running_collector c(std::move(config));
    c.prepare();
    const auto lines = c.collect();
    BOOST_REQUIRE(!lines.empty());
    return miner_of(lines);
}

/// The miner line after the first poll of a server answering `reply`.
metric first_poll(const http_reply& reply) {
    http_test_server server(always(reply));
    return first_poll(config_for(server.url()));
}

std::size_t count_path(const std::vector<http_request_seen>& seen, std::string_view path) {
    return static_cast<std::size_t>(
        std::count_if(seen.begin(), seen.end(), [&](const auto& r) { return r.path == path; }));
}

/// A miner started with --api-key: logs in with `password`, hands out
/// numbered sessions, and forgets a session after `session_uses` summaries.
class guarded_miner {
  public:
    guarded_miner(std::string password, int session_uses)
        : password_(std::move(password)), session_uses_(session_uses) {}

    http_reply operator()(const http_request_seen& request) {
        const std::lock_guard lock(mutex_);
        if (request.path == "/login") {
            if (request.query.count("password") == 0 || request.query.at("password") != password_) {
                return json(R"({"success":0})");
            }
            sid_ = "sid-" + std::to_string(++sessions_);
            uses_ = 0;
            return json(R"({"sid":")" + sid_ + R"(","success":1})");
        }
        const auto sid = request.query.find("sid");
        if (sid == request.query.end() || sid->second != sid_ || uses_ >= session_uses_) {
            return json(R"({"success":0})");
        }
        ++uses_;
        return json(fixture("summary7"));
    }

  private:
    std::mutex mutex_;
    std::string password_;
    int session_uses_;
    std::string sid_;
    int sessions_ = 0;
    int uses_ = 0;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(trex_polling)

BOOST_AUTO_TEST_CASE(answering_miner_gives_its_line_and_one_per_gpu) {
    http_test_server server(always(json(fixture("summary8"))));
    running_collector c(config_for(server.url()));
    c.prepare();
    const auto lines = c.collect();
    BOOST_REQUIRE(lines.size() == 7u);
    const metric& miner = miner_of(lines);
    BOOST_TEST(integer_field(miner, "up") == 1);
    BOOST_TEST(text_field(miner, "status") == "ok");
    BOOST_TEST(text_field(miner, "version") == "0.24.2");
    BOOST_TEST(*miner.find_tag("endpoint") == server.url());
    BOOST_TEST(*miner.find_tag("rig") == "rig-1");
    BOOST_TEST(std::get<double>(*miner.find_field("age_seconds")) < 1.0);
    BOOST_TEST(lines[6].point.measurement == "lfdm_trex_gpu");
    BOOST_TEST(*lines[6].point.find_tag("gpu_id") == "5");
    BOOST_TEST(*lines[6].point.find_tag("gpu_vendor") == "Zotac");
}

BOOST_AUTO_TEST_CASE(stopped_miner_is_reported_as_refused) {
    const metric miner =
        first_poll(config_for("http://127.0.0.1:" + std::to_string(test::refused_port())));
    BOOST_TEST(integer_field(miner, "up") == 0);
    BOOST_TEST(text_field(miner, "status") == "refused");
    BOOST_TEST(text_field(miner, "error").ends_with(": connection refused"));
    BOOST_TEST(integer_field(miner, "consecutive_failures") == 1);
    BOOST_TEST(!miner.find_field("hashrate"));
}

BOOST_AUTO_TEST_CASE(miner_that_accepts_and_never_answers_is_a_timeout) {
    http_reply reply;
    reply.how = http_reply::mode::silence;
    const metric miner = first_poll(reply);
    BOOST_TEST(text_field(miner, "status") == "timeout");
    BOOST_TEST(text_field(miner, "error").ends_with("/summary: no answer within 500ms"));
}

BOOST_AUTO_TEST_CASE(slow_drip_is_a_timeout) {
    http_reply reply = json(fixture("summary9"));
    reply.how = http_reply::mode::drip;
    reply.drip_interval = 10ms;
    const metric miner = first_poll(reply);
    BOOST_TEST(text_field(miner, "status") == "timeout");
    BOOST_TEST(text_field(miner, "error").ends_with("answer still incomplete after 500ms"));
}

BOOST_AUTO_TEST_CASE(server_error_is_an_http_error) {
    const metric miner = first_poll(json("boom", 500));
    BOOST_TEST(text_field(miner, "status") == "http_error");
    BOOST_TEST(text_field(miner, "error").ends_with("/summary: HTTP 500 Internal Server Error"));
}

BOOST_AUTO_TEST_CASE(unauthorized_without_password_says_to_set_one) {
    const metric miner = first_poll(json("", 401));
    BOOST_TEST(text_field(miner, "status") == "auth_failed");
    BOOST_TEST(text_field(miner, "error")
                   .ends_with("/summary: HTTP 401 Unauthorized; the miner asks for a password: set "
                              "this endpoint's "
                              "password"));
}

BOOST_AUTO_TEST_CASE(garbage_instead_of_http_is_a_bad_response) {
    http_reply reply;
    reply.how = http_reply::mode::raw;
    reply.body = "T-Rex says hello\n\n";
    BOOST_TEST(text_field(first_poll(reply), "status") == "bad_response");
}

BOOST_AUTO_TEST_CASE(html_page_is_not_json) {
    http_reply reply = json("<html><body>T-Rex</body></html>");
    reply.content_type = "text/html";
    const metric miner = first_poll(reply);
    BOOST_TEST(text_field(miner, "status") == "not_json");
    BOOST_TEST(text_field(miner, "error").find("the answer is not JSON (") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_cut_short_is_truncated) {
    const std::string whole = fixture("summary6");
    const metric miner = first_poll(json(whole.substr(0, whole.size() - 100)));
    BOOST_TEST(text_field(miner, "status") == "truncated");
    BOOST_TEST(text_field(miner, "error").ends_with("the answer is JSON cut short"));
}

BOOST_AUTO_TEST_CASE(connection_closed_in_the_body_is_truncated) {
    http_reply reply = json(fixture("summary6"));
    reply.how = http_reply::mode::truncate;
    const metric miner = first_poll(reply);
    BOOST_TEST(text_field(miner, "status") == "truncated");
    BOOST_TEST(
        text_field(miner, "error").ends_with("the connection closed in the middle of the answer"));
}

BOOST_AUTO_TEST_CASE(fifty_megabyte_answer_is_too_large) {
    http_reply reply;
    reply.how = http_reply::mode::endless;
    reply.content_length = false;
    http_test_server server(always(reply));
    auto config = config_for(server.url());
    // About size, not time: a loaded machine (or Wine) may take more than the
    // usual half second to send the first megabyte.
    config.endpoints[0].timeout = 10s;
    const metric miner = first_poll(config);
    BOOST_TEST(text_field(miner, "status") == "too_large");
    BOOST_TEST(text_field(miner, "error").ends_with("the answer is larger than 1048576 bytes"));
}

BOOST_AUTO_TEST_CASE(success_zero_is_an_authentication_failure) {
    const metric miner = first_poll(json(R"({"success":0})"));
    BOOST_TEST(text_field(miner, "status") == "auth_failed");
}

BOOST_AUTO_TEST_CASE(good_password_logs_in_and_uses_the_session) {
    guarded_miner miner("pa ss&word", 100);
    http_test_server server(std::ref(miner));
    auto config = config_for(server.url());
    config.endpoints[0].password = "pa ss&word";
    const metric line = first_poll(config);
    BOOST_TEST(text_field(line, "status") == "ok");
    const auto seen = server.requests();
    BOOST_REQUIRE(seen.size() >= 2u);
    BOOST_TEST(seen[0].path == "/login");
    BOOST_TEST(seen[0].query.at("password") == "pa ss&word");
    BOOST_TEST(seen[1].path == "/summary");
    BOOST_TEST(seen[1].query.at("sid") == "sid-1");
}

BOOST_AUTO_TEST_CASE(wrong_password_is_an_authentication_failure_that_never_shows_it) {
    guarded_miner miner("right", 100);
    http_test_server server(std::ref(miner));
    auto config = config_for(server.url());
    config.endpoints[0].password = "Wr0ngPassw0rd";
    const metric line = first_poll(config);
    BOOST_TEST(text_field(line, "status") == "auth_failed");
    BOOST_TEST(text_field(line, "error") ==
               "cannot log in to " + server.url() + ": the miner refused the password (success 0)");
    std::string everything;
    line_protocol::write(everything, line, 1);
    BOOST_TEST(everything.find("Wr0ngPassw0rd") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(password_quoted_back_by_the_miner_is_hidden) {
    http_test_server server(always(json(R"({"success":0,"error":"bad password Wr0ng!"})")));
    auto config = config_for(server.url());
    config.endpoints[0].password = "Wr0ng!";
    const metric line = first_poll(config);
    BOOST_TEST(text_field(line, "error") ==
               "cannot log in to " + server.url() +
                   ": the miner refused the password (bad password (hidden))");
}

BOOST_AUTO_TEST_CASE(short_password_leaves_the_collectors_own_messages_whole) {
    auto config = config_for("http://127.0.0.1:" + std::to_string(test::refused_port()));
    config.endpoints[0].password = "on";
    BOOST_TEST(text_field(first_poll(config), "error").ends_with(": connection refused"));
}

BOOST_AUTO_TEST_CASE(expired_session_logs_in_again_once) {
    guarded_miner miner("pw", 1);  // each session serves one summary
    http_test_server server(std::ref(miner));
    auto config = config_for(server.url());
    config.endpoints[0].password = "pw";
    running_collector c(config);
    c.prepare();
    BOOST_TEST(text_field(miner_of(c.collect()), "status") == "ok");
    std::this_thread::sleep_for(350ms);  // a few more polls, each after an expiry
    BOOST_TEST(text_field(miner_of(c.collect()), "status") == "ok");
    c.stop();
    const auto seen = server.requests();
    const std::size_t logins = count_path(seen, "/login");
    const std::size_t summaries = count_path(seen, "/summary");
    BOOST_TEST(logins >= 3u);
    // Each poll after the first: one refused summary, a login, a summary
    // (the last poll may have been stopped half-way).
    BOOST_TEST(summaries >= 2 * logins - 2);
    BOOST_TEST(summaries <= 2 * logins);
}

BOOST_AUTO_TEST_CASE(session_refused_again_after_a_new_login_is_reported) {
    guarded_miner miner("pw", 0);  // sessions that never work
    http_test_server server(std::ref(miner));
    auto config = config_for(server.url());
    config.endpoints[0].password = "pw";
    config.poll_interval = 10s;
    const metric line = first_poll(config);
    BOOST_TEST(text_field(line, "status") == "auth_failed");
    BOOST_TEST(text_field(line, "error") ==
               "cannot read " + server.url() +
                   "/summary: the miner refused the request (success 0)");
    BOOST_TEST(count_path(server.requests(), "/login") == 1u);
}

BOOST_AUTO_TEST_CASE(gather_never_waits_for_a_slow_miner) {
    http_reply reply;
    reply.how = http_reply::mode::silence;
    http_test_server server(always(reply));
    auto config = config_for(server.url());
    config.endpoints[0].timeout = 2s;
    running_collector c(config);
    const auto begin = steady_clock::now();
    const auto lines = c.collect();
    BOOST_TEST(lines.empty());  // nothing yet: the first poll is under way
    BOOST_TEST((steady_clock::now() - begin < 100ms));
    c.collect_until_status("timeout");
}

BOOST_AUTO_TEST_CASE(stop_is_prompt_even_with_a_poll_under_way) {
    http_reply reply;
    reply.how = http_reply::mode::silence;
    http_test_server server(always(reply));
    auto config = config_for(server.url());
    config.endpoints[0].timeout = 30s;
    running_collector c(config);
    std::thread waiting([&] { c.prepare(); });
    std::this_thread::sleep_for(100ms);
    const auto begin = steady_clock::now();
    c.stop();
    waiting.join();
    BOOST_TEST((steady_clock::now() - begin < 500ms));
}

BOOST_AUTO_TEST_CASE(miner_back_after_failures_is_up_again) {
    std::atomic<int> polls{0};
    http_test_server server([&](const http_request_seen&) {
        return ++polls <= 3 ? json("", 503) : json(fixture("summary3"));
    });
    running_collector c(config_for(server.url()));
    c.prepare();
    const metric failed = miner_of(c.collect());
    BOOST_TEST(text_field(failed, "status") == "http_error");
    const auto lines = c.collect_until_status("ok");
    BOOST_TEST(integer_field(miner_of(lines), "consecutive_failures") == 0);
    BOOST_TEST(lines.size() == 2u);
}

BOOST_AUTO_TEST_CASE(https_miner_with_self_signed_certificate,
                     *boost::unit_test::precondition(test::has_tls)) {
    const auto cert = test::make_self_signed_certificate();
    http_test_server server(always(json(fixture("summary7"))), &cert);
    auto config = config_for(server.url());
    BOOST_TEST(text_field(first_poll(config), "status") == "tls_error");
    config.endpoints[0].insecure_skip_verify = true;
    BOOST_TEST(text_field(first_poll(config), "status") == "ok");
}

BOOST_AUTO_TEST_CASE(several_miners_are_reported_each_with_its_tags) {
    http_test_server first(always(json(fixture("summary5"))));
    http_test_server second(always(json(fixture("summary6"))));
    auto config = config_for(first.url());
    auto other = config.endpoints[0];
    other.url = second.url();
    other.tags = {{"rig", "rig-2"}};
    config.endpoints.push_back(other);
    running_collector c(config);
    c.prepare();
    const auto lines = c.collect();
    BOOST_TEST(lines.size() == 12u);
    BOOST_TEST(*lines.front().point.find_tag("rig") == "rig-1");
    BOOST_TEST(*lines.back().point.find_tag("rig") == "rig-2");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::trex
