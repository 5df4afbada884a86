#include "collectors/system/system_collector.hpp"

#include "collectors/system/system_metrics.hpp"

namespace lfdm::system {

system_collector::system_collector(system_config config, std::unique_ptr<system_source> source)
    : config_(std::move(config)), source_(std::move(source)) {}

void system_collector::prepare() {
    previous_ = source_->sample(sample_scope::counters);
}

void system_collector::collect(metric_batch& out) {
    system_sample current = source_->sample(sample_scope::everything);
    append_metrics(previous_ ? &*previous_ : nullptr, current, config_.per_cpu, out);
    previous_ = std::move(current);
}

}  // namespace lfdm::system
