#pragma once

#include <set>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "support/metric_docs.hpp"

/// Checks a Grafana dashboard of examples/grafana (its JSON model) against
/// the metrics it may read, so that a renamed field or tag fails a test
/// rather than leaving a panel empty. The rules:
///
/// - Import: `__inputs` asks for an Elasticsearch data source as
///   DS_ELASTICSEARCH; schemaVersion is one of Grafana 10 and 11 (38 to 41);
///   the variables `datasource` (Elasticsearch), `pseudo` and `host` (terms
///   of tag.pseudo and tag.host) exist; panel ids are unique; every panel but
///   a row, and every query, reads the data source `${datasource}`.
/// - Scope: every query filters on `measurement_name` and on
///   `tag.pseudo:$pseudo AND tag.host:$host`, so that nobody sees another
///   farm's data by mistake.
/// - Names: every `<measurement>.<field>` anywhere in a query (lucene,
///   metrics, filters) or in what a panel does with the results
///   (transformations, overrides, reductions) is a documented field of a
///   measurement that panel reads; every `tag.<name>` is a tag of it or a
///   tag every metric may carry. The columns that transformations, overrides
///   and reductions name are columns the queries give: documents' fields for
///   raw data, and for tables of group-bys the tags and the metrics as
///   Grafana names them ("Max", or "Max <field>" when several metrics of a
///   query have that type).
/// - Units: a panel or a column shows a field in the Grafana unit of its
///   documented unit (bytes, percent, seconds, milliseconds, °C...).
/// - Telegraf's default Elasticsearch mapping, where numbers are not indexed
///   and strings are text: group-bys (terms) and unique counts only on tags,
///   numeric aggregations only on integer and float fields, lucene only on
///   tags, string and boolean fields.
namespace lfdm::test {

/// What the dashboards may read.
struct dashboard_catalogue {
    /// Measurement name → its tags and typed fields.
    metric_docs measurements;
    /// Tags any metric may carry: Telegraf's host, lfdm-confgen's global tags.
    std::set<std::string> common_tags;
};

/// Everything wrong with `dashboard`, one message each, naming the panel and
/// the query.
std::vector<std::string> check_dashboard(const boost::json::value& dashboard,
                                         const dashboard_catalogue& catalogue);

/// The `<measurement>.<field>` names `dashboard` reads, for coverage reports.
std::set<std::string> fields_read(const boost::json::value& dashboard,
                                  const dashboard_catalogue& catalogue);

}  // namespace lfdm::test
