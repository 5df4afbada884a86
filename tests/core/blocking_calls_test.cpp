#include "core/blocking_calls.hpp"

#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <boost/test/unit_test.hpp>

#include "support/dead_server.hpp"

namespace lfdm {
namespace {

using namespace std::chrono_literals;

/// Long enough for a call that answers at once to answer on a loaded
/// machine; the blocked calls of these tests cost this much each.
constexpr auto answer_time = 2s;

/// Stands for a filesystem: answers at once, except for the one key whose
/// server is gone.
struct filesystem {
    std::string hung_key;
    test::dead_server server;
    std::mutex mutex;
    std::map<std::string, int> calls;

    std::string call(const std::string& key) {
        {
            const std::lock_guard lock(mutex);
            ++calls[key];
        }
        if (key == hung_key) server.answer();
        return "space of " + key;
    }
};

std::function<std::string(const std::string&)> ask(const std::shared_ptr<filesystem>& fs) {
    return [fs](const std::string& key) { return fs->call(key); };
}

/// Waits until no call blocks any more.
bool wait_unblocked(const blocking_calls& calls) {
    for (int i = 0; i < 3000; ++i) {
        if (calls.blocked_keys().empty()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

BOOST_AUTO_TEST_SUITE(blocking_call_guard)

BOOST_AUTO_TEST_CASE(answers_come_back_in_the_order_of_the_keys) {
    auto fs = std::make_shared<filesystem>();
    blocking_calls calls(answer_time);

    const auto answers = calls.run_each<std::string>({"/", "/mnt/a", "/mnt/b"}, ask(fs));

    BOOST_TEST_REQUIRE(answers.size() == 3u);
    BOOST_TEST(*answers[0].value == "space of /");
    BOOST_TEST(*answers[1].value == "space of /mnt/a");
    BOOST_TEST(*answers[2].value == "space of /mnt/b");
    for (const auto& answer : answers)
        BOOST_TEST(answer.no_answer.empty());
}

BOOST_AUTO_TEST_CASE(a_hung_key_costs_one_wait_then_is_refused_until_its_call_returns) {
    auto fs = std::make_shared<filesystem>();
    fs->hung_key = "/mnt/nas";
    blocking_calls calls(answer_time);
    const std::vector<std::string> keys{"/", "/mnt/nas", "/mnt/b"};

    auto answers = calls.run_each<std::string>(keys, ask(fs));
    BOOST_TEST(*answers[0].value == "space of /");
    BOOST_TEST(!answers[1].value);
    BOOST_TEST(answers[1].no_answer == "no answer within 2s");
    BOOST_TEST(*answers[2].value == "space of /mnt/b");
    BOOST_TEST(calls.blocked_keys() == std::vector<std::string>{"/mnt/nas"});

    // The next gather does not ask the hung mount again, and reads the rest.
    answers = calls.run_each<std::string>(keys, ask(fs));
    BOOST_TEST(!answers[1].value);
    BOOST_TEST(answers[1].no_answer.starts_with("no answer for "));
    BOOST_TEST(*answers[2].value == "space of /mnt/b");
    {
        const std::lock_guard lock(fs->mutex);
        BOOST_TEST(fs->calls["/mnt/nas"] == 1);
        BOOST_TEST(fs->calls["/mnt/b"] == 2);
    }

    // The server comes back: the gather after that asks it again.
    fs->server.come_back();
    BOOST_TEST_REQUIRE(wait_unblocked(calls));
    answers = calls.run_each<std::string>(keys, ask(fs));
    BOOST_TEST(*answers[1].value == "space of /mnt/nas");
    BOOST_TEST(answers[1].no_answer.empty());
    BOOST_TEST(fs->server.wait_all_answered());
}

BOOST_AUTO_TEST_CASE(each_call_has_the_whole_answer_time_however_long_the_list) {
    // Eight calls of 50 ms each: 400 ms in all, more than the answer time,
    // which is for one call, not for the list.
    blocking_calls calls(250ms);
    const std::vector<std::string> keys{"a", "b", "c", "d", "e", "f", "g", "h"};
    const auto answers = calls.run_each<std::string>(keys, [](const std::string& key) {
        std::this_thread::sleep_for(50ms);
        return key;
    });
    for (std::size_t i = 0; i < keys.size(); ++i) {
        BOOST_TEST(answers[i].no_answer.empty(), keys[i] << ": " << answers[i].no_answer);
        BOOST_TEST((answers[i].value && *answers[i].value == keys[i]));
    }
    BOOST_TEST(calls.blocked_keys().empty());
}

BOOST_AUTO_TEST_CASE(a_call_that_throws_is_reported_for_its_key_alone) {
    blocking_calls calls(answer_time);
    const auto answers =
        calls.run_each<int>({"good", "bad", "good again"}, [](const std::string& key) {
            if (key == "bad") throw std::runtime_error("out of memory");
            return static_cast<int>(key.size());
        });
    BOOST_TEST(*answers[0].value == 4);
    BOOST_TEST(answers[1].no_answer == "cannot answer: out of memory");
    BOOST_TEST(*answers[2].value == 10);
}

BOOST_AUTO_TEST_CASE(ending_does_not_wait_for_a_call_that_still_blocks) {
    auto fs = std::make_shared<filesystem>();
    fs->hung_key = "/mnt/nas";
    {
        blocking_calls calls(answer_time);
        calls.run_each<std::string>({"/mnt/nas"}, ask(fs));
    }
    fs->server.come_back();
    BOOST_TEST(fs->server.wait_all_answered());
}

BOOST_AUTO_TEST_CASE(no_key_gives_no_answer_and_no_thread_wait) {
    blocking_calls calls(answer_time);
    BOOST_TEST(calls.run_each<int>({}, [](const std::string&) { return 1; }).empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace lfdm
