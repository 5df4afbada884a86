#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lfdm {

/// What one call made through `blocking_calls` gave.
template <class T>
struct call_answer {
    /// The call's result; nothing when it did not answer in time.
    std::optional<T> value;
    /// Why there is no value: "no answer within 2s" (this time), or "no
    /// answer for 3m0s" (a call for the same key, made earlier, still
    /// blocks). Empty when there is a value.
    std::string no_answer;
};

/// Makes calls that can block without end, such as the space or the listing
/// of a network filesystem whose server is gone, on a helper thread, and
/// waits for each at most a given time. A call that does not answer in time
/// is left to return on its own, on its own thread; until it does, calls for
/// the same key (the same mount, the same directory) are refused at once. A
/// dead server therefore costs one waiting thread, however many gathers
/// follow, and the answering keys are still read at every gather.
///
/// The helper thread lives as long as this object, so that the usual answer
/// costs no thread start. Not meant to be used from two threads at once.
class blocking_calls {
  public:
    explicit blocking_calls(std::chrono::milliseconds answer_time);
    /// Waits for the idle helper to end; a helper still blocked in a call
    /// is left behind (the process's end ends it).
    ~blocking_calls();
    blocking_calls(const blocking_calls&) = delete;
    blocking_calls& operator=(const blocking_calls&) = delete;

    /// Calls `call(key)` for each key in turn, each allowed `answer_time`,
    /// and returns one answer per key, in the same order. `call` must own
    /// what it uses: it may still run after this returns.
    template <class T>
    std::vector<call_answer<T>> run_each(const std::vector<std::string>& keys,
                                         std::function<T(const std::string&)> call) {
        std::vector<call_answer<T>> answers(keys.size());
        run_erased(
            keys,
            [call = std::move(call), &answers](std::size_t i, const std::string& key) {
                auto value = std::make_shared<T>(call(key));
                // Run under the lock, and only while run_each still waits for it.
                return std::function<void()>(
                    [&answers, i, value] { answers[i].value = std::move(*value); });
            },
            [&answers](std::size_t i, std::string why) { answers[i].no_answer = std::move(why); });
        return answers;
    }

    /// The keys whose call has not returned yet.
    std::vector<std::string> blocked_keys() const;

  private:
    struct shared;
    struct helper;
    /// Makes the call for key number `i`; returns what records its result.
    using erased_call = std::function<std::function<void()>(std::size_t, const std::string&)>;
    using refusal = std::function<void(std::size_t, std::string)>;

    void run_erased(const std::vector<std::string>& keys, erased_call call, const refusal& refuse);
    void start_helper();

    std::chrono::milliseconds answer_time_;
    std::shared_ptr<shared> shared_;
    std::shared_ptr<helper> helper_;
};

}  // namespace lfdm
