#pragma once

#include <memory>
#include <optional>

#include "collectors/system/system_config.hpp"
#include "collectors/system/system_source.hpp"
#include "core/collector.hpp"

namespace lfdm::system {

/// Reports the machine's CPU, memory, filesystems, disk I/O, network, load
/// and uptime at every gather (see this folder's README for the metrics).
class system_collector final : public collector {
  public:
    system_collector(system_config config, std::unique_ptr<system_source> source);

    std::string_view name() const override { return "system"; }

    /// Takes the first reading of the counters, so that the first gather
    /// already has percentages and rates.
    void prepare() override;

    void collect(metric_batch& out) override;

  private:
    system_config config_;
    std::unique_ptr<system_source> source_;
    std::optional<system_sample> previous_;
};

}  // namespace lfdm::system
