#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

/// Reads the Metrics section of a collector's README.md, in either layout
/// Telegraf's plugin READMEs use:
///
///     - measurement
///       - tags:
///         - tag (what it is)
///       - fields:
///         - field (integer, unit)
///
/// or a table whose header names the columns measurement, field and type.
namespace lfdm::test {

/// The tags and typed fields of one documented measurement.
struct documented_measurement {
    std::vector<std::string> tags;
    /// Field name -> type as written ("integer", "float", "boolean", "string").
    std::map<std::string, std::string> fields;
};

/// Measurement name -> what the Metrics section documents of it. An absent
/// section gives an empty map.
std::map<std::string, documented_measurement> read_readme_metrics(std::string_view readme);

}  // namespace lfdm::test
