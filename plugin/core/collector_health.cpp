#include "core/collector_health.hpp"

namespace lfdm {
namespace {

std::string describe_failure(const gather_outcome& outcome) {
    using status = gather_outcome::status;
    if (outcome.result == status::timeout) {
        return "gather missed its deadline; its metrics are left out until it answers";
    }
    if (outcome.result == status::busy) {
        return "still busy from before; its metrics are left out until it answers";
    }
    if (outcome.errors.empty()) return "failed";
    std::string text = outcome.errors.front();
    if (outcome.errors.size() > 1) {
        const std::size_t more = outcome.errors.size() - 1;
        text += " (and " + std::to_string(more) + " more problem" + (more > 1 ? "s)" : ")");
    }
    return text;
}

}  // namespace

std::string_view status_name(gather_outcome::status s) {
    switch (s) {
        case gather_outcome::status::ok:
            return "ok";
        case gather_outcome::status::error:
            return "error";
        case gather_outcome::status::timeout:
            return "timeout";
        default:
            return "busy";
    }
}

std::optional<log_event> collector_health::record(const gather_outcome& outcome) {
    using status = gather_outcome::status;
    last_ = outcome;
    errors_total_ += static_cast<std::int64_t>(outcome.errors.size());
    if (outcome.result == status::timeout) ++timeouts_total_;

    if (outcome.result == status::ok) {
        if (failing_gathers_ == 0) return std::nullopt;
        const auto failed = failing_gathers_;
        failing_gathers_ = 0;
        return log_event{log::level::info,
                         "recovered after " + std::to_string(failed) + " failed gathers"};
    }
    if (failing_gathers_++ > 0) return log_event{log::level::debug, describe_failure(outcome)};
    const auto lvl = outcome.result == status::error ? log::level::error : log::level::warning;
    return log_event{lvl, describe_failure(outcome)};
}

metric collector_health::to_metric() const {
    metric m("lfdm_collector");
    m.tag("collector", name_);
    m.field("status", status_name(last_.result));
    m.field("healthy", last_.result == gather_outcome::status::ok ? 1 : 0);
    m.field("gather_time_ms", last_.gather_time_ms);
    m.field("metrics", last_.metrics);
    m.field("errors", last_.errors.size());
    m.field("errors_total", errors_total_);
    m.field("timeouts_total", timeouts_total_);
    if (last_.result != gather_outcome::status::ok) m.field("last_error", describe_failure(last_));
    return m;
}

}  // namespace lfdm
