#include "core/agent.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#if defined(_WIN32)
#include <fcntl.h>
#include <io.h>
#else
#include <unistd.h>
#endif

#include <boost/test/unit_test.hpp>

#include "support/line_parser.hpp"
#include "support/metric_docs.hpp"
#include "support/recorded_lines.hpp"

namespace lfdm {
namespace {

using namespace std::chrono_literals;

/// A collector for driving the agent: emits one metric per gather, after an
/// optional delay, or throws, or waits until released.
class test_collector final : public collector {
  public:
    explicit test_collector(std::string name) : name_(std::move(name)) {}

    std::string_view name() const override { return name_; }

    void collect(metric_batch& out) override {
        ++gathers;
        if (delay.count() > 0) std::this_thread::sleep_for(delay);
        {
            std::unique_lock lock(mutex_);
            released_.wait(lock, [this] { return !held_; });
        }
        if (!failure.empty()) throw std::runtime_error(failure);
        out.add("lfdm_test").tag("rig", name_).field("gather", gathers.load());
    }

    void hold() {
        const std::lock_guard lock(mutex_);
        held_ = true;
    }
    void release() {
        {
            const std::lock_guard lock(mutex_);
            held_ = false;
        }
        released_.notify_all();
    }

    std::chrono::milliseconds delay{0};
    std::string failure;
    std::atomic<int> gathers{0};

  private:
    std::string name_;
    std::mutex mutex_;
    std::condition_variable released_;
    bool held_ = false;
};

/// Runs an agent on a thread, with a pipe as its stdin and a string as its
/// stdout.
class running_agent {
  public:
    running_agent(std::vector<test_collector*> collectors, agent_options options,
                  std::error_code output_error = {}) {
#if defined(_WIN32)
        BOOST_REQUIRE(::_pipe(input_, 4096, _O_BINARY) == 0);
#else
        BOOST_REQUIRE(::pipe(input_) == 0);
#endif
        options.input = input_[0];
        std::vector<std::unique_ptr<collector>> owned;
        for (auto* c : collectors)
            owned.emplace_back(c);
        agent_ = std::make_unique<agent>(std::move(owned), std::move(options),
                                         [this, output_error](std::string_view text) {
                                             const std::lock_guard lock(mutex_);
                                             output_ += text;
                                             ++writes_;
                                             written_.notify_all();
                                             return output_error;
                                         });
        thread_ = std::thread([this] { status_ = agent_->run(); });
    }

    ~running_agent() {
        close_input();
        if (thread_.joinable()) thread_.join();
        ::close(input_[0]);
    }

    void request() {
        BOOST_REQUIRE(::write(input_[1], "\n", 1) == 1);
    }

    void close_input() {
        if (input_[1] >= 0) ::close(input_[1]);
        input_[1] = -1;
    }

    /// Waits until the output was written `count` times; false on timeout.
    bool wait_for_writes(int count, std::chrono::milliseconds timeout = 5s) {
        std::unique_lock lock(mutex_);
        return written_.wait_for(lock, timeout, [&] { return writes_ >= count; });
    }

    int join() {
        thread_.join();
        return status_;
    }

    std::string output() {
        const std::lock_guard lock(mutex_);
        return output_;
    }
    int writes() {
        const std::lock_guard lock(mutex_);
        return writes_;
    }

  private:
    int input_[2] = {-1, -1};
    std::unique_ptr<agent> agent_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable written_;
    std::string output_;
    int writes_ = 0;
    int status_ = -1;
};

std::vector<test::parsed_line> lines_of(const std::string& text) {
    test::record_lines(text);
    return test::parse_lines(text);
}

const test::parsed_line* find(const std::vector<test::parsed_line>& lines,
                              std::string_view measurement, std::string_view source) {
    for (const auto& l : lines) {
        const auto* tag = l.point.find_tag(measurement == "lfdm_collector" ? "collector" : "rig");
        if (l.point.measurement == measurement && tag && *tag == source) return &l;
    }
    return nullptr;
}

std::string status_of(const std::vector<test::parsed_line>& lines, std::string_view source) {
    const auto* health = find(lines, "lfdm_collector", source);
    BOOST_REQUIRE(health);
    return std::get<std::string>(*health->point.find_field("status"));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(agent_loop)

BOOST_AUTO_TEST_CASE(once_writes_every_collector_under_one_timestamp_with_global_tags) {
    agent_options options;
    options.mode = trigger::once;
    options.global_tags = {{"pseudo", "zoé"}, {"rig", "not-overriding"}};
    running_agent run({new test_collector("a"), new test_collector("b")}, options);
    BOOST_TEST(run.join() == 0);

    const auto lines = lines_of(run.output());
    BOOST_TEST(lines.size() == 4u);
    for (const auto& l : lines) {
        BOOST_TEST(l.timestamp == lines.front().timestamp);
        BOOST_TEST(*l.point.find_tag("pseudo") == "zoé");
    }
    BOOST_TEST(find(lines, "lfdm_test", "a"));
    BOOST_TEST(find(lines, "lfdm_test", "b"));
    BOOST_TEST(status_of(lines, "a") == "ok");
}

BOOST_AUTO_TEST_CASE(slow_collector_is_left_out_at_its_deadline_and_others_are_on_time) {
    // Slow, but within the time stopping waits for a collector's thread, so
    // that the thread is joined rather than left behind.
    auto* slow = new test_collector("slow");
    slow->delay = 450ms;
    agent_options options;
    options.mode = trigger::once;
    options.collector_timeout = 50ms;
    const auto begin = std::chrono::steady_clock::now();
    running_agent run({slow, new test_collector("fast")}, options);
    BOOST_REQUIRE(run.wait_for_writes(1));
    const auto elapsed = std::chrono::steady_clock::now() - begin;
    BOOST_TEST(run.join() == 0);

    // Below the slow collector's 450 ms: the deadline, not the collector.
    BOOST_TEST((elapsed < 400ms));
    const auto lines = lines_of(run.output());
    BOOST_TEST(find(lines, "lfdm_test", "fast"));
    BOOST_TEST(!find(lines, "lfdm_test", "slow"));
    BOOST_TEST(status_of(lines, "slow") == "timeout");
}

BOOST_AUTO_TEST_CASE(collector_still_busy_is_skipped_and_its_late_result_dropped) {
    auto* stuck = new test_collector("stuck");
    stuck->hold();
    agent_options options;
    options.collector_timeout = 50ms;
    running_agent run({stuck, new test_collector("fast")}, options);
    run.request();
    BOOST_REQUIRE(run.wait_for_writes(1));
    run.request();
    BOOST_REQUIRE(run.wait_for_writes(2));
    stuck->release();
    std::this_thread::sleep_for(100ms);
    run.request();
    BOOST_REQUIRE(run.wait_for_writes(3));
    run.close_input();
    BOOST_TEST(run.join() == 0);

    const auto text = run.output();
    const auto lines = lines_of(text);
    std::vector<std::string> statuses;
    for (const auto& l : lines) {
        if (l.point.measurement == "lfdm_collector" && *l.point.find_tag("collector") == "stuck") {
            statuses.push_back(std::get<std::string>(*l.point.find_field("status")));
        }
    }
    const std::vector<std::string> expected = {"timeout", "busy", "ok"};
    BOOST_TEST(statuses == expected, boost::test_tools::per_element());
    BOOST_TEST(stuck->gathers == 2);  // the busy gather did not start a second collect
}

BOOST_AUTO_TEST_CASE(failing_collector_is_reported_and_does_not_stop_the_others) {
    auto* broken = new test_collector("broken");
    broken->failure = "cannot read /proc/stat: gone";
    agent_options options;
    options.mode = trigger::once;
    running_agent run({broken, new test_collector("fine")}, options);
    BOOST_TEST(run.join() == 0);
    const auto lines = lines_of(run.output());
    BOOST_TEST(find(lines, "lfdm_test", "fine"));
    const auto* health = find(lines, "lfdm_collector", "broken");
    BOOST_REQUIRE(health);
    BOOST_TEST(std::get<std::string>(*health->point.find_field("last_error")) ==
               "cannot read /proc/stat: gone");
}

BOOST_AUTO_TEST_CASE(health_metrics_are_documented_in_the_core_readme) {
    auto* broken = new test_collector("broken");
    broken->failure = "cannot connect";
    agent_options options;
    options.mode = trigger::once;
    running_agent run({broken, new test_collector("fine")}, options);
    BOOST_TEST(run.join() == 0);
    std::vector<test::parsed_line> health;
    for (auto& line : lines_of(run.output())) {
        if (line.point.measurement == "lfdm_collector") health.push_back(std::move(line));
    }
    const auto docs = test::read_all_metric_docs();
    const auto problems = test::undocumented(docs, health);
    BOOST_TEST(problems.empty());
    for (const auto& p : problems)
        BOOST_TEST_MESSAGE(p);
    BOOST_TEST(test::never_emitted(docs, {"lfdm_collector"}, health).empty());
}

BOOST_AUTO_TEST_CASE(requests_during_a_gather_are_coalesced_into_one) {
    auto* held = new test_collector("held");
    held->hold();
    agent_options options;
    options.collector_timeout = 10s;
    running_agent run({held}, options);
    run.request();
    std::this_thread::sleep_for(100ms);
    for (int i = 0; i < 500; ++i)
        run.request();
    std::this_thread::sleep_for(100ms);
    held->release();
    BOOST_REQUIRE(run.wait_for_writes(2));
    std::this_thread::sleep_for(300ms);
    BOOST_TEST(run.writes() == 2);
    run.close_input();
    BOOST_TEST(run.join() == 0);
}

BOOST_AUTO_TEST_CASE(a_request_followed_at_once_by_end_of_input_is_still_written) {
    running_agent run({new test_collector("a")}, {});
    run.request();
    run.close_input();
    BOOST_TEST(run.join() == 0);
    BOOST_TEST(run.writes() == 1);
    BOOST_TEST(lines_of(run.output()).size() == 2u);
}

BOOST_AUTO_TEST_CASE(end_of_input_stops_with_status_0) {
    running_agent run({new test_collector("a")}, {});
    run.close_input();
    BOOST_TEST(run.join() == 0);
    BOOST_TEST(run.writes() == 0);
}

BOOST_AUTO_TEST_CASE(broken_output_stops_with_status_1) {
    agent_options options;
    running_agent run({new test_collector("a")}, options,
                      std::make_error_code(std::errc::broken_pipe));
    run.request();
    BOOST_TEST(run.join() == 1);
}

BOOST_AUTO_TEST_CASE(interval_gathers_without_requests) {
    agent_options options;
    options.mode = trigger::interval;
    options.interval = 100ms;
    running_agent run({new test_collector("a")}, options);
    BOOST_REQUIRE(run.wait_for_writes(3));
    run.close_input();
    BOOST_TEST(run.join() == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
