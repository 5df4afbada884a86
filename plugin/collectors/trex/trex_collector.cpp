#include "collectors/trex/trex_collector.hpp"

#include <condition_variable>
#include <mutex>
#include <optional>

namespace lfdm::trex {
namespace {

using steady_clock = std::chrono::steady_clock;

/// A poll result and when it arrived.
struct timed_result {
    poll_result result;
    steady_clock::time_point received;
};

poller_settings settings_of(const trex_config& config, const endpoint_config& endpoint) {
    std::string problem;
    poller_settings s;
    s.api = api_url(endpoint.url, problem).value();
    s.password = endpoint.password;
    s.interval = config.poll_interval;
    s.client.timeout = endpoint.timeout;
    s.client.max_body_bytes = static_cast<std::size_t>(config.max_response_bytes);
    s.client.tls_ca = endpoint.tls_ca;
    s.client.insecure_skip_verify = endpoint.insecure_skip_verify;
    return s;
}

}  // namespace

/// The latest result of each miner: written by the pollers on the loop,
/// read by `collect` on the collector's thread.
struct trex_collector::board {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::optional<timed_result>> latest;
    bool stopping = false;
};

trex_collector::trex_collector(trex_config config)
    : config_(std::move(config)), board_(std::make_shared<board>()) {
    // Enabled without any endpoint: the miner on this machine, at T-Rex's
    // default address.
    if (config_.endpoints.empty()) config_.endpoints.emplace_back();
    for (const auto& endpoint : config_.endpoints) {
        std::string problem;
        identities_.push_back({api_url(endpoint.url, problem).value().text(), endpoint.tags});
    }
    board_->latest.resize(config_.endpoints.size());
}

trex_collector::~trex_collector() = default;

void trex_collector::start(boost::asio::io_context& loop) {
    for (std::size_t i = 0; i < config_.endpoints.size(); ++i) {
        auto sink = [shared = board_, i](poll_result result) {
            {
                const std::lock_guard lock(shared->mutex);
                shared->latest[i] = timed_result{std::move(result), steady_clock::now()};
            }
            shared->changed.notify_all();
        };
        pollers_.emplace_back(loop, settings_of(config_, config_.endpoints[i]), std::move(sink));
        pollers_.back().start();
    }
}

void trex_collector::prepare() {
    std::unique_lock lock(board_->mutex);
    board_->changed.wait_for(lock, first_poll_wait, [this] {
        if (board_->stopping) return true;
        for (const auto& result : board_->latest) {
            if (!result) return false;
        }
        return true;
    });
}

void trex_collector::collect(metric_batch& out) {
    const auto now = steady_clock::now();
    const std::lock_guard lock(board_->mutex);
    for (std::size_t i = 0; i < board_->latest.size(); ++i) {
        const auto& latest = board_->latest[i];
        if (!latest) continue;  // first poll still under way
        const double age = std::chrono::duration<double>(now - latest->received).count();
        append_metrics(identities_[i], latest->result, age, out);
    }
}

void trex_collector::stop() {
    for (auto& poller : pollers_)
        poller.stop();
    {
        const std::lock_guard lock(board_->mutex);
        board_->stopping = true;
    }
    board_->changed.notify_all();
}

}  // namespace lfdm::trex
