#include "telegraf/metric_catalog.hpp"

#include "telegraf/http_inputs.hpp"

namespace lfdm::confgen {
namespace {

constexpr auto integer = field_kind::integer;
constexpr auto floating = field_kind::floating;
constexpr auto string = field_kind::string;

/// Fields of one type.
std::vector<field_doc> of(field_kind type, std::initializer_list<const char*> names) {
    std::vector<field_doc> fields;
    for (const char* name : names)
        fields.push_back({name, type});
    return fields;
}

std::vector<field_doc> join(std::initializer_list<std::vector<field_doc>> parts) {
    std::vector<field_doc> fields;
    for (const auto& part : parts)
        fields.insert(fields.end(), part.begin(), part.end());
    return fields;
}

std::vector<measurement_doc> make_plugin_measurements() {
    return {
        {"lfdm_cpu",
         {"cpu"},
         of(floating, {"usage_user", "usage_nice", "usage_system", "usage_idle", "usage_iowait",
                       "usage_irq", "usage_softirq", "usage_steal", "usage_active"})},
        {"lfdm_mem",
         {},
         join({of(integer, {"total_bytes", "available_bytes", "used_bytes", "free_bytes",
                            "buffered_bytes", "cached_bytes"}),
               of(floating, {"used_percent", "available_percent"})})},
        {"lfdm_swap",
         {},
         join({of(integer, {"total_bytes", "free_bytes", "used_bytes"}),
               of(floating, {"used_percent"})})},
        {"lfdm_disk",
         {"path", "device", "fstype"},
         join({of(integer, {"total_bytes", "free_bytes", "used_bytes", "inodes_total",
                            "inodes_free", "inodes_used"}),
               of(floating, {"used_percent", "free_percent"})})},
        {"lfdm_diskio",
         {"device"},
         join({of(integer, {"reads", "writes", "read_bytes", "write_bytes", "read_time_ms",
                            "write_time_ms", "io_time_ms", "io_in_progress"}),
               of(floating, {"reads_per_second", "writes_per_second", "read_bytes_per_second",
                             "write_bytes_per_second", "busy_percent"})})},
        {"lfdm_net",
         {"interface"},
         join({of(integer, {"bytes_recv", "bytes_sent", "packets_recv", "packets_sent", "err_in",
                            "err_out", "drop_in", "drop_out"}),
               of(floating, {"bytes_recv_per_second", "bytes_sent_per_second",
                             "packets_recv_per_second", "packets_sent_per_second"})})},
        {"lfdm_system",
         {},
         join({of(integer, {"n_cpus", "processes", "processes_running", "uptime_seconds",
                            "processes_blocked", "processes_created", "context_switches"}),
               of(floating, {"load1", "load5", "load15", "context_switches_per_second"})})},
        {"lfdm_collector",
         {"collector"},
         join({of(string, {"status", "last_error"}),
               of(integer, {"healthy", "metrics", "errors", "errors_total", "timeouts_total"}),
               of(floating, {"gather_time_ms"})})},
    };
}

}  // namespace

std::string_view field_kind_name(field_kind kind) {
    switch (kind) {
        case field_kind::integer:
            return "integer";
        case field_kind::floating:
            return "float";
        case field_kind::boolean:
            return "boolean";
        case field_kind::string:
            return "string";
    }
    return "float";
}

const std::vector<measurement_doc>& plugin_measurements() {
    static const auto measurements = make_plugin_measurements();
    return measurements;
}

std::vector<measurement_doc> documented_measurements() {
    auto measurements = plugin_measurements();
    for (const auto& source : all_http_sources()) {
        measurement_doc m{source.measurement, source.tags, {}};
        for (const auto& field : source.fields)
            m.fields.push_back({field.name, field.type});
        measurements.push_back(std::move(m));
    }
    return measurements;
}

const std::vector<std::string>& common_tags() {
    static const std::vector<std::string> tags = {"pseudo", "rig", "launcher_id", "host", "url"};
    return tags;
}

}  // namespace lfdm::confgen
