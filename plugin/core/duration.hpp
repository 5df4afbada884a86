#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace lfdm {

using duration = std::chrono::milliseconds;

/// Reads a duration written as in Telegraf's configuration: one or more
/// number-unit pairs, units `ms`, `s`, `m`, `h` and `d` ("500ms", "10s",
/// "1h30m", "24h", "7d"). Returns nothing for any other text, a negative or
/// fractional value, or one beyond about 290 million years.
std::optional<duration> parse_duration(std::string_view text);

/// The text `parse_duration` reads back to `d`, in hours and smaller units
/// ("1h30m", "24h", "0s").
std::string format_duration(duration d);

}  // namespace lfdm
