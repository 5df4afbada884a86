// Benchmark of the T-Rex collector.
//
// Prints, from one run on this machine:
// - the CPU time to turn a 6-GPU /summary body into line protocol (decode,
//   metrics, lines) against the least that needs: parsing the JSON alone;
// - the CPU time of one gather (`collect` of a polled 6-GPU miner, lines
//   written), the work on the gather's path;
// - the wall time of one poll of a loopback miner, over http, over https,
//   and with a log-in;
// - the resident memory of the running lfdm-plugin polling 8 such miners.
//
//   lfdm-bench-trex [--iterations N] [--plugin PATH]
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>
#include <thread>

#include <boost/json/parse.hpp>

#include "collectors/trex/trex_collector.hpp"
#include "collectors/trex/trex_metrics.hpp"
#include "core/http_client.hpp"
#include "core/line_protocol.hpp"
#include "support/bench_measures.hpp"
#include "support/child_process.hpp"
#include "support/http_test_server.hpp"
#include "support/scratch_dir.hpp"

namespace {

using namespace lfdm;
using test::cpu_per_call;
using test::median;
using test::status_kib;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

/// Where results go that the compiler must not optimise away.
volatile std::size_t keys_seen = 0;

std::string six_gpu_body() {
    return test::read_file(fs::path(LFDM_SOURCE_DIR) /
                           "tests/collectors/trex/golden/summary8/summary.json");
}

test::http_test_server::handler answer(const std::string& body) {
    return [body](const test::http_request_seen& request) {
        test::http_reply reply;
        reply.body = request.path.ends_with("/login") ? R"({"sid":"b","success":1})" : body;
        return reply;
    };
}

void bench_decode(int iterations, const std::string& body) {
    const trex::endpoint_identity who{"http://127.0.0.1:4067", {{"rig", "rig-1"}}};
    std::string out;
    const double full = cpu_per_call(iterations, [&] {
        auto decoded = trex::decode_summary(body);
        trex::poll_result result;
        result.data = std::get<trex::summary>(std::move(decoded));
        metric_batch batch;
        trex::append_metrics(who, result, 0.5, batch);
        out.clear();
        for (const auto& m : batch.metrics)
            line_protocol::write(out, m, 1'700'000'000'000'000'000);
    });
    const double least = cpu_per_call(
        iterations, [&] { keys_seen = keys_seen + boost::json::parse(body).as_object().size(); });
    std::printf("6-GPU /summary (%zu bytes) to line protocol (%zu bytes):\n", body.size(),
                out.size());
    std::printf("  decode, metrics, lines %8.1f us\n", full * 1e6);
    std::printf("  JSON parse alone       %8.1f us\n", least * 1e6);
    std::printf("  ratio                  %8.2f   (the decoder's cost over the parse)\n",
                full / least);
}

void bench_gather(int iterations, const std::string& body) {
    test::http_test_server server(answer(body));
    trex::trex_config config;
    config.endpoints.resize(1);
    config.endpoints[0].url = server.url();
    auto collector = std::make_unique<trex::trex_collector>(config);
    test::loop_thread loop;
    loop.run([&] { collector->start(loop.context()); });
    collector->prepare();
    std::string out;
    const double gather = cpu_per_call(iterations, [&] {
        metric_batch batch;
        collector->collect(batch);
        out.clear();
        for (const auto& m : batch.metrics)
            line_protocol::write(out, m, 1'700'000'000'000'000'000);
    });
    loop.run([&] {
        collector->stop();
        collector.reset();
    });
    std::printf("gather of one polled 6-GPU miner:\n");
    std::printf("  collect and write      %8.1f us\n", gather * 1e6);
}

double poll_ms(test::loop_thread& loop, http::client& client) {
    std::promise<void> done;
    const auto begin = std::chrono::steady_clock::now();
    loop.run([&] { client.get("/summary", [&](http::outcome) { done.set_value(); }); });
    done.get_future().wait();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin)
        .count();
}

void bench_polls(int runs, const std::string& body) {
    const auto certificate = test::make_self_signed_certificate();
    test::http_test_server plain(answer(body));
    test::http_test_server secure(answer(body), &certificate);
    test::loop_thread loop;
    std::string problem;
    http::client_options insecure;
    insecure.insecure_skip_verify = true;
    std::unique_ptr<http::client> to_plain, to_secure;
    loop.run([&] {
        to_plain = std::make_unique<http::client>(
            loop.context(), *http::parse_url(plain.url(), 80, problem), http::client_options{});
        to_secure = std::make_unique<http::client>(
            loop.context(), *http::parse_url(secure.url(), 443, problem), insecure);
    });
    std::vector<double> http_ms, https_ms;
    for (int i = 0; i < runs; ++i) {
        http_ms.push_back(poll_ms(loop, *to_plain));
        https_ms.push_back(poll_ms(loop, *to_secure));
    }
    loop.run([&] {
        to_plain.reset();
        to_secure.reset();
    });
    std::printf("one /summary poll of a loopback miner (median of %d, wall time):\n", runs);
    std::printf("  http                   %8.2f ms\n", median(http_ms));
    std::printf("  https (self-signed)    %8.2f ms\n", median(https_ms));
}

void bench_memory(const std::string& plugin, int gathers, const std::string& body) {
    test::http_test_server server(answer(body));
    std::string text =
        "[system]\nenabled = false\n[trex]\nenabled = true\npoll_interval = \"1s\"\n";
    for (int i = 0; i < 8; ++i) {
        text += "[[trex.endpoints]]\nurl = \"" + server.url() + "/" + std::to_string(i) +
                "\"\npassword = \"pw\"\n";
    }
    const test::scratch_dir dir;
    const fs::path config = dir.write("lfdm.toml", text);
    test::child_process p(plugin, {"--config", config.string()});
    for (int i = 0; i < gathers; ++i) {
        p.write("\n");
        p.wait_for_lines(static_cast<std::size_t>(i + 1) * 57, 5s);
        std::this_thread::sleep_for(20ms);
    }
    std::printf("running plugin polling 8 six-GPU miners, after %d gathers:\n", gathers);
    std::printf("  resident memory        %8ld KiB (peak %ld KiB)\n", status_kib(p.pid(), "VmRSS:"),
                status_kib(p.pid(), "VmHWM:"));
    p.close_stdin();
    p.wait_for_exit(5s);
}

}  // namespace

int main(int argc, char** argv) {
    int iterations = 2000;
    std::string plugin = LFDM_PLUGIN_PATH;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--iterations") iterations = std::max(1, std::atoi(argv[i + 1]));
        if (option == "--plugin") plugin = argv[i + 1];
    }
    const std::string body = six_gpu_body();
    bench_decode(iterations, body);
    bench_gather(iterations, body);
    bench_polls(std::min(iterations, 51), body);
    bench_memory(plugin, std::min(iterations, 50), body);
    return 0;
}
