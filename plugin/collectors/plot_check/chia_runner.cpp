#include "collectors/plot_check/chia_runner.hpp"

#include <array>
#include <stdexcept>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/child_process.hpp"

namespace lfdm::plot_check {
namespace asio = boost::asio;
using steady_clock = std::chrono::steady_clock;

namespace {

/// How often the run checks whether chia ended, went silent or ran too long.
constexpr auto tick = std::chrono::milliseconds(100);

/// After chia ended, how long its descendants may keep its pipes open.
constexpr auto drain_after_exit = std::chrono::seconds(2);

}  // namespace

struct chia_run::state : std::enable_shared_from_this<state> {
    explicit state(asio::io_context& loop) : timer(loop) {}

    asio::steady_timer timer;
    std::unique_ptr<child_process> child;
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
                child->kill_tree();
            } else if (now - started >= max_duration) {
                killed_for = run_end::reason::too_long;
                child->kill_tree();
            }
        }
        if (exited && (out_open || err_open) && now - exited_at >= drain_after_exit) {
            // chia ended but something it started holds its pipes open.
            child->kill_tree();
            close_pipes();
        }
        check_end();
    }

    void reap() {
        if (!child->running()) {
            exited = true;
            exited_at = steady_clock::now();
            exit_code = killed_for ? -1 : child->exit_code().value_or(-1);
        }
    }

    void close_pipes() {
        boost::system::error_code ignored;
        child->out().close(ignored);
        child->err().close(ignored);
        out_open = err_open = false;
    }

    void check_end() {
        if (finished || !exited || out_open || err_open) return;
        finished = true;
        timer.cancel();
        // Whatever chia left behind goes with it.
        child->kill_tree();
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

    child_spec spec;
    spec.program = request.chia;
    spec.args = request.args;
    spec.environment = request.environment;
    try {
        s.child = std::make_unique<child_process>(loop, spec);
    } catch (const std::system_error& e) {
        throw std::runtime_error(std::string(e.what()));
    }

    s.started = s.last_output = steady_clock::now();
    s.read(s.child->out(), s.out_buffer, output_stream::stdout_stream, s.out_open);
    s.read(s.child->err(), s.err_buffer, output_stream::log, s.err_open);
    s.watch();
}

chia_run::~chia_run() {
    kill();
}

int chia_run::pid() const {
    return state_->child ? state_->child->id() : 0;
}

void chia_run::kill(duration patience) {
    auto& s = *state_;
    if (!s.child) return;
    s.finished = true;
    s.ended = nullptr;
    s.output = nullptr;
    s.timer.cancel();
    s.child->kill_tree();
    s.close_pipes();
    // A chia stuck in the kernel (a dead drive) cannot be reaped now; it is
    // left to the system once the plugin ends.
    s.child->reap(patience);
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
