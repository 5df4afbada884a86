#include "collectors/trex/trex_metrics.hpp"

namespace lfdm::trex {
namespace {

template <class T>
void put(metric& m, std::string_view prefix, std::string_view key, const std::optional<T>& value) {
    if (value) m.field(std::string(prefix).append(key), *value);
}

void put_rates(metric& m, std::string_view prefix, const hashrates& rates) {
    put(m, prefix, "hashrate", rates.current);
    put(m, prefix, "hashrate_instant", rates.instant);
    put(m, prefix, "hashrate_minute", rates.minute);
    put(m, prefix, "hashrate_hour", rates.hour);
    put(m, prefix, "hashrate_day", rates.day);
}

void put_shares(metric& m, std::string_view prefix, const share_counts& shares) {
    put(m, prefix, "shares_accepted", shares.accepted);
    put(m, prefix, "shares_rejected", shares.rejected);
    put(m, prefix, "shares_invalid", shares.invalid);
    put(m, prefix, "shares_solved", shares.solved);
}

void put_algorithm(metric& m, std::string_view prefix, const algorithm_status& a) {
    put(m, prefix, "algorithm", a.algorithm);
    put(m, prefix, "coin", a.coin);
    put_rates(m, prefix, a.rates);
    put_shares(m, prefix, a.shares);
    put(m, prefix, "sharerate_per_minute", a.sharerate);
    put(m, prefix, "sharerate_average_per_minute", a.sharerate_average);
    put(m, prefix, "pool_url", a.pool.url);
    put(m, prefix, "pool_user", a.pool.user);
    put(m, prefix, "pool_worker", a.pool.worker);
    put(m, prefix, "pool_ping_ms", a.pool.ping_ms);
    put(m, prefix, "pool_retries", a.pool.retries);
    put(m, prefix, "pool_last_submit_time", a.pool.last_submit_time);
    put(m, prefix, "pool_difficulty", a.pool.difficulty);
}

/// The rig's power: the sum over its GPUs, when every GPU reports it.
std::optional<std::int64_t> rig_power(const summary& s) {
    if (s.gpus.empty()) return std::nullopt;
    std::int64_t total = 0;
    for (const auto& gpu : s.gpus) {
        if (!gpu.power_watts) return std::nullopt;
        total += *gpu.power_watts;
    }
    return total;
}

metric& add_with_tags(metric_batch& out, std::string measurement, const endpoint_identity& who) {
    metric& m = out.add(std::move(measurement));
    for (const auto& [key, value] : who.tags)
        m.tag(key, value);
    m.tag("endpoint", who.endpoint);
    return m;
}

void append_gpu(const endpoint_identity& who, const gpu_status& gpu, metric_batch& out) {
    metric& m = add_with_tags(out, "lfdm_trex_gpu", who);
    m.tag("gpu_id", std::to_string(gpu.gpu_id));
    m.tag("gpu_name", gpu.name);
    m.tag("gpu_vendor", gpu.vendor);
    m.tag("gpu_uuid", gpu.uuid);
    put(m, "", "device_id", gpu.device_id);
    put(m, "", "gpu_user_id", gpu.gpu_user_id);
    put(m, "", "pci_bus", gpu.pci_bus);
    put_rates(m, "", gpu.rates);
    put_shares(m, "", gpu.shares);
    put(m, "", "last_share_difficulty", gpu.last_share_difficulty);
    put(m, "", "max_share_difficulty", gpu.max_share_difficulty);
    put(m, "", "temperature_celsius", gpu.temperature_celsius);
    put(m, "", "memory_temperature_celsius", gpu.memory_temperature_celsius);
    put(m, "", "fan_speed_percent", gpu.fan_speed_percent);
    put(m, "", "power_watts", gpu.power_watts);
    put(m, "", "power_average_watts", gpu.power_average_watts);
    put(m, "", "core_clock_mhz", gpu.core_clock_mhz);
    put(m, "", "memory_clock_mhz", gpu.memory_clock_mhz);
    put(m, "", "efficiency_h_per_w", gpu.efficiency_h_per_w);
    put(m, "", "intensity", gpu.intensity);
    put(m, "", "lhr_tune", gpu.lhr_tune);
    put(m, "", "lhr_lock_count", gpu.lhr_lock_count);
    put(m, "", "mtweak", gpu.mtweak);
    put(m, "", "low_load", gpu.low_load);
    put(m, "", "paused", gpu.paused);
    put(m, "", "potentially_unstable", gpu.potentially_unstable);
    if (gpu.dual) {
        put_rates(m, "dual_", gpu.dual->rates);
        put_shares(m, "dual_", gpu.dual->shares);
    }
}

void append_summary(const summary& s, metric& m) {
    put(m, "", "version", s.version);
    put(m, "", "api_version", s.api_version);
    put(m, "", "driver_version", s.driver_version);
    put(m, "", "cuda_version", s.cuda_version);
    put(m, "", "os", s.os);
    put(m, "", "uptime_seconds", s.uptime_seconds);
    put(m, "", "paused", s.paused);
    put(m, "", "gpu_total", s.gpu_total);
    put(m, "", "power_watts", rig_power(s));
    put(m, "", "watchdog_restarts", s.watchdog_restarts);
    put_algorithm(m, "", s.main);
    if (s.dual) put_algorithm(m, "dual_", *s.dual);
}

}  // namespace

std::string_view status_name(poll_status status) {
    switch (status) {
        case poll_status::ok:
            return "ok";
        case poll_status::refused:
            return "refused";
        case poll_status::unreachable:
            return "unreachable";
        case poll_status::connect_timeout:
            return "connect_timeout";
        case poll_status::timeout:
            return "timeout";
        case poll_status::tls_error:
            return "tls_error";
        case poll_status::auth_failed:
            return "auth_failed";
        case poll_status::http_error:
            return "http_error";
        case poll_status::bad_response:
            return "bad_response";
        case poll_status::not_json:
            return "not_json";
        case poll_status::truncated:
            return "truncated";
        case poll_status::too_large:
            return "too_large";
        default:
            return "network_error";
    }
}

void append_metrics(const endpoint_identity& who, const poll_result& result, double age_seconds,
                    metric_batch& out) {
    const bool up = result.status == poll_status::ok && result.data;
    metric& miner = add_with_tags(out, "lfdm_trex", who);
    miner.field("up", std::int64_t{up ? 1 : 0});
    miner.field("status", status_name(up ? poll_status::ok : result.status));
    miner.field("age_seconds", age_seconds);
    miner.field("poll_time_ms", result.poll_time_ms);
    miner.field("consecutive_failures", result.consecutive_failures);
    if (!up) {
        miner.field("error", result.error);
        return;
    }
    append_summary(*result.data, miner);
    for (const auto& gpu : result.data->gpus)
        append_gpu(who, gpu, out);
}

}  // namespace lfdm::trex
