#include "core/blocking_calls.hpp"

#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "core/duration.hpp"

namespace lfdm {

using steady_clock = std::chrono::steady_clock;

/// What the caller and every helper, abandoned ones included, share.
struct blocking_calls::shared {
    std::mutex mutex;
    std::condition_variable changed;
    /// Keys whose call has not returned, with when it was made.
    std::map<std::string, steady_clock::time_point> blocked;
};

/// One helper thread and the work given to it; guarded by shared::mutex.
struct blocking_calls::helper {
    std::thread thread;
    erased_call call;
    refusal refuse;
    std::shared_ptr<const std::vector<std::string>> keys;
    std::vector<std::size_t> todo;   ///< indices into `keys`, in order
    std::size_t done = 0;            ///< how many of `todo` answered
    steady_clock::time_point began;  ///< when the call under way began
    bool abandoned = false;          ///< blocked: the caller went on without it
    bool stop = false;
};

blocking_calls::blocking_calls(std::chrono::milliseconds answer_time)
    : answer_time_(answer_time), shared_(std::make_shared<shared>()) {}

blocking_calls::~blocking_calls() {
    if (!helper_) return;
    {
        const std::lock_guard lock(shared_->mutex);
        helper_->stop = true;
    }
    shared_->changed.notify_all();
    helper_->thread.join();
}

std::vector<std::string> blocking_calls::blocked_keys() const {
    const std::lock_guard lock(shared_->mutex);
    std::vector<std::string> keys;
    for (const auto& [key, since] : shared_->blocked)
        keys.push_back(key);
    return keys;
}

void blocking_calls::start_helper() {
    helper_ = std::make_shared<helper>();
    helper_->thread = std::thread([s = shared_, h = helper_] {
        std::unique_lock lock(s->mutex);
        for (;;) {
            s->changed.wait(lock, [&] { return h->stop || h->done < h->todo.size(); });
            if (h->done >= h->todo.size()) return;
            const std::size_t i = h->todo[h->done];
            h->began = steady_clock::now();
            lock.unlock();

            std::function<void()> record;
            std::string failure;
            try {
                record = h->call(i, (*h->keys)[i]);
            } catch (const std::exception& e) {
                failure = e.what();
            } catch (...) {
                failure = "unknown error";
            }

            lock.lock();
            if (h->abandoned) {
                s->blocked.erase((*h->keys)[i]);
                return;
            }
            if (record) {
                record();
            } else {
                h->refuse(i, "cannot answer: " + failure);
            }
            // The caller waits for the last answer, or for a call's time to
            // run out: one wake-up for the whole list.
            if (++h->done == h->todo.size()) s->changed.notify_all();
        }
    });
}

void blocking_calls::run_erased(const std::vector<std::string>& key_list, erased_call call,
                                const refusal& refuse) {
    // Shared with the helpers, which may outlive this call.
    const auto keys = std::make_shared<const std::vector<std::string>>(key_list);
    std::unique_lock lock(shared_->mutex);
    std::vector<std::size_t> todo;
    const auto now = steady_clock::now();
    for (std::size_t i = 0; i < keys->size(); ++i) {
        const auto blocked = shared_->blocked.find((*keys)[i]);
        if (blocked == shared_->blocked.end()) {
            todo.push_back(i);
            continue;
        }
        const auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - blocked->second);
        refuse(i, "no answer for " + format_duration(waited));
    }

    while (!todo.empty()) {
        if (!helper_) start_helper();
        helper_->call = call;
        helper_->refuse = refuse;
        helper_->keys = keys;
        helper_->todo = std::exchange(todo, {});
        helper_->done = 0;
        helper_->began = steady_clock::now();
        shared_->changed.notify_all();

        // Each call has answer_time_ from when it began.
        const auto all_done = [&] { return helper_->done == helper_->todo.size(); };
        while (!all_done()) {
            const auto deadline = helper_->began + answer_time_;
            if (shared_->changed.wait_until(lock, deadline, all_done)) break;
            if (helper_->began + answer_time_ > steady_clock::now()) continue;  // a later call
            // The call for this key blocks: leave it to its helper, and give
            // the keys after it to a new one.
            const std::size_t blocked = helper_->todo[helper_->done];
            shared_->blocked.emplace((*keys)[blocked], helper_->began);
            refuse(blocked, "no answer within " + format_duration(answer_time_));
            todo.assign(helper_->todo.begin() + static_cast<std::ptrdiff_t>(helper_->done) + 1,
                        helper_->todo.end());
            helper_->abandoned = true;
            helper_->thread.detach();
            helper_.reset();
            break;
        }
        if (helper_) {
            // Nothing of the caller's may be reached once this returns.
            helper_->call = nullptr;
            helper_->refuse = nullptr;
        }
    }
}

}  // namespace lfdm
