#pragma once

#include <memory>
#include <vector>

#include "app/plugin_config.hpp"
#include "core/collector.hpp"

namespace lfdm {

/// The enabled collectors of `config`, ready to start.
std::vector<std::unique_ptr<collector>> make_collectors(const plugin_config& config);

/// The whole lfdm-plugin program; returns its exit status.
int plugin_main(int argc, char** argv);

}  // namespace lfdm
