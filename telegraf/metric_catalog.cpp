#include "telegraf/metric_catalog.hpp"

#include "telegraf/http_inputs.hpp"

namespace lfdm::confgen {

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
