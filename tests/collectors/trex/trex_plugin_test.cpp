// The real lfdm-plugin polling a real (loopback) miner API: what a user
// sees on stdout and stderr while the miner fails and comes back.
#include <atomic>
#include <filesystem>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "core/config_schema.hpp"
#include "core/url.hpp"
#include "support/child_process.hpp"
#include "support/http_test_server.hpp"
#include "support/line_parser.hpp"
#include "support/recorded_lines.hpp"
#include "support/scratch_dir.hpp"

namespace lfdm::trex {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

const std::string password = "Zq9-s3cret&pw";

std::string fixture(const std::string& name) {
    return test::read_file(fs::path(LFDM_SOURCE_DIR) / "tests/collectors/trex/golden" / name /
                           "summary.json");
}

std::vector<std::string> stderr_lines(const std::string& err, std::string_view prefix) {
    std::vector<std::string> lines;
    std::istringstream in(err);
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with(prefix)) lines.push_back(line);
    }
    return lines;
}

/// A miner with --api-key that fails with HTTP 500 until `healthy` is set.
class flaky_miner {
  public:
    test::http_reply operator()(const test::http_request_seen& request) {
        test::http_reply reply;
        if (request.path == "/login") {
            const auto given = request.query.find("password");
            reply.body = given != request.query.end() && given->second == password
                             ? R"({"sid":"s1","success":1})"
                             : R"({"success":0})";
            return reply;
        }
        ++summaries;
        if (!healthy) {
            reply.status = 500;
            return reply;
        }
        reply.body = fixture("summary7");
        return reply;
    }

    std::atomic<bool> healthy{false};
    std::atomic<int> summaries{0};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(trex_plugin)

BOOST_AUTO_TEST_CASE(failing_then_answering_miner_is_logged_once_per_change_without_password) {
    flaky_miner miner;
    test::http_test_server server(std::ref(miner));
    const test::scratch_dir dir;
    const fs::path config =
        dir.write("lfdm.toml",
                  "[system]\nenabled = false\n"
                  "[trex]\nenabled = true\npoll_interval = \"1s\"\n"
                  "[[trex.endpoints]]\nurl = \"" +
                      server.url() +
                      "\"\n"
                      "password = \"${LFDM_TEST_TREX_PASSWORD}\"\ntimeout = \"1s\"\n"
                      "[trex.endpoints.tags]\nrig = \"rig-7\"\n");

    test::child_process p(LFDM_PLUGIN_PATH,
                          {"--config", config.string(), "--interval", "250ms", "--debug"},
                          {{"LFDM_TEST_TREX_PASSWORD", password}});
    BOOST_REQUIRE(p.wait_until(
        [&](const std::string& out, const std::string&) {
            return miner.summaries >= 3 && out.find("status=\"http_error\"") != std::string::npos;
        },
        10s));
    miner.healthy = true;
    BOOST_REQUIRE(p.wait_until(
        [](const std::string& out, const std::string&) {
            return out.find("status=\"ok\"") != std::string::npos;
        },
        5s));
    const int answered = miner.summaries;
    BOOST_REQUIRE(p.wait_until(
        [&](const std::string&, const std::string&) { return miner.summaries >= answered + 2; },
        5s));
    p.close_stdin();
    BOOST_TEST(p.wait_for_exit(3s).value_or(-1) == 0);

    test::record_lines(p.out());
    const auto lines = test::parse_lines(p.out());
    BOOST_TEST(std::any_of(lines.begin(), lines.end(), [](const auto& l) {
        return l.point.measurement == "lfdm_trex_gpu" && *l.point.find_tag("rig") == "rig-7";
    }));

    const auto warnings = stderr_lines(p.err(), "W! [trex]");
    BOOST_REQUIRE(warnings.size() == 1u);
    BOOST_TEST(warnings[0] == "W! [trex] cannot read " + server.url() +
                                  "/summary: HTTP 500 Internal Server Error");
    const auto infos = stderr_lines(p.err(), "I! [trex]");
    BOOST_REQUIRE(infos.size() == 1u);
    BOOST_TEST(infos[0].starts_with("I! [trex] " + server.url() + ": answers again after "));
    BOOST_TEST(stderr_lines(p.err(), "E! ").empty());

    BOOST_TEST(p.out().find(password) == std::string::npos);
    BOOST_TEST(p.err().find(password) == std::string::npos);
    BOOST_TEST(p.err().find("Zq9") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_password_written_in_the_file_never_appears_in_logs_errors_or_metrics) {
    const std::string secret = "Xq7-s3cret&pw";
    // A miner that refuses it and quotes it back, one that is not there, one
    // that never answers.
    test::http_test_server refusing([&](const test::http_request_seen&) {
        test::http_reply reply;
        reply.body = R"({"success":0,"error":"bad password )" + secret + R"("})";
        return reply;
    });
    test::http_test_server silent([](const test::http_request_seen&) {
        test::http_reply reply;
        reply.how = test::http_reply::mode::silence;
        return reply;
    });
    const std::string absent = "http://127.0.0.1:" + std::to_string(test::refused_port());
    const test::scratch_dir dir;
    std::string endpoints;
    for (const auto& url : {refusing.url(), absent, silent.url()}) {
        endpoints += "[[trex.endpoints]]\nurl = \"" + url +
                     "\"\npassword = " + config::quote(secret) + "\ntimeout = \"500ms\"\n";
    }
    const std::string good =
        "[system]\nenabled = false\n[trex]\nenabled = true\n"
        "poll_interval = \"1s\"\n" +
        endpoints;
    std::string everything;
    const auto run = [&](const std::string& text, std::vector<std::string> args) {
        const auto file = dir.write("lfdm.toml", text);
        args.insert(args.end(), {"--config", file.string()});
        test::child_process p(LFDM_PLUGIN_PATH, args);
        if (std::find(args.begin(), args.end(), "--interval") != args.end()) {
            p.wait_until(
                [](const std::string& out, const std::string&) {
                    return out.find("status=\"auth_failed\"") != std::string::npos &&
                           out.find("status=\"timeout\"") != std::string::npos;
                },
                5s);
        }
        p.close_stdin();
        BOOST_TEST(p.wait_for_exit(3s).has_value());
        everything += p.out() + p.err();
        return p.out();
    };

    const std::string out = run(good, {"--interval", "200ms", "--debug"});
    test::record_lines(out);
    BOOST_TEST(out.find("status=\"auth_failed\"") != std::string::npos);
    BOOST_TEST(out.find("status=\"refused\"") != std::string::npos);
    BOOST_TEST(out.find("status=\"timeout\"") != std::string::npos);
    run(good, {"--check-config"});
    // Configuration errors in the endpoint that holds it, and next to it.
    run(good + "timeout = \"soon\"\n", {"--check-config"});
    run(good + "passwrod = " + config::quote(secret) + "\n", {});
    run(good + "password = " + config::quote(secret) + "\n", {});
    run("[trex]\nenabled = true\n[[trex.endpoints]]\npassword = " + secret + "\n", {});
    run("[trex]\nenabled = true\n[[trex.endpoints]]\nurl = \"http://x:" + secret +
            "@127.0.0.1\"\npassword = " + config::quote(secret) + "\n",
        {});
    BOOST_TEST(everything.find("E! cannot load configuration") != std::string::npos);
    BOOST_TEST(everything.find(secret) == std::string::npos);
    BOOST_TEST(everything.find(http::encode_query_value(secret)) == std::string::npos);
    BOOST_TEST(everything.find("s3cret") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::trex
