#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

/// What T-Rex's `/summary` and `/login` answers say, as typed values, and
/// the pure decoders that read them.
///
/// Every key of `/summary` is optional: it changed across T-Rex 0.9 to
/// 0.26.8, and a key that is absent is a value that is absent here, never a
/// zero. Integers stay integers even when a version (or a pretty-printer)
/// writes `22.0`; fractional values stay floating point even when written
/// `22`. A key of the wrong type is treated as absent.
namespace lfdm::trex {

/// Hashrates in hashes per second, over T-Rex's windows.
struct hashrates {
    /// "hashrate": T-Rex's own average (over --hashrate-avr, 60 s by default).
    std::optional<std::int64_t> current;
    std::optional<std::int64_t> instant;
    std::optional<std::int64_t> minute;
    std::optional<std::int64_t> hour;
    std::optional<std::int64_t> day;
};

/// Share counters since the miner started.
struct share_counts {
    std::optional<std::int64_t> accepted;
    std::optional<std::int64_t> rejected;
    std::optional<std::int64_t> invalid;
    std::optional<std::int64_t> solved;
};

/// The pool an algorithm mines on (`active_pool`).
struct pool_status {
    std::optional<std::string> url;
    std::optional<std::string> user;
    std::optional<std::string> worker;
    /// Round-trip time to the pool, in milliseconds.
    std::optional<std::int64_t> ping_ms;
    /// Reconnections so far.
    std::optional<std::int64_t> retries;
    /// Unix time of the last share sent, in seconds (0: none yet).
    std::optional<std::int64_t> last_submit_time;
    /// Share difficulty the pool set, with its SI suffix applied ("4.00 G"
    /// is 4e9).
    std::optional<double> difficulty;
};

/// One mined algorithm: the main one, or dual mining's second one.
struct algorithm_status {
    std::optional<std::string> algorithm;
    std::optional<std::string> coin;
    hashrates rates;
    share_counts shares;
    /// Shares per minute, recent and since the start.
    std::optional<double> sharerate;
    std::optional<double> sharerate_average;
    pool_status pool;
};

/// A GPU's part in dual mining's second algorithm.
struct gpu_dual_status {
    hashrates rates;
    share_counts shares;
};

/// One GPU of `gpus[]`.
struct gpu_status {
    /// T-Rex's GPU number: `gpu_id`, else `device_id`, else the position in
    /// `gpus[]`. Always set.
    std::int64_t gpu_id = 0;
    std::optional<std::int64_t> device_id;
    /// The number the user gave the GPU (-d).
    std::optional<std::int64_t> gpu_user_id;
    std::optional<std::int64_t> pci_bus;
    /// Empty when T-Rex does not know (some 0.13 rigs send "").
    std::string name;
    std::string vendor;
    /// Without the trailing NUL that 0.19 sends.
    std::string uuid;
    hashrates rates;
    /// From `shares`, or from `stat_by_gpu` before 0.20.
    share_counts shares;
    std::optional<double> last_share_difficulty;
    std::optional<double> max_share_difficulty;
    std::optional<std::int64_t> temperature_celsius;
    std::optional<std::int64_t> memory_temperature_celsius;
    /// Absent on laptop GPUs.
    std::optional<std::int64_t> fan_speed_percent;
    std::optional<std::int64_t> power_watts;
    std::optional<std::int64_t> power_average_watts;
    std::optional<std::int64_t> core_clock_mhz;
    std::optional<std::int64_t> memory_clock_mhz;
    /// Hashes per watt, from strings such as "390kH/W".
    std::optional<double> efficiency_h_per_w;
    std::optional<double> intensity;
    std::optional<double> lhr_tune;
    std::optional<std::int64_t> lhr_lock_count;
    std::optional<std::int64_t> mtweak;
    std::optional<bool> low_load;
    std::optional<bool> paused;
    std::optional<bool> potentially_unstable;
    /// Set when the miner dual-mines and `dual_stat.gpus` lists this GPU.
    std::optional<gpu_dual_status> dual;
};

/// A whole `/summary` answer.
struct summary {
    algorithm_status main;
    /// `dual_stat`, when dual mining.
    std::optional<algorithm_status> dual;
    std::vector<gpu_status> gpus;
    std::optional<std::int64_t> uptime_seconds;
    std::optional<std::int64_t> gpu_total;
    /// Miner restarts by T-Rex's built-in watchdog.
    std::optional<std::int64_t> watchdog_restarts;
    std::optional<bool> paused;
    std::optional<std::string> version;
    std::optional<std::string> api_version;
    std::optional<std::string> driver_version;
    std::optional<std::string> cuda_version;
    std::optional<std::string> os;
};

/// Why an answer body could not be used.
struct body_error {
    enum class kind {
        truncated,  ///< JSON that ends too early
        not_json,   ///< not JSON, or JSON but not an object
        refused,    ///< `"success": 0`: the miner refused the request
    };
    kind problem = kind::not_json;
    /// The cause in words, such as "the answer is not JSON (syntax error)".
    std::string message;
    /// For a refusal: the miner's reason ("success 0" when it gives none).
    std::string reason;
};

/// Reads a `/summary` body.
std::variant<summary, body_error> decode_summary(std::string_view body);

/// A session from `/login`.
struct login_session {
    std::string sid;
};

/// Reads a `/login` body: `{"sid": "...", "success": 1}`. A body with
/// `"success": 0`, or without a sid, is `body_error::kind::refused`.
std::variant<login_session, body_error> decode_login(std::string_view body);

/// Reads a number with an optional SI prefix (k, K, M, G, T, P, E) and an
/// optional unit, with or without spaces between them: `parse_quantity("4.00
/// Gh", "h")` is 4e9, `parse_quantity("390kH/W", "H/W")` is 390000. The unit
/// is compared without regard to case. Nothing for any other text.
std::optional<double> parse_quantity(std::string_view text, std::string_view unit);

}  // namespace lfdm::trex
