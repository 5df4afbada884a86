#pragma once

#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "telegraf/metric_catalog.hpp"

/// The Elasticsearch index template of the LFDM indices. Telegraf's own
/// template stores every number as a non-indexed 32-bit float and lets the
/// first document decide each field's type (a float field whose first value
/// is 0 becomes a long). This one declares every documented field: integers
/// as long, floats as double, booleans as boolean, strings and tags as
/// keyword.
namespace lfdm::confgen {

/// What the template applies to.
struct es_template_options {
    /// Indices it applies to, such as "data-*" or "data-zoe-*".
    std::string index_pattern = "data-*";
    /// Composable templates that match the same index must differ in
    /// priority: a farmer's own template outranks the cluster-wide one.
    int priority = 200;
};

/// The body of `PUT _index_template/<name>` (Elasticsearch 7.8 and later)
/// for `measurements`.
boost::json::value es_index_template(const std::vector<measurement_doc>& measurements,
                                     const es_template_options& options = {});

/// `value` as indented JSON text, ending with a newline.
std::string pretty_json(const boost::json::value& value);

}  // namespace lfdm::confgen
