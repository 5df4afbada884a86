#include "support/child_process.hpp"

#include <algorithm>
#include <csignal>

#include <boost/asio/io_context.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <boost/asio/write.hpp>

#include "core/boost_process.hpp"

extern char** environ;

namespace lfdm::test {
namespace asio = boost::asio;
namespace bp = boost::process::v2;

namespace {

std::vector<std::string> environment_with(const std::map<std::string, std::string>& extra) {
    std::vector<std::string> entries;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        const std::string key = entry.substr(0, entry.find('='));
        if (!extra.contains(key)) entries.push_back(entry);
    }
    for (const auto& [key, value] : extra)
        entries.push_back(key + "=" + value);
    return entries;
}

}  // namespace

struct child_process::state {
    asio::io_context loop;
    asio::writable_pipe in{loop};
    asio::readable_pipe out_pipe{loop};
    asio::readable_pipe err_pipe{loop};
    std::optional<bp::process> process;
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
    s.process.emplace(s.loop, program, args, bp::process_stdio{s.in, s.out_pipe, s.err_pipe},
                      bp::process_environment(environment_with(env)));
    s.read(s.out_pipe, s.out_buffer, s.out, s.out_ended);
    s.read(s.err_pipe, s.err_buffer, s.err, s.err_ended);
    s.process->async_wait([&s](boost::system::error_code ec, int status) {
        if (!ec) s.exit_status = status;
    });
}

child_process::~child_process() {
    auto& s = *state_;
    if (!s.exit_status && s.process && s.process->running()) {
        boost::system::error_code ec;
        s.process->terminate(ec);
    }
}

void child_process::write(std::string_view text) {
    boost::system::error_code ec;
    asio::write(state_->in, asio::buffer(text.data(), text.size()), ec);
}

void child_process::close_stdin() {
    boost::system::error_code ec;
    state_->in.close(ec);
}

void child_process::close_stdout() {
    boost::system::error_code ec;
    state_->out_pipe.close(ec);
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
    ::kill(state_->process->id(), signal);
}

const std::string& child_process::out() const {
    return state_->out;
}
const std::string& child_process::err() const {
    return state_->err;
}
int child_process::pid() const {
    return state_->process->id();
}

std::size_t count_lines(std::string_view text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace lfdm::test
