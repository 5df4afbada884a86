#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

/// What the tests of hung network mounts share: a server that is gone.
namespace lfdm::test {

/// Stands for the server of a network mount that stopped answering: a call
/// to it (`answer`) blocks until `come_back`. Counts the calls made and
/// returned, so that a test can check a hung mount is asked once, and end
/// only when no call of its own is still blocked.
class dead_server {
  public:
    /// Blocks until the server comes back.
    void answer() {
        std::unique_lock lock(mutex_);
        ++asked_;
        changed_.wait(lock, [&] { return back_; });
        ++answered_;
        changed_.notify_all();
    }

    void come_back() {
        const std::lock_guard lock(mutex_);
        back_ = true;
        changed_.notify_all();
    }

    /// How many calls were made to it.
    int asked() {
        const std::lock_guard lock(mutex_);
        return asked_;
    }

    /// Waits until every call made has returned; false after 30 s.
    bool wait_all_answered() {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, std::chrono::seconds(30),
                                 [&] { return answered_ == asked_; });
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool back_ = false;
    int asked_ = 0;
    int answered_ = 0;
};

}  // namespace lfdm::test
