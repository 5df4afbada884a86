#include "core/duration.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <limits>

namespace lfdm {
namespace {

struct unit {
    std::string_view suffix;
    std::int64_t milliseconds;
};

// Longest suffix first where one is a prefix of another ("ms" before "m").
constexpr std::array<unit, 5> units{{
    {"d", 86'400'000},
    {"h", 3'600'000},
    {"ms", 1},
    {"m", 60'000},
    {"s", 1'000},
}};

}  // namespace

std::optional<duration> parse_duration(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::int64_t total = 0;
    while (!text.empty()) {
        std::int64_t count = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
        if (ec != std::errc{} || count < 0) return std::nullopt;
        text.remove_prefix(static_cast<std::size_t>(end - text.data()));

        const unit* found = nullptr;
        for (const auto& u : units) {
            if (text.starts_with(u.suffix)) {
                found = &u;
                break;
            }
        }
        if (!found) return std::nullopt;
        text.remove_prefix(found->suffix.size());

        constexpr auto max = std::numeric_limits<std::int64_t>::max();
        if (count > (max - total) / found->milliseconds) return std::nullopt;
        total += count * found->milliseconds;
    }
    return duration{total};
}

std::string format_duration(duration d) {
    std::int64_t rest = d.count();
    if (rest == 0) return "0s";
    std::string text;
    // Hours rather than days: "48h" reads better than "2d" in a schedule.
    for (const auto& u : {units[1], units[3], units[4], units[2]}) {
        if (rest >= u.milliseconds) {
            text += std::to_string(rest / u.milliseconds);
            text += u.suffix;
            rest %= u.milliseconds;
        }
    }
    return text;
}

}  // namespace lfdm
