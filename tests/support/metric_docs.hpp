#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/line_parser.hpp"

/// The metrics a collector's README documents, read from its "## Metrics"
/// section, which every collector writes the same way:
///
///     - lfdm_disk
///       - tags:
///         - path: the mount point
///       - fields:
///         - total_bytes (integer, bytes): size of the filesystem
///
/// Tests compare it with what the collector emits, so that the documentation,
/// the dashboards and the Elasticsearch template cannot drift from the code.
namespace lfdm::test {

/// One documented measurement.
struct documented_measurement {
    std::set<std::string> tags;
    /// Field name → type: "integer", "float", "boolean" or "string".
    std::map<std::string, std::string> fields;
    /// Field name → unit, as documented ("bytes", "milliseconds"), when one
    /// is given.
    std::map<std::string, std::string> units;
};

/// Measurement name → what is documented of it.
using metric_docs = std::map<std::string, documented_measurement>;

/// Reads the Metrics section of a README. Throws std::runtime_error naming
/// the line when an entry does not have the expected shape.
metric_docs read_metric_docs(const std::filesystem::path& readme);

/// plugin/core/README.md (the agent's own measurement) and every README of
/// plugin/collectors/, merged.
metric_docs read_all_metric_docs();

/// What `lines` use that `docs` does not document, or documents with another
/// type: one message each ("lfdm_disk: field x is not documented").
std::vector<std::string> undocumented(const metric_docs& docs,
                                      const std::vector<parsed_line>& lines);

/// The fields `docs` documents for the measurements in `measurements` that
/// never appear in `lines`: one message each.
std::vector<std::string> never_emitted(const metric_docs& docs,
                                       const std::set<std::string>& measurements,
                                       const std::vector<parsed_line>& lines);

}  // namespace lfdm::test
