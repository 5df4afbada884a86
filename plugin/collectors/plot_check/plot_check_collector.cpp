#include "collectors/plot_check/plot_check_collector.hpp"

#include <deque>
#include <mutex>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "collectors/plot_check/chia_locator.hpp"
#include "collectors/plot_check/chia_runner.hpp"
#include "collectors/plot_check/output_parser.hpp"
#include "collectors/plot_check/plot_check_metrics.hpp"
#include "collectors/plot_check/plot_check_report.hpp"
#include "collectors/plot_check/plot_inventory.hpp"
#include "collectors/plot_check/run_store.hpp"
#include "core/duration.hpp"
#include "core/logger.hpp"
#include "core/utf8_path.hpp"

namespace lfdm::plot_check {
namespace asio = boost::asio;
using steady_clock = std::chrono::steady_clock;
using system_clock = std::chrono::system_clock;

namespace {

constexpr std::string_view component = "plot_check";

/// A failed run (not a timeout) is tried again after this, or the interval
/// when shorter: the farmer may have fixed the cause.
constexpr auto retry_after_failure = std::chrono::hours(1);

/// A listing of the plot directories slower than this leaves the plots for
/// the next gather: a late gather is dropped whole by the agent.
constexpr auto slow_listing = std::chrono::seconds(1);

std::int64_t unix_seconds(system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

double seconds_between(steady_clock::time_point from, steady_clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

}  // namespace

/// One run of chia and what it produced so far.
struct run_in_progress {
    output_parser parser;
    run_summary summary;
    steady_clock::time_point started;
    std::size_t converted = 0;  // finished plots already turned into metrics
    std::size_t unknown_logged = 0;
};

struct plot_check_collector::state : std::enable_shared_from_this<state> {
    state(plot_check_config c, std::filesystem::path file)
        : config(std::move(c)),
          state_file(std::move(file)),
          slow{config.slow_lookup.count(), config.slow_proof.count()},
          inventory(config.plot_dirs, config.plot_dir_timeout) {}

    plot_check_config config;
    std::filesystem::path state_file;
    slow_thresholds slow;

    // On the loop's thread only.
    asio::io_context* loop = nullptr;
    std::optional<asio::steady_timer> timer;
    std::unique_ptr<chia_run> process;
    bool stopping = false;

    // On the worker's thread only.
    plot_inventory inventory;

    // Shared, under `mutex`.
    std::mutex mutex;
    std::optional<run_in_progress> run;
    std::optional<run_summary> current;  // the run under way or the last one of this process
    std::optional<run_summary> last;     // the last finished run, persisted
    std::deque<metric> pending_plots;
    /// Why chia could not be started, until it starts: the collector is
    /// broken (lfdm_collector says so), not only the run.
    std::string start_problem;
    steady_clock::time_point next_run{};

    void start(asio::io_context& io);
    void schedule_in(steady_clock::duration delay);
    void begin_run();
    void fail_to_start(const std::string& problem, system_clock::time_point started);
    void on_output(std::string_view bytes, output_stream stream);
    void on_end(const run_end& end);
    void finish_summary(run_in_progress& r, const run_end& end);
    void convert_finished(run_in_progress& r);
    void persist(std::int64_t under_way_since);
    void log_end(const run_summary& s);
    void collect(metric_batch& out);
};

void plot_check_collector::state::start(asio::io_context& io) {
    loop = &io;
    timer.emplace(io);
    std::string problem;
    std::optional<stored_runs> stored;
    if (!state_file.empty()) stored = load_runs(state_file, problem);
    if (!problem.empty()) log::warning(component, problem + "; starting without it");

    const auto now = system_clock::now();
    system_clock::time_point first = now;
    if (stored && stored->last) {
        const std::lock_guard lock(mutex);
        last = stored->last;
    }
    if (stored && stored->interrupted_started_unix_seconds > 0) {
        log::info(component, "a plot check was under way when the plugin stopped; starting again");
    } else if (!config.run_at_start && last) {
        const auto started =
            system_clock::time_point(std::chrono::seconds(last->started_unix_seconds));
        const auto ended =
            system_clock::time_point(std::chrono::seconds(last->finished_unix_seconds));
        first = last->state == "done" || last->state == "timed_out"
                    ? started + config.interval
                    : ended + std::min<duration>(config.interval, retry_after_failure);
    }
    // Only the first run is placed by the wall clock (the state file's times);
    // the others are counted on the steady clock, which a change of the
    // system time does not move.
    schedule_in(std::chrono::duration_cast<steady_clock::duration>(
        std::max(first - now, system_clock::duration::zero())));
}

void plot_check_collector::state::schedule_in(steady_clock::duration delay) {
    const auto when = steady_clock::now() + std::max(delay, steady_clock::duration::zero());
    {
        const std::lock_guard lock(mutex);
        next_run = when;
    }
    timer->expires_at(when);
    timer->async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (!ec && !self->stopping) self->begin_run();
    });
}

void plot_check_collector::state::begin_run() {
    const auto started = system_clock::now();
    std::string problem;
    const auto chia = find_chia(config.chia_path, problem);
    if (!chia) {
        fail_to_start(problem, started);
        return;
    }
    run_request request;
    request.chia = *chia;
    request.args = check_arguments(config.challenges, config.challenge_start, config.grep,
                                   config.list_duplicates, config.passphrase_file);
    request.environment = {
        {"NO_COLOR", "1"}, {"PYTHONIOENCODING", "utf-8"}, {"PYTHONUNBUFFERED", "1"}};
    if (!config.chia_root.empty()) request.environment.emplace_back("CHIA_ROOT", config.chia_root);
    request.silence_timeout = config.silence_timeout;
    request.max_duration = config.max_duration;

    {
        const std::lock_guard lock(mutex);
        start_problem.clear();
        run.emplace();
        run->started = steady_clock::now();
        run->summary.state = "running";
        run->summary.started_unix_seconds = unix_seconds(started);
        current = run->summary;
    }
    try {
        auto self = shared_from_this();
        process = std::make_unique<chia_run>(
            *loop, request,
            [self](std::string_view bytes, output_stream stream) {
                self->on_output(bytes, stream);
            },
            [self](const run_end& end) { self->on_end(end); });
    } catch (const std::exception& e) {
        {
            const std::lock_guard lock(mutex);
            run.reset();
        }
        fail_to_start(e.what(), started);
        return;
    }
    log::info(component, "started " + utf8_of(*chia) + " plots check (process " +
                             std::to_string(process->pid()) + ")");
    persist(unix_seconds(started));
}

void plot_check_collector::state::fail_to_start(const std::string& problem,
                                                system_clock::time_point started) {
    // Logged by the agent, once, as this collector's error at the next gather.
    run_summary s;
    s.state = "failed";
    s.started_unix_seconds = s.finished_unix_seconds = unix_seconds(started);
    s.exit_code = -1;
    s.error = problem;
    {
        const std::lock_guard lock(mutex);
        current = last = s;
        start_problem = problem;
    }
    persist(0);
    schedule_in(std::min<duration>(config.interval, retry_after_failure));
}

void plot_check_collector::state::on_output(std::string_view bytes, output_stream stream) {
    std::vector<std::string> unknown;
    {
        const std::lock_guard lock(mutex);
        if (!run) return;
        run->parser.set_clock(seconds_between(run->started, steady_clock::now()));
        run->parser.feed(bytes, stream);
        const auto& samples = run->parser.unknown_samples();
        while (run->unknown_logged < samples.size())
            unknown.push_back(samples[run->unknown_logged++]);
    }
    for (const auto& line : unknown) {
        log::debug(component, "line not understood: " + line);
    }
}

void plot_check_collector::state::on_end(const run_end& end) {
    run_summary summary;
    steady_clock::time_point started;
    {
        const std::lock_guard lock(mutex);
        if (!run) return;
        started = run->started;
        run->parser.set_clock(seconds_between(run->started, steady_clock::now()));
        run->parser.finish(end.why == run_end::reason::exited ? plot_outcome::incomplete
                                                              : plot_outcome::timeout);
        convert_finished(*run);
        finish_summary(*run, end);
        summary = run->summary;
        current = last = summary;
        run.reset();
    }
    // Not destroyed inside its own callback.
    asio::post(*loop, [self = shared_from_this()] { self->process.reset(); });
    log_end(summary);
    persist(0);

    if (summary.state == "failed") {
        schedule_in(std::min<duration>(config.interval, retry_after_failure));
    } else {
        schedule_in(started + config.interval - steady_clock::now());
    }
}

void plot_check_collector::state::finish_summary(run_in_progress& r, const run_end& end) {
    const run_totals totals = r.parser.totals();
    run_summary& s = r.summary;
    copy_totals(totals, s);
    s.plots_slow = 0;
    for (const auto& plot : r.parser.plots()) {
        if (plot.outcome != plot_outcome::unopenable && is_slow(plot, slow)) ++s.plots_slow;
    }
    s.finished_unix_seconds = unix_seconds(system_clock::now());
    s.duration_seconds = seconds_between(r.started, steady_clock::now());
    s.exit_code = end.exit_code;
    switch (end.why) {
        case run_end::reason::silent:
            s.state = "timed_out";
            s.error = "no output for " + format_duration(config.silence_timeout) +
                      "; chia and its processes were killed";
            return;
        case run_end::reason::too_long:
            s.state = "timed_out";
            s.error = "still running after " + format_duration(config.max_duration) +
                      "; chia and its processes were killed";
            return;
        case run_end::reason::exited:
            break;
    }
    if (totals.passphrase_prompt && !totals.summary_seen) {
        s.state = "failed";
        s.error = "chia asked for the keyring passphrase: set passphrase_file in [plot_check]";
    } else if (end.exit_code != 0) {
        s.state = "failed";
        s.error = end.exit_code < 0 ? "chia was killed by a signal"
                                    : "chia exited with status " + std::to_string(end.exit_code);
        if (!totals.crash.empty()) s.error += ": " + totals.crash;
    } else {
        s.state = "done";
    }
}

void plot_check_collector::state::convert_finished(run_in_progress& r) {
    const auto& finished = r.parser.finished();
    for (; r.converted < finished.size(); ++r.converted) {
        const auto& plot = r.parser.plots()[finished[r.converted]];
        pending_plots.push_back(plot_metric(plot, slow));
    }
}

void plot_check_collector::state::persist(std::int64_t under_way_since) {
    if (state_file.empty()) return;
    stored_runs runs;
    {
        const std::lock_guard lock(mutex);
        runs.last = last;
    }
    runs.interrupted_started_unix_seconds = under_way_since;
    if (const auto problem = save_runs(state_file, runs); !problem.empty()) {
        log::warning(component, problem);
    }
}

void plot_check_collector::state::log_end(const run_summary& s) {
    const std::string counts = std::to_string(s.plots_tested) +
                               " plots tested: " + std::to_string(s.plots_good) + " good, " +
                               std::to_string(s.plots_bad) + " bad, " +
                               std::to_string(s.plots_unopenable) + " unopenable";
    if (s.state == "done") {
        const bool trouble = s.plots_bad > 0 || s.plots_unopenable > 0;
        log::write(trouble ? log::level::warning : log::level::info, component,
                   "plot check done in " + format_seconds(s.duration_seconds) + ", " + counts);
    } else {
        log::error(component, "plot check " +
                                  std::string(s.state == "failed" ? "failed" : "timed out") + " (" +
                                  counts + "): " + s.error);
    }
}

void plot_check_collector::state::collect(metric_batch& out) {
    const auto listing_began = steady_clock::now();
    inventory.collect(out);
    const bool listing_slow = steady_clock::now() - listing_began > slow_listing;

    const std::lock_guard lock(mutex);
    if (!start_problem.empty()) out.error(start_problem);
    std::optional<std::int64_t> next_run_seconds;
    if (run) {
        convert_finished(*run);
        run_summary& s = run->summary;
        copy_totals(run->parser.totals(), s);
        s.duration_seconds = seconds_between(run->started, steady_clock::now());
        current = s;
    } else {
        next_run_seconds = std::max<std::int64_t>(
            0, std::chrono::duration_cast<std::chrono::seconds>(next_run - steady_clock::now())
                   .count());
    }
    if (!listing_slow) {
        const auto budget = static_cast<std::size_t>(config.max_plots_per_gather);
        for (std::size_t i = 0; i < budget && !pending_plots.empty(); ++i) {
            out.metrics.push_back(std::move(pending_plots.front()));
            pending_plots.pop_front();
        }
    }
    metric now = run_metric("lfdm_plot_check", current.value_or(run_summary{}), next_run_seconds);
    now.field("plots_queued", static_cast<std::int64_t>(pending_plots.size()));
    out.metrics.push_back(std::move(now));
    if (last) {
        metric m = run_metric("lfdm_plot_check_last", *last);
        if (last->finished_unix_seconds > 0) {
            // Never negative, even after the system time was set back.
            m.field("age_seconds", std::max<std::int64_t>(0, unix_seconds(system_clock::now()) -
                                                                 last->finished_unix_seconds));
        }
        out.metrics.push_back(std::move(m));
    }
}

plot_check_collector::plot_check_collector(plot_check_config config,
                                           std::filesystem::path state_file)
    : state_(std::make_shared<state>(std::move(config), std::move(state_file))) {}

plot_check_collector::~plot_check_collector() {
    if (state_->process) state_->process->kill();
}

void plot_check_collector::start(asio::io_context& loop) {
    state_->start(loop);
}

void plot_check_collector::collect(metric_batch& out) {
    state_->collect(out);
}

void plot_check_collector::stop() {
    state_->stopping = true;
    if (state_->timer) state_->timer->cancel();
    if (state_->process) {
        state_->process->kill();
        log::info(component, "plot check stopped with the plugin; it starts again with it");
    }
}

}  // namespace lfdm::plot_check
