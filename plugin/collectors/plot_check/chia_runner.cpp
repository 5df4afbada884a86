#include "collectors/plot_check/chia_runner.hpp"

#include <array>
#include <stdexcept>
#include <thread>

#include <boost/asio/connect_pipe.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/writable_pipe.hpp>

#include "collectors/plot_check/process_tree.hpp"
#include "core/boost_process.hpp"

namespace lfdm::plot_check {
namespace asio = boost::asio;
namespace bp = boost::process::v2;
using steady_clock = std::chrono::steady_clock;

namespace {

/// How often the run checks whether chia ended, went silent or ran too long.
constexpr auto tick = std::chrono::milliseconds(100);

/// After chia ended, how long its descendants may keep its pipes open.
constexpr auto drain_after_exit = std::chrono::seconds(2);

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
    for (const auto& [key, value] : extra)
        entries.emplace_back(bp::environment::key_view(key), bp::environment::value_view(value));
    return entries;
}

}  // namespace

struct chia_run::state : std::enable_shared_from_this<state> {
    explicit state(asio::io_context& loop) : out(loop), err(loop), timer(loop) {}

    asio::readable_pipe out;
    asio::readable_pipe err;
    asio::steady_timer timer;
    process_tree tree;
    std::optional<bp::process> process;
    output_handler output;
    end_handler ended;

    steady_clock::time_point started;
    steady_clock::time_point last_output;
    steady_clock::time_point exited_at;
    duration silence_timeout{};
    duration max_duration{};
    bool out_open = true;
    bool err_open = true;
    bool exited = false;
    bool finished = false;
    int exit_code = -1;
    std::optional<run_end::reason> killed_for;
    std::array<char, 65536> out_buffer{};
    std::array<char, 65536> err_buffer{};

    void read(asio::readable_pipe& pipe, std::array<char, 65536>& buffer, output_stream stream,
              bool& open) {
        pipe.async_read_some(asio::buffer(buffer),
                             [self = shared_from_this(), &pipe, &buffer, stream, &open](
                                 const boost::system::error_code& ec, std::size_t n) {
                                 if (self->finished) return;
                                 if (n > 0) {
                                     self->last_output = steady_clock::now();
                                     self->output(std::string_view(buffer.data(), n), stream);
                                 }
                                 if (ec) {
                                     open = false;
                                     self->check_end();
                                     return;
                                 }
                                 self->read(pipe, buffer, stream, open);
                             });
    }

    void watch() {
        timer.expires_after(tick);
        timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (ec || self->finished) return;
            self->on_tick();
            if (!self->finished) self->watch();
        });
    }

    void on_tick() {
        const auto now = steady_clock::now();
        if (!exited) reap();
        if (!killed_for && !exited) {
            if (now - last_output >= silence_timeout) {
                killed_for = run_end::reason::silent;
                tree.kill();
            } else if (now - started >= max_duration) {
                killed_for = run_end::reason::too_long;
                tree.kill();
            }
        }
        if (exited && (out_open || err_open) && now - exited_at >= drain_after_exit) {
            // chia ended but something it started holds its pipes open.
            tree.kill();
            close_pipes();
        }
        check_end();
    }

    void reap() {
        boost::system::error_code ec;
        if (process && !process->running(ec)) {
            exited = true;
            exited_at = steady_clock::now();
            exit_code = killed_for ? -1 : process->exit_code();
        }
    }

    void close_pipes() {
        boost::system::error_code ignored;
        out.close(ignored);
        err.close(ignored);
        out_open = err_open = false;
    }

    void check_end() {
        if (finished || !exited || out_open || err_open) return;
        finished = true;
        timer.cancel();
        // Whatever chia left behind goes with it.
        tree.kill();
        tree.set_root(0);
        run_end end;
        end.why = killed_for.value_or(run_end::reason::exited);
        end.exit_code = exit_code;
        auto handler = std::move(ended);
        if (handler) handler(end);
    }
};

chia_run::chia_run(asio::io_context& loop, const run_request& request, output_handler output,
                   end_handler ended)
    : state_(std::make_shared<state>(loop)) {
    auto& s = *state_;
    s.output = std::move(output);
    s.ended = std::move(ended);
    s.silence_timeout = request.silence_timeout;
    s.max_duration = request.max_duration;

    asio::writable_pipe out_write(loop), err_write(loop);
    boost::system::error_code ec;
    asio::connect_pipe(s.out, out_write, ec);
    if (!ec) asio::connect_pipe(s.err, err_write, ec);
    if (ec) throw std::runtime_error("cannot start " + request.chia.string() + ": " + ec.message());

    const auto environment = environment_with(request.environment);
    try {
        s.process.emplace(loop.get_executor(), request.chia, request.args,
                          bp::process_stdio{nullptr, out_write, err_write},
                          bp::process_environment(environment), s.tree.init());
    } catch (const boost::system::system_error& e) {
        s.process.reset();
        throw std::runtime_error("cannot start " + request.chia.string() + ": " +
                                 e.code().message());
    }
    s.tree.set_root(static_cast<int>(s.process->id()));
    out_write.close(ec);
    err_write.close(ec);

    s.started = s.last_output = steady_clock::now();
    s.read(s.out, s.out_buffer, output_stream::stdout_stream, s.out_open);
    s.read(s.err, s.err_buffer, output_stream::log, s.err_open);
    s.watch();
}

chia_run::~chia_run() {
    kill();
}

int chia_run::pid() const {
    return state_->process ? static_cast<int>(state_->process->id()) : 0;
}

void chia_run::kill(duration patience) {
    auto& s = *state_;
    if (s.finished && !s.process) return;
    s.finished = true;
    s.ended = nullptr;
    s.output = nullptr;
    s.tree.kill();
    boost::system::error_code ignored;
    s.timer.cancel();
    s.close_pipes();
    if (!s.process) return;
    const auto deadline = steady_clock::now() + patience;
    while (s.process->running(ignored) && !ignored && steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (s.process->running(ignored) && !ignored) {
        // Stuck in the kernel (a dead drive): not reaped now. Detaching keeps
        // the handle's destructor from waiting for it; the system reaps it
        // once the plugin ends.
        (void)s.process->detach();
    }
    s.process.reset();
}

std::vector<std::string> check_arguments(std::int64_t challenges, std::int64_t challenge_start,
                                         const std::string& grep, bool list_duplicates,
                                         const std::string& passphrase_file) {
    std::vector<std::string> args;
    if (!passphrase_file.empty()) {
        args.insert(args.end(), {"--passphrase-file", passphrase_file});
    }
    args.insert(args.end(), {"plots", "check", "-n", std::to_string(challenges)});
    if (!grep.empty()) args.insert(args.end(), {"-g", grep});
    if (list_duplicates) args.push_back("-l");
    if (challenge_start > 0) {
        args.insert(args.end(), {"--challenge-start", std::to_string(challenge_start)});
    }
    return args;
}

}  // namespace lfdm::plot_check
