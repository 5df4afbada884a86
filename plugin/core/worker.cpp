#include "core/worker.hpp"

namespace lfdm {

worker::worker() : thread_([this] { loop(); }) {}

worker::~worker() {
    if (!thread_.joinable()) return;
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

bool worker::run(std::function<void()> job) {
    {
        const std::lock_guard lock(mutex_);
        if (stopping_) return false;
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
}

bool worker::stop(std::chrono::steady_clock::time_point deadline) {
    if (!thread_.joinable()) return true;
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
        jobs_.clear();
    }
    wake_.notify_one();
    if (finished_.get_future().wait_until(deadline) != std::future_status::ready) {
        thread_.detach();
        return false;
    }
    thread_.join();
    return true;
}

void worker::loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) break;  // stopping, nothing left to run
        auto job = std::move(jobs_.front());
        jobs_.pop_front();
        lock.unlock();
        job();
        lock.lock();
    }
    lock.unlock();
    finished_.set_value();
}

}  // namespace lfdm
