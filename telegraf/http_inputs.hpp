#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "telegraf/conf_document.hpp"
#include "telegraf/metric_catalog.hpp"

/// The JSON APIs lfdm-confgen watches through Telegraf's inputs.http with the
/// json_v2 parser: the chia services' RPC (mutual TLS with the certificates
/// of CHIA_ROOT) and the 2Miners pool account.
namespace lfdm::confgen {

/// One field read from a JSON answer.
struct json_field {
    /// GJSON path in the answer; "list.#" counts the items of a list.
    std::string path;
    /// The field's name in the metric.
    std::string name;
    field_kind type = field_kind::integer;
    /// Whether the answer may lack it (another endpoint of the same input,
    /// an older version, an idle account) without an error.
    bool optional = false;
};

/// One inputs.http table: where it asks, and what it makes of the answer.
struct http_source {
    std::string measurement;
    std::string doc;
    std::vector<std::string> tags;
    std::vector<json_field> fields;
};

/// A chia service with an RPC server.
enum class chia_service { harvester, farmer, full_node, wallet };

/// "harvester", "farmer", "full_node", "wallet".
std::string_view chia_service_name(chia_service service);

/// Every chia service, in the order tables are written.
const std::vector<chia_service>& all_chia_services();

/// The RPC port of a service on its own machine (8560, 8559, 8555, 9256).
int chia_rpc_port(chia_service service);

/// The RPC endpoints asked, each with a POST of "{}".
std::vector<std::string> chia_rpc_endpoints(chia_service service);

/// What the answers of `service` become: measurement chia_<service>.
http_source chia_rpc_source(chia_service service);

/// What a 2Miners account answer becomes: measurement pool_2miners.
http_source two_miners_source();

/// Every source above, for the index template.
std::vector<http_source> all_http_sources();

/// Paths of the machine the configuration is for.
struct chia_rpc_paths {
    /// chia's configuration root, such as /home/zoe/.chia/mainnet.
    std::string chia_root;
    /// The separator of the target platform's paths, '/' or '\\'.
    char separator = '/';
};

/// The `[[inputs.http]]` table asking `service` over mutual TLS.
conf_table chia_rpc_table(chia_service service, const chia_rpc_paths& paths);

/// The `[[inputs.http]]` table asking 2Miners about `wallet` on the pool of
/// `coin` ("etc", "rvn"...).
conf_table two_miners_table(const std::string& coin, const std::string& wallet);

}  // namespace lfdm::confgen
