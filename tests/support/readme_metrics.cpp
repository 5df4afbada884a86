#include "support/readme_metrics.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace lfdm::test {
namespace {

std::string trim(std::string_view text) {
    const std::size_t begin = text.find_first_not_of(" \t`*");
    if (begin == std::string_view::npos) return {};
    const std::size_t end = text.find_last_not_of(" \t`*");
    return std::string(text.substr(begin, end + 1 - begin));
}

std::string lower(std::string text) {
    for (auto& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

/// The cells of a table row "| a | b |".
std::vector<std::string> cells(std::string_view row) {
    std::vector<std::string> out;
    std::string_view rest = row.substr(row.find('|') + 1);
    while (!rest.empty()) {
        const std::size_t bar = rest.find('|');
        if (bar == std::string_view::npos) break;
        out.push_back(trim(rest.substr(0, bar)));
        rest.remove_prefix(bar + 1);
    }
    return out;
}

/// "size_bytes (integer, bytes)" -> {"size_bytes", "integer"}.
std::pair<std::string, std::string> name_and_type(std::string_view item) {
    const std::size_t open = item.find('(');
    std::string name = trim(item.substr(0, open));
    std::string type;
    if (open != std::string_view::npos) {
        const std::string_view inside = item.substr(open + 1);
        type = lower(trim(inside.substr(0, inside.find_first_of(",)"))));
    }
    return {name, type};
}

}  // namespace

std::map<std::string, documented_measurement> read_readme_metrics(std::string_view readme) {
    std::map<std::string, documented_measurement> metrics;
    std::istringstream lines{std::string(readme)};
    bool in_section = false, in_code = false;
    std::string measurement, mode;
    std::vector<std::string> header;
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("```")) in_code = !in_code;
        if (in_code) continue;
        if (line.starts_with("## ")) {
            in_section = trim(line.substr(3)) == "Metrics";
            continue;
        }
        if (!in_section) continue;

        const std::size_t indent = line.find_first_not_of(' ');
        if (indent == std::string::npos) continue;
        const std::string_view text = std::string_view(line).substr(indent);
        if (text.starts_with("|")) {
            const auto row = cells(text);
            if (header.empty()) {
                for (const auto& cell : row)
                    header.push_back(lower(cell));
                continue;
            }
            if (!row.empty() && row[0].find("---") != std::string::npos) continue;
            const auto column = [&](const char* name) -> std::string {
                const auto at = std::find(header.begin(), header.end(), name);
                const auto i = static_cast<std::size_t>(at - header.begin());
                return at == header.end() || i >= row.size() ? "" : row[i];
            };
            if (!column("measurement").empty() && !column("field").empty()) {
                metrics[column("measurement")].fields[column("field")] = lower(column("type"));
            }
            continue;
        }
        header.clear();
        if (!text.starts_with("- ")) continue;
        const std::string item = trim(text.substr(2));
        if (indent == 0) {
            measurement = name_and_type(item).first;
            metrics[measurement];
            mode.clear();
        } else if (item == "tags:" || item == "fields:") {
            mode = item;
        } else if (!measurement.empty()) {
            const auto [name, type] = name_and_type(item);
            if (mode == "tags:") metrics[measurement].tags.push_back(name);
            if (mode == "fields:") metrics[measurement].fields[name] = type;
        }
    }
    return metrics;
}

}  // namespace lfdm::test
