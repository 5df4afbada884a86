#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collectors/plot_check/output_parser.hpp"
#include "core/duration.hpp"

namespace boost::asio {
class io_context;
}

/// One run of `chia plots check` on the agent's loop: started with
/// Boost.Process (arguments as a list, never a shell; stdin on the null
/// device), its stdout and stderr read asynchronously, watched for silence
/// and length, and killed with its whole process tree when needed.
namespace lfdm::plot_check {

/// How to start chia.
struct run_request {
    std::filesystem::path chia;
    std::vector<std::string> args;
    /// Set in the child's environment, over the plugin's own.
    std::vector<std::pair<std::string, std::string>> environment;
    /// A run that writes nothing for this long is killed.
    duration silence_timeout{std::chrono::minutes(30)};
    /// A run that lasts longer is killed.
    duration max_duration{std::chrono::hours(48)};
};

/// How a run ended.
struct run_end {
    enum class reason { exited, silent, too_long };
    reason why = reason::exited;
    /// chia's exit status; -1 when it was killed (or a signal ended it).
    int exit_code = -1;
};

/// A running chia. Its callbacks run on the loop's thread.
class chia_run {
  public:
    using output_handler = std::function<void(std::string_view bytes, output_stream stream)>;
    using end_handler = std::function<void(const run_end& end)>;

    /// Starts chia. Throws std::runtime_error "cannot start <chia>: <cause>".
    chia_run(boost::asio::io_context& loop, const run_request& request, output_handler output,
             end_handler ended);
    /// Kills the tree if it still runs; no callback follows.
    ~chia_run();
    chia_run(const chia_run&) = delete;
    chia_run& operator=(const chia_run&) = delete;

    /// chia's process id.
    int pid() const;

    /// Kills the whole tree now and reaps chia, waiting at most `patience`
    /// (a process stuck in the kernel on a dead drive cannot be reaped; it is
    /// then left to the system). No callback follows.
    void kill(duration patience = std::chrono::milliseconds(500));

  private:
    struct state;
    std::shared_ptr<state> state_;
};

/// The arguments of `chia plots check` for these options, passphrase file
/// first: `--passphrase-file FILE plots check -n N [-g G] [-l]
/// [--challenge-start S]`.
std::vector<std::string> check_arguments(std::int64_t challenges, std::int64_t challenge_start,
                                         const std::string& grep, bool list_duplicates,
                                         const std::string& passphrase_file);

}  // namespace lfdm::plot_check
