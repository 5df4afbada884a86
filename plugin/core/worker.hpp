#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

namespace lfdm {

/// A thread that runs jobs one after another, so that a job that blocks (a
/// stat call on a hung network mount) holds up nothing but that thread.
class worker {
  public:
    worker();
    /// Joins the thread if `stop` did not (it waits for the jobs queued).
    ~worker();
    worker(const worker&) = delete;
    worker& operator=(const worker&) = delete;

    /// Queues `job`; it runs once the jobs before it ended. Returns false,
    /// and drops `job`, once the worker is stopping.
    bool run(std::function<void()> job);

    /// Drops the jobs not started, asks the thread to end and waits for it
    /// until `deadline`. Returns false when a job is still running then: the
    /// thread is left behind, and this worker and whatever the job uses must
    /// stay allocated until the process ends.
    bool stop(std::chrono::steady_clock::time_point deadline);

  private:
    void loop();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::promise<void> finished_;
    std::thread thread_;
};

}  // namespace lfdm
