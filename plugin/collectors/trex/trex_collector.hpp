#pragma once

#include <memory>
#include <vector>

#include "collectors/trex/endpoint_poller.hpp"
#include "collectors/trex/trex_config.hpp"
#include "collectors/trex/trex_metrics.hpp"
#include "core/collector.hpp"

namespace lfdm::trex {

/// Reports every configured T-Rex miner: each is polled in the background
/// on the agent's loop, and each gather reports the latest result of each,
/// with its age, without waiting for any miner (see this folder's README).
class trex_collector final : public collector {
  public:
    /// `config` must have been validated (every url parses).
    explicit trex_collector(trex_config config);
    ~trex_collector() override;

    std::string_view name() const override { return "trex"; }

    /// Starts polling every miner.
    void start(boost::asio::io_context& loop) override;

    /// Waits for the first result of every miner, up to `first_poll_wait`,
    /// so that the first gather already has them.
    void prepare() override;

    void collect(metric_batch& out) override;

    void stop() override;

    /// The longest `prepare` waits.
    static constexpr duration first_poll_wait{std::chrono::seconds(3)};

  private:
    struct board;

    trex_config config_;
    std::vector<endpoint_identity> identities_;
    std::shared_ptr<board> board_;
    std::vector<endpoint_poller> pollers_;
};

}  // namespace lfdm::trex
