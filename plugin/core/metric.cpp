#include "core/metric.hpp"

namespace lfdm {

std::string_view field_type_name(std::size_t index) {
    switch (index) {
        case 0:
            return "integer";
        case 1:
            return "float";
        case 2:
            return "boolean";
        default:
            return "string";
    }
}

metric& metric::tag(std::string key, std::string value) {
    tags.emplace_back(std::move(key), std::move(value));
    return *this;
}

metric& metric::add(std::string key, field_value value) {
    fields.emplace_back(std::move(key), std::move(value));
    return *this;
}

const std::string* metric::find_tag(std::string_view key) const {
    for (const auto& [k, v] : tags) {
        if (k == key) return &v;
    }
    return nullptr;
}

const field_value* metric::find_field(std::string_view key) const {
    for (const auto& [k, v] : fields) {
        if (k == key) return &v;
    }
    return nullptr;
}

}  // namespace lfdm
