#pragma once

#include <string_view>

#include "core/metric.hpp"

namespace boost::asio {
class io_context;
}

namespace lfdm {

/// A source of metrics. The agent calls `start` once, then `collect` at every
/// gather, then `stop` once.
///
/// `collect` runs on the collector's own worker thread, so a collector that
/// blocks (a hung network mount) delays only itself: the agent writes the
/// others' metrics at the deadline and reports this one as timed out.
/// Collectors that work in the background (a running chia process, HTTP
/// polls) do so on the agent's loop from `start`, and `collect` hands over
/// their latest state under their own lock.
class collector {
  public:
    virtual ~collector() = default;

    /// Short snake_case name, used in logs and as the `collector` tag.
    virtual std::string_view name() const = 0;

    /// Starts background work on `loop`. Called on the loop's thread; must
    /// not block.
    virtual void start(boost::asio::io_context& loop) { (void)loop; }

    /// Runs once on the collector's own thread after `start`, before its
    /// first `collect`: for a first reading that might block.
    virtual void prepare() {}

    /// Appends this gather's metrics and problems to `out`. A problem that
    /// prevents collecting anything may be thrown instead.
    virtual void collect(metric_batch& out) = 0;

    /// Stops background work and kills any child process. Called on the
    /// loop's thread; must return promptly.
    virtual void stop() {}
};

}  // namespace lfdm
