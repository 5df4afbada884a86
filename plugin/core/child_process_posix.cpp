#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/syscall.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif
#include <sys/wait.h>
#include <system_error>
#include <thread>
#include <unistd.h>

#include <boost/asio/connect_pipe.hpp>
#include <boost/asio/io_context.hpp>

#include "core/boost_process.hpp"
#include "core/child_process.hpp"
#include "core/utf8_path.hpp"

namespace lfdm {
namespace asio = boost::asio;
namespace bp = boost::process::v2;

namespace {

/// Marks every descriptor above the standard three close-on-exec, in the
/// child between fork and exec (only async-signal-safe calls). Boost 1.81's
/// Process means to close them but leaves open those below its own
/// error-reporting pipe: a pipe of another child kept open in chia would
/// keep that child from ever seeing the end of its input.
void close_inherited_on_exec() {
#if defined(SYS_close_range)
    constexpr unsigned close_range_cloexec = 1U << 2;  // CLOSE_RANGE_CLOEXEC, Linux 5.11
    if (::syscall(SYS_close_range, 3U, ~0U, close_range_cloexec) == 0) return;
#endif
    const long limit = std::min(::sysconf(_SC_OPEN_MAX), 65536L);
    for (int fd = 3; fd < limit; ++fd)
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/// The Boost.Process initializer that makes the child lead a session of its
/// own: its own process group, which everything it starts inherits (so that
/// one kill reaches them all), and no controlling terminal (so that a prompt
/// reads the null stdin and fails instead of waiting on the terminal).
///
/// On Linux the child is also killed when the plugin dies without stopping
/// it (Telegraf's SIGKILL after its stop timeout, an out-of-memory kill):
/// the kernel sends the signal when the thread that started the child ends,
/// here the agent's loop, which lives as long as the plugin. What the child
/// started itself is not reached that way (the README's Limitations).
struct new_session {
    pid_t parent = ::getpid();

    template <class Launcher>
    boost::system::error_code on_exec_setup(Launcher&, const std::filesystem::path&,
                                            const char* const*&) {
        if (::setsid() < 0) return {errno, boost::system::system_category()};
#if defined(__linux__)
        if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
            return {errno, boost::system::system_category()};
        // The plugin may have died between the fork and the line above.
        if (::getppid() != parent) ::_exit(127);
#endif
        close_inherited_on_exec();
        return {};
    }
};

/// The plugin's environment with `extra` set over it.
std::vector<bp::environment::key_value_pair> environment_with(
    const std::vector<std::pair<std::string, std::string>>& extra) {
    std::vector<bp::environment::key_value_pair> entries;
    for (const auto& entry : bp::environment::current()) {
        bool replaced = false;
        for (const auto& [key, value] : extra) {
            if (entry.key() == bp::environment::key_view(key)) replaced = true;
        }
        if (!replaced) entries.emplace_back(entry.key(), entry.value());
    }
    for (const auto& [key, value] : extra) {
        entries.emplace_back(bp::environment::key_view(key), bp::environment::value_view(value));
    }
    return entries;
}

}  // namespace

struct child_process::state {
    explicit state(asio::io_context& loop) : out(loop), err(loop), in(loop) {}

    asio::readable_pipe out;
    asio::readable_pipe err;
    asio::writable_pipe in;
    std::optional<bp::process> process;
    int pid = 0;
    std::optional<int> exit_code;
};

child_process::child_process(asio::io_context& loop, const child_spec& spec)
    : state_(std::make_unique<state>(loop)) {
    auto& s = *state_;
    const auto fail = [&](const std::error_code& ec) {
        throw std::system_error(ec, "cannot start " + utf8_of(spec.program));
    };

    asio::writable_pipe out_write(loop), err_write(loop);
    asio::readable_pipe in_read(loop);
    boost::system::error_code ec;
    asio::connect_pipe(s.out, out_write, ec);
    if (!ec) asio::connect_pipe(s.err, err_write, ec);
    if (!ec && spec.stdin_pipe) asio::connect_pipe(in_read, s.in, ec);
    if (ec) fail(ec);

    try {
        auto stdio = spec.stdin_pipe ? bp::process_stdio{in_read, out_write, err_write}
                                     : bp::process_stdio{nullptr, out_write, err_write};
        s.process.emplace(loop.get_executor(), spec.program, spec.args, std::move(stdio),
                          bp::process_environment(environment_with(spec.environment)),
                          new_session{});
    } catch (const boost::system::system_error& e) {
        fail(e.code());
    }
    s.pid = static_cast<int>(s.process->id());
}

child_process::~child_process() {
    kill_tree();
    reap(std::chrono::milliseconds(500));
}

asio::readable_pipe& child_process::out() {
    return state_->out;
}
asio::readable_pipe& child_process::err() {
    return state_->err;
}
asio::writable_pipe& child_process::in() {
    return state_->in;
}

int child_process::id() const {
    return state_->pid;
}

bool child_process::running() {
    auto& s = *state_;
    if (!s.process) return false;
    boost::system::error_code ec;
    if (s.process->running(ec) && !ec) return true;
    const int status = s.process->native_exit_code();
    s.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    s.process.reset();
    return false;
}

std::optional<int> child_process::exit_code() const {
    return state_->exit_code;
}

void child_process::kill_tree() {
    // The child leads its own process group; a negative id signals it all,
    // also what the child left behind once it ended.
    if (state_->pid > 0) ::kill(-state_->pid, SIGKILL);
}

bool child_process::send_signal(int number) {
    return state_->process && ::kill(state_->pid, number) == 0;
}

bool child_process::reap(duration patience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (running()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            // Detaching keeps the handle's destructor from waiting for it.
            (void)state_->process->detach();
            state_->process.reset();
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

}  // namespace lfdm
