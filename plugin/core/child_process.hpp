#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/writable_pipe.hpp>

#include "core/duration.hpp"

namespace boost::asio {
class io_context;
}

namespace lfdm {

/// What to start.
struct child_spec {
    /// The program, with its full path.
    std::filesystem::path program;
    /// Its arguments, each passed as one, never through a shell.
    std::vector<std::string> args;
    /// Set in the child's environment over the plugin's own.
    std::vector<std::pair<std::string, std::string>> environment;
    /// Give the child a stdin pipe (`in()`); otherwise its stdin is the null
    /// device, so that nothing it asks for can wait on a terminal.
    bool stdin_pipe = false;
};

/// A child process with its stdout and stderr on pipes read on the agent's
/// loop, started as the root of a process tree that is killed as one: no
/// orphaned process, ever.
///
/// POSIX starts it with Boost.Process in a session of its own (its own
/// process group, no controlling terminal); on Linux the kernel also kills
/// the child when the plugin dies without stopping it (its own children then
/// survive: the README's Limitations). Windows starts it with Win32
/// (Boost 1.81's Process does not build for Windows) suspended inside a job
/// object that kills every process of the tree when closed, even when the
/// plugin itself is killed; the child gets no console window.
class child_process {
  public:
    /// Starts the child. Throws std::system_error naming the program.
    child_process(boost::asio::io_context& loop, const child_spec& spec);
    /// Kills the tree and reaps the child, waiting half a second at most.
    ~child_process();
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    /// The child's stdout, stderr and (with `stdin_pipe`) stdin.
    boost::asio::readable_pipe& out();
    boost::asio::readable_pipe& err();
    boost::asio::writable_pipe& in();

    /// The child's process id.
    int id() const;

    /// Whether the child still runs; reaps it once it ended. Never blocks.
    bool running();

    /// The child's exit status once it ended: its exit code, or -1 when a
    /// signal or a kill ended it.
    std::optional<int> exit_code() const;

    /// Kills every process of the tree at once. Safe to call again.
    void kill_tree();

    /// POSIX: sends `number` to the child alone. Windows has no signals:
    /// returns false.
    bool send_signal(int number);

    /// Waits until the child ended, at most `patience`, and reaps it. A
    /// child stuck in the kernel (a read from a dead drive) may outlive a
    /// kill: it is then no longer tracked, left to the system. Returns
    /// whether it ended.
    bool reap(duration patience);

  private:
    struct state;
    std::unique_ptr<state> state_;
};

}  // namespace lfdm
