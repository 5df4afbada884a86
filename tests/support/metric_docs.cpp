#include "support/metric_docs.hpp"

#include <fstream>
#include <regex>
#include <stdexcept>

namespace lfdm::test {
namespace {

std::string type_of(const field_value& value) {
    return std::string(type_name(value));
}

}  // namespace

metric_docs read_metric_docs(const std::filesystem::path& readme) {
    std::ifstream in(readme);
    if (!in) throw std::runtime_error("cannot read " + readme.string());

    static const std::regex measurement(R"(^- (lfdm_[a-z0-9_]+)\s*$)");
    static const std::regex tag(R"(^    - ([a-z0-9_]+): .+$)");
    static const std::regex field(
        R"(^    - ([a-z0-9_]+) \((integer|float|boolean|string)(, [^)]+)?\): .+$)");

    metric_docs docs;
    documented_measurement* current = nullptr;
    enum { none, tags, fields } list = none;
    bool in_section = false;
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (line.starts_with("## ")) {
            in_section = line == "## Metrics";
            continue;
        }
        if (!in_section || line.empty() || (!line.starts_with("-") && !line.starts_with("  "))) {
            continue;
        }
        std::smatch match;
        const auto where = readme.string() + ":" + std::to_string(number) + ": ";
        if (std::regex_match(line, match, measurement)) {
            current = &docs[match[1]];
            list = none;
        } else if (line == "  - tags:") {
            list = tags;
        } else if (line == "  - fields:") {
            list = fields;
        } else if (current && list == tags && std::regex_match(line, match, tag)) {
            current->tags.insert(match[1]);
        } else if (current && list == fields && std::regex_match(line, match, field)) {
            current->fields[match[1]] = match[2];
            if (match[3].matched) current->units[match[1]] = match[3].str().substr(2);
        } else if (line.starts_with("    - ") || line.starts_with("- ")) {
            throw std::runtime_error(where + "not a documented measurement, tag or field: " + line);
        }
    }
    return docs;
}

metric_docs read_all_metric_docs() {
    const auto plugin = std::filesystem::path(LFDM_SOURCE_DIR) / "plugin";
    std::vector<std::filesystem::path> readmes = {plugin / "core/README.md"};
    for (const auto& dir : std::filesystem::directory_iterator(plugin / "collectors")) {
        if (std::filesystem::exists(dir.path() / "README.md")) {
            readmes.push_back(dir.path() / "README.md");
        }
    }
    metric_docs all;
    for (const auto& readme : readmes) {
        for (auto& [name, doc] : read_metric_docs(readme))
            all[name] = std::move(doc);
    }
    return all;
}

std::vector<std::string> undocumented(const metric_docs& docs,
                                      const std::vector<parsed_line>& lines) {
    std::set<std::string> problems;
    for (const auto& line : lines) {
        const auto& m = line.point;
        const auto found = docs.find(m.measurement);
        if (found == docs.end()) {
            problems.insert(m.measurement + " is not documented");
            continue;
        }
        for (const auto& [key, value] : m.tags) {
            if (!found->second.tags.contains(key)) {
                problems.insert(m.measurement + ": tag " + key + " is not documented");
            }
        }
        for (const auto& [key, value] : m.fields) {
            const auto field = found->second.fields.find(key);
            if (field == found->second.fields.end()) {
                problems.insert(m.measurement + ": field " + key + " is not documented");
            } else if (field->second != type_of(value)) {
                problems.insert(m.measurement + ": field " + key + " is " + type_of(value) +
                                ", documented as " + field->second);
            }
        }
    }
    return {problems.begin(), problems.end()};
}

std::vector<std::string> never_emitted(const metric_docs& docs,
                                       const std::set<std::string>& measurements,
                                       const std::vector<parsed_line>& lines) {
    std::vector<std::string> problems;
    for (const auto& name : measurements) {
        const auto found = docs.find(name);
        if (found == docs.end()) {
            problems.push_back(name + " is not documented");
            continue;
        }
        for (const auto& [field, type] : found->second.fields) {
            const bool seen = std::any_of(lines.begin(), lines.end(), [&](const auto& l) {
                return l.point.measurement == name && l.point.find_field(field);
            });
            if (!seen) problems.push_back(name + ": field " + field + " is never emitted");
        }
    }
    return problems;
}

}  // namespace lfdm::test
