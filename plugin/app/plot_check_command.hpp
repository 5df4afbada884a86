#pragma once

#include "app/cli.hpp"
#include "app/plugin_config.hpp"

namespace lfdm {

/// `lfdm-plugin plot-check --from-log FILE|- [--report]`: reads a saved
/// `chia plots check` output and prints its plots and totals as line
/// protocol (stamped now, with the configuration's tags), or a readable
/// report. Returns the exit status: 0, or 1 when the input cannot be read.
int run_plot_check_log(const cli_options& options, const plugin_config& config);

}  // namespace lfdm
