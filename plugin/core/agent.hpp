#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/collector.hpp"
#include "core/config_schema.hpp"
#include "core/duration.hpp"

namespace lfdm {

/// What starts a gather.
enum class trigger {
    stdin_line,  ///< each line on stdin (Telegraf's `signal = "STDIN"`)
    interval,    ///< a timer of our own (Telegraf's `signal = "none"`)
    once,        ///< one gather, then exit
};

/// How the agent runs.
struct agent_options {
    trigger mode = trigger::stdin_line;
    /// Where gather requests are read (stdin). With `trigger::interval` it is
    /// only watched for its end, and only when it is a pipe (Telegraf closes
    /// it to stop the plugin; a terminal or /dev/null means nothing).
    int input = 0;
    /// Time between gathers with `trigger::interval`.
    duration interval{std::chrono::seconds(10)};
    /// How long a gather waits for each collector before writing without it.
    duration collector_timeout{std::chrono::seconds(5)};
    /// Tags added to every metric that does not already have them.
    config::string_map global_tags;
};

/// Where a gather's text goes: stdout in the plugin, a string in tests.
/// Returns the error that stopped the write, such as a broken pipe.
using output_sink = std::function<std::error_code(std::string_view)>;

/// Runs the collectors: reads gather requests, asks every collector for its
/// metrics under one timestamp with a deadline each, writes the lines and the
/// `lfdm_collector` health measurement, and stops cleanly on end of input,
/// SIGINT or SIGTERM, or a broken output.
class agent {
  public:
    agent(std::vector<std::unique_ptr<collector>> collectors, agent_options options,
          output_sink output);
    ~agent();
    agent(const agent&) = delete;
    agent& operator=(const agent&) = delete;

    /// Runs until the agent stops. Returns the process exit status: 0 after
    /// end of input, a signal or `--once`; 1 when the output broke.
    int run();

    /// Whether a collector stuck in a system call was left running when the
    /// agent stopped. The process should then end at once (`std::_Exit`):
    /// that thread still uses the collector, which must not be destroyed.
    bool left_collector_behind() const;

  private:
    struct state;
    std::unique_ptr<state> state_;
};

}  // namespace lfdm
