#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "collectors/plot_check/plot_check_metrics.hpp"

/// What the plot check keeps across restarts of the plugin, in one small
/// JSON file replaced atomically (`plot_check.json` in the state directory):
/// the last finished run, and the start of a run that was under way.
namespace lfdm::plot_check {

/// The persisted state.
struct stored_runs {
    /// The last run that ended (done, failed or timed out).
    std::optional<run_summary> last;
    /// The start (Unix seconds) of a run under way when the plugin stopped,
    /// so that the next start knows it was cut short.
    std::int64_t interrupted_started_unix_seconds = 0;
};

/// `runs` as the file's JSON text.
std::string serialize(const stored_runs& runs);

/// Reads the file's text; nothing, and `problem` set, when it is not valid.
std::optional<stored_runs> deserialize(std::string_view text, std::string& problem);

/// Reads `file`; an absent file gives an empty state. Nothing, and `problem`
/// set ("cannot read ...: ..."), when it cannot be read or understood.
std::optional<stored_runs> load_runs(const std::filesystem::path& file, std::string& problem);

/// Writes `runs` to `file` through a temporary file in the same directory,
/// flushed, then renamed over it: a crash leaves the old or the new file,
/// never a part. Creates the directory. Returns the problem, or empty.
std::string save_runs(const std::filesystem::path& file, const stored_runs& runs);

}  // namespace lfdm::plot_check
