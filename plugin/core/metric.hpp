#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace lfdm {

/// A field value: the four types of the line protocol this project writes.
/// Unsigned counters are stored as signed 64-bit integers, which InfluxDB 1.x
/// and Elasticsearch read without extra settings.
using field_value = std::variant<std::int64_t, double, bool, std::string>;

/// The name of the field type at `index` in `field_value`, as used in
/// messages: "integer", "float", "boolean" or "string".
std::string_view field_type_name(std::size_t index);

/// The name of a field value's type.
inline std::string_view type_name(const field_value& value) {
    return field_type_name(value.index());
}

/// One point: a measurement with its tags and fields. The timestamp is the
/// gather's, set when the batch is written.
struct metric {
    std::string measurement;
    std::vector<std::pair<std::string, std::string>> tags;
    std::vector<std::pair<std::string, field_value>> fields;

    metric() = default;
    explicit metric(std::string name) : measurement(std::move(name)) {}

    /// Adds a tag. An empty value is allowed here and left out when written.
    metric& tag(std::string key, std::string value);

    /// Adds an integer field; unsigned values above the signed range saturate.
    template <std::integral T>
    requires(!std::same_as<T, bool>) metric& field(std::string key, T value) {
        return add(std::move(key), field_value{to_int64(value)});
    }
    metric& field(std::string key, double value) { return add(std::move(key), value); }
    metric& field(std::string key, bool value) { return add(std::move(key), value); }
    metric& field(std::string key, std::string value) {
        return add(std::move(key), field_value{std::move(value)});
    }
    metric& field(std::string key, std::string_view value) {
        return field(std::move(key), std::string(value));
    }
    metric& field(std::string key, const char* value) {
        return field(std::move(key), std::string(value));
    }

    /// The value of a tag, or nullptr when absent.
    const std::string* find_tag(std::string_view key) const;
    /// The value of a field, or nullptr when absent.
    const field_value* find_field(std::string_view key) const;

  private:
    metric& add(std::string key, field_value value);

    template <class T>
    static std::int64_t to_int64(T value) {
        if constexpr (std::unsigned_integral<T>) {
            constexpr auto max = static_cast<std::uint64_t>(INT64_MAX);
            return static_cast<std::uint64_t>(value) > max ? INT64_MAX
                                                           : static_cast<std::int64_t>(value);
        } else {
            return static_cast<std::int64_t>(value);
        }
    }
};

/// What one collector produced in one gather: its metrics, and the problems
/// it met on the way (each a one-line message such as
/// "cannot read /proc/diskstats: No such file or directory").
struct metric_batch {
    std::vector<metric> metrics;
    std::vector<std::string> errors;

    /// Appends a metric with the given measurement name and returns it.
    metric& add(std::string measurement) { return metrics.emplace_back(std::move(measurement)); }
    /// Records a problem; the collector still reports what it did collect.
    void error(std::string message) { errors.push_back(std::move(message)); }
};

}  // namespace lfdm
