#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/agent.hpp"

namespace lfdm {

/// A wrong command line; the message says what and suggests the fix.
class usage_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// What the command line asks for.
struct cli_options {
    enum class action { run, help, version, sample_config, check_config, plot_check_log };
    action what = action::run;
    /// `plot-check --from-log FILE`: the saved chia output to read ("-":
    /// standard input).
    std::string from_log;
    /// `plot-check --report`: a readable summary instead of line protocol.
    bool report = false;
    std::optional<std::string> config_path;
    trigger mode = trigger::stdin_line;
    duration interval{std::chrono::seconds(10)};
    bool debug = false;
};

/// Reads the arguments after the program name. Throws `usage_error`.
cli_options parse_cli(const std::vector<std::string_view>& args);

/// The `--help` text.
std::string usage();

}  // namespace lfdm
