#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/logger.hpp"
#include "core/metric.hpp"

namespace lfdm {

/// How a collector's part of one gather went.
struct gather_outcome {
    enum class status {
        ok,       ///< collected without problem
        error,    ///< collected with problems (or threw)
        timeout,  ///< missed the gather's deadline
        busy,     ///< skipped: still running a collect that missed a deadline
    };
    status result = status::ok;
    double gather_time_ms = 0;
    std::size_t metrics = 0;
    std::vector<std::string> errors;
};

/// The name of a status as reported in the `status` field.
std::string_view status_name(gather_outcome::status s);

/// A log line to write.
struct log_event {
    log::level level;
    std::string message;
};

/// The health of one collector across gathers: decides what to log (once
/// when it starts failing, once when it recovers, never every cycle) and
/// builds the `lfdm_collector` metric Grafana shows.
class collector_health {
  public:
    explicit collector_health(std::string name) : name_(std::move(name)) {}

    /// Records a gather's outcome; returns the line to log when the
    /// collector's state changed, or a debug line while it keeps failing.
    std::optional<log_event> record(const gather_outcome& outcome);

    /// The `lfdm_collector` metric for the last recorded gather.
    metric to_metric() const;

  private:
    std::string name_;
    gather_outcome last_;
    std::int64_t errors_total_ = 0;
    std::int64_t timeouts_total_ = 0;
    std::int64_t failing_gathers_ = 0;
};

}  // namespace lfdm
