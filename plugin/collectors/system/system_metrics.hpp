#pragma once

#include "collectors/system/system_sample.hpp"
#include "core/metric.hpp"

namespace lfdm::system {

/// Turns a sample into metrics: `lfdm_cpu`, `lfdm_mem`, `lfdm_swap`,
/// `lfdm_disk`, `lfdm_diskio`, `lfdm_net` and `lfdm_system`. Percentages and
/// per-second rates compare with `previous`, the sample before (none at the
/// first gather, none when the two are under 100 ms apart, and none for a
/// counter that went backwards, as when an interface is re-created). Cores other than the total are
/// left out unless `per_cpu`. The sample's errors are added to `out`.
void append_metrics(const system_sample* previous, const system_sample& current, bool per_cpu,
                    metric_batch& out);

}  // namespace lfdm::system
