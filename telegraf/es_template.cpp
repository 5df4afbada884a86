#include "telegraf/es_template.hpp"

#include <set>

#include <boost/json/serialize.hpp>

namespace lfdm::confgen {
namespace {

namespace json = boost::json;

/// Strings longer than this are kept in the document but not indexed.
constexpr int longest_keyword = 1024;

json::object keyword() {
    return {{"type", "keyword"}, {"ignore_above", longest_keyword}};
}

json::object mapping_of(field_kind kind) {
    switch (kind) {
        case field_kind::integer:
            return {{"type", "long"}};
        case field_kind::floating:
            return {{"type", "double"}};
        case field_kind::boolean:
            return {{"type", "boolean"}};
        case field_kind::string:
            return keyword();
    }
    return {{"type", "double"}};
}

json::object dynamic_template(const char* name, json::object match) {
    return {{name, std::move(match)}};
}

json::array dynamic_templates() {
    // Fields nobody documented yet (Telegraf's own inputs): a number becomes
    // a double even when its first value is a whole number, so that a later
    // fraction is not cut off; a string becomes a keyword for Grafana's terms.
    json::array templates;
    templates.push_back(dynamic_template(
        "tags",
        {{"path_match", "tag.*"}, {"match_mapping_type", "string"}, {"mapping", keyword()}}));
    templates.push_back(dynamic_template(
        "whole_numbers", {{"match_mapping_type", "long"}, {"mapping", {{"type", "double"}}}}));
    templates.push_back(dynamic_template(
        "fractions", {{"match_mapping_type", "double"}, {"mapping", {{"type", "double"}}}}));
    templates.push_back(
        dynamic_template("strings", {{"match_mapping_type", "string"}, {"mapping", keyword()}}));
    return templates;
}

json::object properties(const std::vector<measurement_doc>& measurements) {
    std::set<std::string> tag_names(common_tags().begin(), common_tags().end());
    for (const auto& m : measurements)
        tag_names.insert(m.tags.begin(), m.tags.end());
    json::object tags;
    for (const auto& name : tag_names)
        tags[name] = keyword();

    json::object all;
    all["@timestamp"] = {{"type", "date"}};
    all["measurement_name"] = keyword();
    all["tag"] = {{"properties", std::move(tags)}};
    for (const auto& m : measurements) {
        json::object fields;
        for (const auto& field : m.fields)
            fields[field.name] = mapping_of(field.type);
        all[m.name] = {{"properties", std::move(fields)}};
    }
    return all;
}

void write(std::string& out, const json::value& value, int depth) {
    const std::string indent(2 * static_cast<std::size_t>(depth + 1), ' ');
    const std::string close(2 * static_cast<std::size_t>(depth), ' ');
    if (const auto* object = value.if_object(); object && !object->empty()) {
        out += "{\n";
        bool first = true;
        for (const auto& [key, item] : *object) {
            out += (first ? "" : ",\n") + indent + json::serialize(json::string(key)) + ": ";
            write(out, item, depth + 1);
            first = false;
        }
        out += "\n" + close + "}";
    } else if (const auto* array = value.if_array(); array && !array->empty()) {
        out += "[\n";
        for (std::size_t i = 0; i < array->size(); ++i) {
            out += (i > 0 ? ",\n" : "") + indent;
            write(out, (*array)[i], depth + 1);
        }
        out += "\n" + close + "]";
    } else {
        out += json::serialize(value);
    }
}

}  // namespace

json::value es_index_template(const std::vector<measurement_doc>& measurements,
                              const es_template_options& options) {
    json::object settings = {{"index",
                              {{"refresh_interval", "10s"},
                               {"codec", "best_compression"},
                               {"mapping", {{"total_fields", {{"limit", 5000}}}}}}}};
    json::object mappings = {{"dynamic_templates", dynamic_templates()},
                             {"properties", properties(measurements)}};
    return json::object{
        {"index_patterns", json::array{json::string(options.index_pattern)}},
        {"priority", options.priority},
        {"_meta",
         {{"description",
           "LFDM metrics written by Telegraf's elasticsearch output: integers long, floats "
           "double, tags keyword"},
          {"generated_by", "lfdm-confgen"}}},
        {"template", {{"settings", std::move(settings)}, {"mappings", std::move(mappings)}}},
    };
}

std::string pretty_json(const json::value& value) {
    std::string out;
    write(out, value, 0);
    return out + "\n";
}

}  // namespace lfdm::confgen
