#include "core/field_types.hpp"

#include <algorithm>

namespace lfdm {

void field_types::enforce(metric& m, std::vector<std::string>& notes) {
    std::string key = m.measurement;
    key.push_back('\0');
    const std::size_t prefix = key.size();

    auto wrong = std::remove_if(m.fields.begin(), m.fields.end(), [&](auto& field) {
        key.resize(prefix);
        key.append(field.first);
        auto [it, inserted] = types_.try_emplace(key, seen{field.second.index()});
        if (inserted || it->second.type == field.second.index()) return false;

        const auto* integer = std::get_if<std::int64_t>(&field.second);
        if (integer && it->second.type == field_value(0.0).index()) {
            field.second = static_cast<double>(*integer);
            return false;
        }
        if (!it->second.reported) {
            it->second.reported = true;
            notes.push_back(m.measurement + ": field \"" + field.first + "\" left out: it was " +
                            std::string(field_type_name(it->second.type)) + " and is now " +
                            std::string(type_name(field.second)));
        }
        return true;
    });
    m.fields.erase(wrong, m.fields.end());
}

}  // namespace lfdm
