#include "support/child_process.hpp"

#include <algorithm>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include "core/child_process.hpp"

namespace lfdm::test {
namespace asio = boost::asio;

struct child_process::state {
    asio::io_context loop;
    std::unique_ptr<lfdm::child_process> child;
    asio::steady_timer poll{loop};
    std::string out, err;
    std::optional<int> exit_status;
    bool out_ended = false, err_ended = false;
    char out_buffer[65536];
    char err_buffer[65536];

    void read(asio::readable_pipe& pipe, char* buffer, std::string& text, bool& ended) {
        pipe.async_read_some(
            asio::buffer(buffer, sizeof out_buffer),
            [this, &pipe, buffer, &text, &ended](boost::system::error_code ec, std::size_t n) {
                text.append(buffer, n);
                if (ec) {
                    ended = true;
                } else {
                    read(pipe, buffer, text, ended);
                }
            });
    }

    /// Notices the child's end every few milliseconds (a portable stand-in
    /// for waiting on it).
    void watch() {
        poll.expires_after(std::chrono::milliseconds(5));
        poll.async_wait([this](boost::system::error_code ec) {
            if (ec) return;
            if (!child->running()) {
                exit_status = child->exit_code();
                return;
            }
            watch();
        });
    }

    bool pump(const std::function<bool()>& done, milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!done()) {
            const auto now = std::chrono::steady_clock::now();
            if (now >= deadline) return false;
            if (loop.stopped()) loop.restart();
            if (loop.run_one_for(deadline - now) == 0 && loop.stopped() && done()) break;
        }
        return true;
    }
};

child_process::child_process(const std::string& program, const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env)
    : state_(std::make_unique<state>()) {
    auto& s = *state_;
    child_spec spec;
    spec.program = program;
    spec.args = args;
    spec.environment.assign(env.begin(), env.end());
    spec.stdin_pipe = true;
    s.child = std::make_unique<lfdm::child_process>(s.loop, spec);
    s.read(s.child->out(), s.out_buffer, s.out, s.out_ended);
    s.read(s.child->err(), s.err_buffer, s.err, s.err_ended);
    s.watch();
}

child_process::~child_process() = default;

void child_process::write(std::string_view text) {
    boost::system::error_code ec;
    asio::write(state_->child->in(), asio::buffer(text.data(), text.size()), ec);
}

void child_process::close_stdin() {
    boost::system::error_code ec;
    state_->child->in().close(ec);
}

void child_process::close_stdout() {
    boost::system::error_code ec;
    state_->child->out().close(ec);
}

bool child_process::wait_until(
    const std::function<bool(const std::string&, const std::string&)>& done, milliseconds timeout) {
    auto& s = *state_;
    return s.pump([&] { return done(s.out, s.err); }, timeout);
}

bool child_process::wait_for_lines(std::size_t count, milliseconds timeout) {
    return wait_until(
        [count](const std::string& o, const std::string&) { return count_lines(o) >= count; },
        timeout);
}

std::optional<int> child_process::wait_for_exit(milliseconds timeout) {
    auto& s = *state_;
    // Also drain what the program wrote before it ended.
    s.pump([&] { return s.exit_status && s.out_ended && s.err_ended; }, timeout);
    return s.exit_status;
}

void child_process::send_signal(int signal) {
    state_->child->send_signal(signal);
}

const std::string& child_process::out() const {
    return state_->out;
}
const std::string& child_process::err() const {
    return state_->err;
}
std::string child_process::take_out() {
    return std::exchange(state_->out, std::string());
}
int child_process::pid() const {
    return state_->child->id();
}

std::size_t count_lines(std::string_view text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace lfdm::test
