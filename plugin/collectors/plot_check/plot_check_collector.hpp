#pragma once

#include <filesystem>
#include <memory>

#include "collectors/plot_check/plot_check_config.hpp"
#include "core/collector.hpp"

namespace lfdm::plot_check {

/// Runs `chia plots check` on its schedule, follows its output as it
/// streams, and reports every plot, the run, the last finished run and the
/// plot directories (see this folder's README for the metrics).
///
/// The run lives on the agent's loop (started from `start`); `collect`, on
/// the collector's worker thread, takes what the run produced so far under a
/// lock, lists the plot directories, and writes at most
/// `max_plots_per_gather` plots, keeping the others for the next gathers.
class plot_check_collector final : public collector {
  public:
    /// `state_file` keeps the last finished run across restarts; empty: not
    /// kept.
    plot_check_collector(plot_check_config config, std::filesystem::path state_file);
    ~plot_check_collector() override;

    std::string_view name() const override { return "plot_check"; }

    /// Reads the state file and schedules the first run.
    void start(boost::asio::io_context& loop) override;

    void collect(metric_batch& out) override;

    /// Kills a run under way, with its whole process tree.
    void stop() override;

  private:
    struct state;
    std::shared_ptr<state> state_;
};

}  // namespace lfdm::plot_check
