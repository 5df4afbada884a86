#pragma once

#include <cstdint>
#include <string>

#include "app/plugin_config.hpp"
#include "telegraf/conf_document.hpp"
#include "telegraf/farm_request.hpp"

/// The two files lfdm-confgen writes, built from a settled request.
namespace lfdm::confgen {

/// Telegraf's batch and buffer sizes for a farm.
struct agent_sizing {
    std::int64_t metric_batch_size = 1000;
    std::int64_t metric_buffer_limit = 10000;
};

/// Metrics lfdm-plugin and Telegraf's inputs write per gather besides the
/// plot check's results, as an upper estimate (a rig with many drives and
/// GPUs), for sizing the buffer.
inline constexpr std::int64_t other_metrics_per_gather = 200;

/// Sizes Telegraf for `plot_count` plots gathered every `interval`: a batch
/// takes one gather's paced plot results and the other metrics; the buffer
/// holds a whole plot check plus 30 minutes of the other metrics, so that a
/// cluster outage during a check loses nothing.
agent_sizing size_agent(std::int64_t plot_count, duration interval);

/// The telegraf.conf of `request`.
conf_document telegraf_document(const farm_request& request);

/// The plugin configuration of `request`, as its file says it: the
/// farmer's text with "${" written "$${" (lfdm-plugin would read an
/// environment variable there), T-Rex's password as a "${VARIABLE}".
plugin_config plugin_configuration(const farm_request& request);

}  // namespace lfdm::confgen
