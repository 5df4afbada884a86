#pragma once

#include <string>
#include <string_view>
#include <vector>

/// Every measurement that reaches the LFDM indices from the configurations
/// lfdm-confgen writes, with its tags and typed fields: the one list the
/// Elasticsearch index template is built from. The plugin's part is built
/// from the Metrics sections of its READMEs (cmake/metric_docs.cmake), so a
/// collector documents a field once and the template maps it.
namespace lfdm::confgen {

/// A field's type, as written in the line protocol.
enum class field_kind { integer, floating, boolean, string };

/// "integer", "float", "boolean" or "string".
std::string_view field_kind_name(field_kind kind);

/// One field of a measurement.
struct field_doc {
    std::string name;
    field_kind type = field_kind::floating;
};

/// One measurement: its tags and fields.
struct measurement_doc {
    std::string name;
    std::vector<std::string> tags;
    std::vector<field_doc> fields;
};

/// What lfdm-plugin writes (its collectors and lfdm_collector), as its
/// READMEs document it.
const std::vector<measurement_doc>& plugin_measurements();

/// What lfdm-plugin writes and what the inputs.http tables lfdm-confgen
/// writes produce (chia services, 2Miners).
std::vector<measurement_doc> documented_measurements();

/// The tags every metric may carry besides its own: the global tags
/// lfdm-confgen writes and the ones Telegraf adds ("host", "url").
const std::vector<std::string>& common_tags();

}  // namespace lfdm::confgen
