#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lfdm::test {

/// A program a test starts, with its stdin, stdout and stderr on pipes the
/// test drives: the real binaries, tested the way Telegraf runs them.
class child_process {
  public:
    using milliseconds = std::chrono::milliseconds;

    /// Starts `program` with `args`, in the test's environment plus `env`.
    child_process(const std::string& program, const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env = {});
    /// Kills the program if it still runs.
    ~child_process();
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    /// Writes to the program's stdin.
    void write(std::string_view text);
    /// Closes the program's stdin (end of input).
    void close_stdin();
    /// Closes our end of its stdout, so that its next write fails.
    void close_stdout();

    /// Runs until `done(stdout, stderr)` holds, or `timeout`. Returns
    /// whether it held.
    bool wait_until(const std::function<bool(const std::string&, const std::string&)>& done,
                    milliseconds timeout);
    /// Waits until stdout holds `count` complete lines.
    bool wait_for_lines(std::size_t count, milliseconds timeout);
    /// Waits for the program to end; its exit status, or nothing on timeout.
    std::optional<int> wait_for_exit(milliseconds timeout);

    /// Sends a POSIX signal.
    void send_signal(int signal);

    const std::string& out() const;
    /// What stdout held so far, leaving it empty: for a program that runs
    /// long enough for its whole output to be too much to keep.
    std::string take_out();
    const std::string& err() const;
    int pid() const;

  private:
    struct state;
    std::unique_ptr<state> state_;
};

/// The number of '\n' in `text`.
std::size_t count_lines(std::string_view text);

}  // namespace lfdm::test
