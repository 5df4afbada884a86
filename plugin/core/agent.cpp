#include "core/agent.hpp"

#include <atomic>
#include <csignal>
#include <mutex>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/collector_health.hpp"
#include "core/field_types.hpp"
#include "core/line_protocol.hpp"
#include "core/logger.hpp"
#include "core/platform.hpp"
#include "core/worker.hpp"

namespace lfdm {
namespace asio = boost::asio;
using steady_clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view component = "agent";

/// How long stopping waits for collectors' threads before leaving them.
constexpr auto worker_stop_budget = std::chrono::milliseconds(500);

/// How long the end of input waits for the gather it followed: the whole
/// stop must take under a second.
constexpr auto drain_budget = std::chrono::milliseconds(400);

/// Hands work from other threads (stdin reader, collector workers) to the
/// loop. Once closed it drops everything, so a thread that outlives the loop
/// never touches it.
class mailbox {
  public:
    explicit mailbox(asio::io_context& loop) : loop_(&loop) {}

    template <class Handler>
    void post(Handler&& handler) {
        const std::lock_guard lock(mutex_);
        if (loop_) asio::post(*loop_, std::forward<Handler>(handler));
    }

    void close() {
        const std::lock_guard lock(mutex_);
        loop_ = nullptr;
    }

  private:
    std::mutex mutex_;
    asio::io_context* loop_;
};

/// One collector with its thread and its part of the current gather.
struct slot {
    explicit slot(std::unique_ptr<collector> c)
        : source(std::move(c)), health(std::string(source->name())) {}

    std::unique_ptr<collector> source;
    collector_health health;
    worker runner;
    bool busy = false;                 // a job is running on `runner`
    bool preparing = false;            // that job is `prepare`
    std::uint64_t waiting_gather = 0;  // gather to collect for once prepared
    bool done = false;                 // its result for the current gather is in
    metric_batch batch;
    gather_outcome outcome;
};

double milliseconds_between(steady_clock::time_point from, steady_clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

std::int64_t now_ns() {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count();
}

}  // namespace

struct agent::state {
    state(std::vector<std::unique_ptr<collector>> collectors, agent_options opts, output_sink out)
        : mail(std::make_shared<mailbox>(loop)),
          options(std::move(opts)),
          output(std::move(out)),
          signals(loop),
          deadline(loop),
          ticker(loop),
          drain_timer(loop) {
        for (auto& c : collectors)
            slots.push_back(std::make_unique<slot>(std::move(c)));
    }

    // The loop is declared first so that it is destroyed last, after the
    // collectors whose sockets and timers belong to it.
    asio::io_context loop;
    std::shared_ptr<mailbox> mail;
    std::vector<std::unique_ptr<slot>> slots;
    agent_options options;
    output_sink output;
    asio::signal_set signals;
    asio::steady_timer deadline;
    asio::steady_timer ticker;
    asio::steady_timer drain_timer;
    field_types types;

    bool gathering = false;
    bool pending = false;
    bool draining = false;  // input ended: stop once the gather under way is written
    bool stopping = false;
    bool left_behind = false;
    int exit_code = 0;
    std::uint64_t gather_id = 0;
    std::size_t outstanding = 0;
    std::int64_t timestamp_ns = 0;
    steady_clock::time_point started;
    steady_clock::time_point next_tick;
    std::shared_ptr<std::atomic<bool>> request_queued = std::make_shared<std::atomic<bool>>();

    void start();
    void read_stdin();
    void schedule_tick();
    void on_prepared(slot& s);
    void begin_gather();
    void launch_collect(slot& s);
    void on_collected(slot& s, std::uint64_t id, metric_batch batch, double ms);
    void finish_gather();
    void on_input_closed();
    void append_slot(std::string& text, slot& s, std::vector<std::string>& notes);
    void add_global_tags(metric& m) const;
    void stop(int code);
    bool stop_workers();
};

void agent::state::start() {
    for (auto& owned : slots) {
        slot& s = *owned;
        try {
            s.source->start(loop);
        } catch (const std::exception& e) {
            log::error(s.source->name(), std::string("cannot start: ") + e.what());
        }
        s.busy = s.preparing = true;
        s.runner.run([this, &s, mail = mail] {
            try {
                s.source->prepare();
            } catch (const std::exception& e) {
                log::error(s.source->name(), std::string("cannot prepare: ") + e.what());
            }
            mail->post([this, &s] { on_prepared(s); });
        });
    }

    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([this](const boost::system::error_code& ec, int number) {
        if (ec) return;
        log::debug(component, "signal " + std::to_string(number) + " received; stopping");
        stop(0);
    });

    switch (options.mode) {
        case trigger::once:
            asio::post(loop, [this] { begin_gather(); });
            break;
        case trigger::interval:
            if (platform::is_pipe(options.input)) read_stdin();
            next_tick = steady_clock::now();
            schedule_tick();
            break;
        case trigger::stdin_line:
            read_stdin();
            break;
    }
}

/// Reads stdin on a thread of its own: a blocking read works for pipes,
/// terminals and files alike, on every platform. Each chunk holding a
/// newline asks for one gather; requests that pile up while one is queued
/// are coalesced into it.
void agent::state::read_stdin() {
    const bool gather = options.mode == trigger::stdin_line;
    std::thread([this, mail = mail, queued = request_queued, gather, input = options.input] {
        char buffer[4096];
        for (;;) {
            const auto count = platform::read_some(input, buffer, sizeof buffer);
            if (count <= 0) break;
            const std::string_view chunk(buffer, static_cast<std::size_t>(count));
            if (gather && chunk.find('\n') != std::string_view::npos && !queued->exchange(true)) {
                mail->post([this, queued] {
                    queued->store(false);
                    begin_gather();
                });
            }
        }
        mail->post([this] { on_input_closed(); });
    }).detach();
}

void agent::state::schedule_tick() {
    ticker.expires_at(next_tick);
    ticker.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        begin_gather();
        const auto now = steady_clock::now();
        next_tick += options.interval;
        if (next_tick <= now) next_tick = now + options.interval;  // skip missed ticks
        schedule_tick();
    });
}

void agent::state::begin_gather() {
    if (stopping) return;
    if (gathering) {
        pending = true;
        return;
    }
    gathering = true;
    ++gather_id;
    outstanding = 0;
    timestamp_ns = now_ns();
    started = steady_clock::now();

    for (auto& owned : slots) {
        slot& s = *owned;
        s.batch = {};
        s.outcome = {};
        s.done = false;
        if (s.preparing) {  // collects as soon as it is prepared, if in time
            s.waiting_gather = gather_id;
            ++outstanding;
        } else if (s.busy) {  // still in a collect that missed its deadline
            s.done = true;
            s.outcome.result = gather_outcome::status::busy;
        } else {
            ++outstanding;
            launch_collect(s);
        }
    }

    if (outstanding == 0) {
        finish_gather();
        return;
    }
    deadline.expires_after(options.collector_timeout);
    deadline.async_wait([this, id = gather_id](const boost::system::error_code& ec) {
        if (!ec && gathering && id == gather_id) finish_gather();
    });
}

void agent::state::launch_collect(slot& s) {
    s.busy = true;
    s.runner.run([this, &s, id = gather_id, mail = mail] {
        metric_batch batch;
        const auto begin = steady_clock::now();
        try {
            s.source->collect(batch);
        } catch (const std::exception& e) {
            batch.error(e.what());
        }
        const double ms = milliseconds_between(begin, steady_clock::now());
        mail->post([this, &s, id, batch = std::move(batch), ms]() mutable {
            on_collected(s, id, std::move(batch), ms);
        });
    });
}

void agent::state::on_prepared(slot& s) {
    s.busy = s.preparing = false;
    if (stopping || !gathering || s.waiting_gather != gather_id) return;
    s.waiting_gather = 0;
    launch_collect(s);
}

void agent::state::on_collected(slot& s, std::uint64_t id, metric_batch batch, double ms) {
    s.busy = false;
    if (stopping) return;
    if (!gathering || id != gather_id) {
        log::debug(s.source->name(),
                   "late result of " + std::to_string(batch.metrics.size()) + " metrics left out");
        return;
    }
    s.batch = std::move(batch);
    s.outcome.result =
        s.batch.errors.empty() ? gather_outcome::status::ok : gather_outcome::status::error;
    s.outcome.gather_time_ms = ms;
    s.outcome.errors = s.batch.errors;
    s.done = true;
    if (--outstanding == 0) {
        deadline.cancel();
        finish_gather();
    }
}

void agent::state::add_global_tags(metric& m) const {
    for (const auto& [key, value] : options.global_tags) {
        if (!m.find_tag(key)) m.tag(key, value);
    }
}

void agent::state::append_slot(std::string& text, slot& s, std::vector<std::string>& notes) {
    if (!s.done) {
        s.outcome.result = gather_outcome::status::timeout;
        s.outcome.gather_time_ms = milliseconds_between(started, steady_clock::now());
    }
    for (auto& m : s.batch.metrics) {
        add_global_tags(m);
        types.enforce(m, notes);
        if (line_protocol::write(text, m, timestamp_ns, &notes)) ++s.outcome.metrics;
    }
    s.batch = {};

    if (auto event = s.health.record(s.outcome)) {
        if (event->level != log::level::debug || log::debug_enabled()) {
            log::write(event->level, s.source->name(), event->message);
        }
    }
    metric health = s.health.to_metric();
    add_global_tags(health);
    line_protocol::write(text, health, timestamp_ns, &notes);
}

void agent::state::finish_gather() {
    deadline.cancel();
    std::string text;
    std::vector<std::string> notes;
    for (auto& s : slots)
        append_slot(text, *s, notes);
    for (const auto& note : notes)
        log::debug(component, note);
    log::debug(component, "gather " + std::to_string(gather_id) + " written in " +
                              std::to_string(milliseconds_between(started, steady_clock::now())) +
                              " ms");
    gathering = false;

    if (const auto ec = output(text)) {
        log::error(component, "cannot write metrics: " + ec.message() + "; stopping");
        stop(1);
        return;
    }
    if (options.mode == trigger::once || draining) {
        stop(0);
    } else if (pending) {
        pending = false;
        asio::post(loop, [this] { begin_gather(); });
    }
}

/// A request followed at once by the end of input (`echo | lfdm-plugin`)
/// still gets its gather, written with whatever is collected within the
/// drain budget.
void agent::state::on_input_closed() {
    log::debug(component, "end of input; stopping");
    if (!gathering) {
        stop(0);
        return;
    }
    draining = true;
    drain_timer.expires_after(
        std::min<steady_clock::duration>(drain_budget, options.collector_timeout));
    drain_timer.async_wait([this](const boost::system::error_code& ec) {
        if (!ec && gathering) finish_gather();
    });
}

void agent::state::stop(int code) {
    if (stopping) return;
    stopping = true;
    exit_code = code;
    signals.cancel();
    deadline.cancel();
    ticker.cancel();
    drain_timer.cancel();
    for (auto& s : slots) {
        try {
            s->source->stop();
        } catch (const std::exception& e) {
            log::error(s->source->name(), std::string("cannot stop cleanly: ") + e.what());
        }
    }
    loop.stop();
}

bool agent::state::stop_workers() {
    const auto deadline_at = steady_clock::now() + worker_stop_budget;
    bool all_stopped = true;
    for (auto& s : slots)
        all_stopped = s->runner.stop(deadline_at) && all_stopped;
    return all_stopped;
}

agent::agent(std::vector<std::unique_ptr<collector>> collectors, agent_options options,
             output_sink output)
    : state_(
          std::make_unique<state>(std::move(collectors), std::move(options), std::move(output))) {}

agent::~agent() = default;

int agent::run() {
    state_->start();
    state_->loop.run();
    state_->mail->close();
    if (!state_->stop_workers()) {
        // A collector is stuck in a system call. Its thread still uses the
        // collector and its worker, so both stay allocated until the process
        // ends, which it is about to.
        log::warning(component, "a collector did not finish in time and is left behind");
        for (auto& s : state_->slots)
            (void)s.release();
        state_->slots.clear();
        state_->left_behind = true;
    }
    return state_->exit_code;
}

bool agent::left_collector_behind() const {
    return state_->left_behind;
}

}  // namespace lfdm
