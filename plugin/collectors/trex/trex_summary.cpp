#include "collectors/trex/trex_summary.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace lfdm::trex {
namespace {

namespace json = boost::json;

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

bool equal_nocase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) {
            return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
        };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

/// The power of ten an SI prefix stands for, or 0 for any other letter.
int prefix_exponent(char prefix) {
    switch (prefix) {
        case 'k':
        case 'K':
            return 3;
        case 'M':
            return 6;
        case 'G':
            return 9;
        case 'T':
            return 12;
        case 'P':
            return 15;
        case 'E':
            return 18;
        default:
            return 0;
    }
}

const json::value* member(const json::object* object, std::string_view key) {
    if (!object) return nullptr;
    const auto found = object->find(key);
    return found == object->end() ? nullptr : &found->value();
}

const json::object* object_at(const json::object* object, std::string_view key) {
    const auto* value = member(object, key);
    return value ? value->if_object() : nullptr;
}

const json::array* array_at(const json::object* object, std::string_view key) {
    const auto* value = member(object, key);
    return value ? value->if_array() : nullptr;
}

/// An integer, also from a float such as 22.0 (rounded).
std::optional<std::int64_t> integer(const json::object* object, std::string_view key) {
    const auto* value = member(object, key);
    if (!value) return std::nullopt;
    if (const auto* i = value->if_int64()) return *i;
    if (const auto* u = value->if_uint64()) {
        constexpr auto max = std::numeric_limits<std::int64_t>::max();
        return *u > static_cast<std::uint64_t>(max) ? max : static_cast<std::int64_t>(*u);
    }
    if (const auto* d = value->if_double()) {
        if (!std::isfinite(*d) || std::fabs(*d) >= 9.2e18) return std::nullopt;
        return static_cast<std::int64_t>(std::llround(*d));
    }
    return std::nullopt;
}

/// A floating-point number, also from an integer such as 22.
std::optional<double> number(const json::value* value) {
    if (!value) return std::nullopt;
    if (const auto* i = value->if_int64()) return static_cast<double>(*i);
    if (const auto* u = value->if_uint64()) return static_cast<double>(*u);
    if (const auto* d = value->if_double()) return *d;
    return std::nullopt;
}

std::optional<double> number(const json::object* object, std::string_view key) {
    return number(member(object, key));
}

/// A number, or a string with an SI prefix and `unit` ("4.00 G", "390kH/W").
std::optional<double> quantity(const json::object* object, std::string_view key,
                               std::string_view unit) {
    const auto* value = member(object, key);
    if (value && value->is_string()) return parse_quantity(value->get_string(), unit);
    return number(value);
}

std::optional<bool> flag(const json::object* object, std::string_view key) {
    const auto* value = member(object, key);
    if (!value) return std::nullopt;
    if (const auto* b = value->if_bool()) return *b;
    if (const auto* i = value->if_int64()) return *i != 0;
    return std::nullopt;
}

/// A string without trailing NULs or spaces (0.19 ends `uuid` with a NUL).
std::optional<std::string> text(const json::object* object, std::string_view key) {
    const auto* value = member(object, key);
    if (!value || !value->is_string()) return std::nullopt;
    std::string_view s = value->get_string();
    while (!s.empty() && (s.back() == '\0' || s.back() == ' ')) {
        s.remove_suffix(1);
    }
    return std::string(s);
}

hashrates read_hashrates(const json::object* object) {
    return {integer(object, "hashrate"), integer(object, "hashrate_instant"),
            integer(object, "hashrate_minute"), integer(object, "hashrate_hour"),
            integer(object, "hashrate_day")};
}

share_counts read_shares(const json::object* object) {
    return {integer(object, "accepted_count"), integer(object, "rejected_count"),
            integer(object, "invalid_count"), integer(object, "solved_count")};
}

pool_status read_pool(const json::object* pool) {
    pool_status p;
    p.url = text(pool, "url");
    p.user = text(pool, "user");
    p.worker = text(pool, "worker");
    p.ping_ms = integer(pool, "ping");
    p.retries = integer(pool, "retries");
    p.last_submit_time = integer(pool, "last_submit_ts");
    // A string with an SI suffix since about 0.19 ("4.00 G", "4.00 Gh"), a
    // plain number before.
    p.difficulty = quantity(pool, "difficulty", "h");
    return p;
}

algorithm_status read_algorithm(const json::object* object) {
    algorithm_status a;
    a.algorithm = text(object, "algorithm");
    a.coin = text(object, "coin");
    a.rates = read_hashrates(object);
    a.shares = read_shares(object);
    a.sharerate = number(object, "sharerate");
    a.sharerate_average = number(object, "sharerate_average");
    a.pool = read_pool(object_at(object, "active_pool"));
    return a;
}

void read_gpu_shares(const json::object* shares, gpu_status& gpu) {
    gpu.shares = read_shares(shares);
    gpu.last_share_difficulty = number(shares, "last_share_diff");
    gpu.max_share_difficulty = number(shares, "max_share_diff");
}

/// T-Rex's number for the GPU at `index` of a `gpus[]` array.
std::int64_t gpu_number(const json::object* gpu, std::size_t index) {
    if (auto id = integer(gpu, "gpu_id")) return *id;
    if (auto id = integer(gpu, "device_id")) return *id;
    return static_cast<std::int64_t>(index);
}

gpu_status read_gpu(const json::object* object, std::size_t index) {
    gpu_status g;
    g.gpu_id = gpu_number(object, index);
    g.device_id = integer(object, "device_id");
    g.gpu_user_id = integer(object, "gpu_user_id");
    g.pci_bus = integer(object, "pci_bus");
    g.name = text(object, "name").value_or("");
    g.vendor = text(object, "vendor").value_or("");
    g.uuid = text(object, "uuid").value_or("");
    g.rates = read_hashrates(object);
    read_gpu_shares(object_at(object, "shares"), g);
    g.temperature_celsius = integer(object, "temperature");
    g.memory_temperature_celsius = integer(object, "memory_temperature");
    g.fan_speed_percent = integer(object, "fan_speed");
    g.power_watts = integer(object, "power");
    g.power_average_watts = integer(object, "power_avr");
    g.core_clock_mhz = integer(object, "cclock");
    g.memory_clock_mhz = integer(object, "mclock");
    g.efficiency_h_per_w = quantity(object, "efficiency", "H/W");
    g.intensity = number(object, "intensity");
    g.lhr_tune = number(object, "lhr_tune");
    g.lhr_lock_count = integer(object, "lhr_lock_count");
    g.mtweak = integer(object, "mtweak");
    g.low_load = flag(object, "low_load");
    g.paused = flag(object, "paused");
    g.potentially_unstable = flag(object, "potentially_unstable");
    return g;
}

/// Before 0.20, per-GPU shares came in `stat_by_gpu`, in `gpus[]` order.
void read_stat_by_gpu(const json::array* stats, std::vector<gpu_status>& gpus) {
    if (!stats) return;
    for (std::size_t i = 0; i < stats->size() && i < gpus.size(); ++i) {
        auto& shares = gpus[i].shares;
        if (shares.accepted || shares.rejected || shares.invalid || shares.solved) continue;
        shares = read_shares((*stats)[i].if_object());
    }
}

/// Dual mining: `dual_stat.gpus[]` holds each GPU's second algorithm.
void read_dual_gpus(const json::array* dual_gpus, std::vector<gpu_status>& gpus) {
    if (!dual_gpus) return;
    for (std::size_t i = 0; i < dual_gpus->size(); ++i) {
        const auto* object = (*dual_gpus)[i].if_object();
        if (!object) continue;
        const std::int64_t id = gpu_number(object, i);
        for (auto& gpu : gpus) {
            if (gpu.gpu_id != id) continue;
            gpu.dual =
                gpu_dual_status{read_hashrates(object), read_shares(object_at(object, "shares"))};
            break;
        }
    }
}

body_error problem(body_error::kind kind, std::string message) {
    return body_error{kind, std::move(message), {}};
}

/// The JSON object of `body`, or why there is none.
std::variant<json::object, body_error> parse_object(std::string_view body) {
    using kind = body_error::kind;
    if (trim(body).empty()) return problem(kind::not_json, "the answer is empty");
    boost::system::error_code ec;
    json::parse_options options;
    options.allow_invalid_utf8 = true;  // names are cleaned when written
    json::value value = json::parse(body, ec, {}, options);
    if (ec == json::error::incomplete)
        return problem(kind::truncated, "the answer is JSON cut short");
    if (ec) return problem(kind::not_json, "the answer is not JSON (" + ec.message() + ")");
    if (!value.is_object()) return problem(kind::not_json, "the answer is JSON but not an object");
    return std::move(value.get_object());
}

/// A `"success": 0` answer, with the miner's reason when it gives one.
std::optional<body_error> refusal(const json::object& object) {
    const auto success = integer(&object, "success");
    const auto success_flag = flag(&object, "success");
    if (success.value_or(1) != 0 && success_flag.value_or(true)) return std::nullopt;
    std::string reason = "success 0";
    for (const char* key : {"error", "message", "msg"}) {
        if (auto text_reason = text(&object, key); text_reason && !text_reason->empty()) {
            reason = *text_reason;
            break;
        }
    }
    return body_error{body_error::kind::refused, "the miner refused the request (" + reason + ")",
                      reason};
}

}  // namespace

std::variant<summary, body_error> decode_summary(std::string_view body) {
    auto parsed = parse_object(body);
    if (auto* error = std::get_if<body_error>(&parsed)) return std::move(*error);
    const json::object& root = std::get<json::object>(parsed);
    if (auto refused = refusal(root)) return std::move(*refused);

    summary s;
    s.main = read_algorithm(&root);
    if (const auto* gpus = array_at(&root, "gpus")) {
        for (std::size_t i = 0; i < gpus->size(); ++i) {
            if (const auto* gpu = (*gpus)[i].if_object()) s.gpus.push_back(read_gpu(gpu, i));
        }
    }
    read_stat_by_gpu(array_at(&root, "stat_by_gpu"), s.gpus);
    if (const auto* dual = object_at(&root, "dual_stat")) {
        s.dual = read_algorithm(dual);
        read_dual_gpus(array_at(dual, "gpus"), s.gpus);
    }
    // Left out: the top-level "difficulty" before 0.20 (its unit is not
    // documented), "time"/"ts", "updates", "build_date" and "revision".
    s.uptime_seconds = integer(&root, "uptime");
    s.gpu_total = integer(&root, "gpu_total");
    s.watchdog_restarts = integer(object_at(&root, "watchdog_stat"), "total_restarts");
    s.paused = flag(&root, "paused");
    s.version = text(&root, "version");
    s.api_version = text(&root, "api");
    s.driver_version = text(&root, "driver");
    s.cuda_version = text(&root, "cuda");
    s.os = text(&root, "os");
    return s;
}

std::variant<login_session, body_error> decode_login(std::string_view body) {
    auto parsed = parse_object(body);
    if (auto* error = std::get_if<body_error>(&parsed)) return std::move(*error);
    const json::object& root = std::get<json::object>(parsed);
    if (auto refused = refusal(root)) return std::move(*refused);
    auto sid = text(&root, "sid");
    if (!sid || sid->empty()) {
        return body_error{body_error::kind::refused, "the miner sent no session id (sid)",
                          "no session id in its answer"};
    }
    return login_session{std::move(*sid)};
}

std::optional<double> parse_quantity(std::string_view text, std::string_view unit) {
    text = trim(text);
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || !std::isfinite(value)) return std::nullopt;
    const std::string_view digits = text.substr(0, static_cast<std::size_t>(stop - text.data()));
    std::string_view rest = trim(text.substr(digits.size()));

    if (rest.empty() || equal_nocase(rest, unit)) return value;
    const int exponent = prefix_exponent(rest.front());
    rest.remove_prefix(1);
    if (exponent == 0 || !(rest.empty() || equal_nocase(rest, unit))) return std::nullopt;

    // Scaled in decimal, so that "763.40 M" is exactly 763400000.
    if (digits.find_first_of("eE") != std::string_view::npos) {
        return value * std::pow(10.0, exponent);
    }
    const std::string scaled = std::string(digits) + "e" + std::to_string(exponent);
    std::from_chars(scaled.data(), scaled.data() + scaled.size(), value);
    return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

}  // namespace lfdm::trex
