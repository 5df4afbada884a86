#include "telegraf/http_inputs.hpp"

#include <stdexcept>

namespace lfdm::confgen {
namespace {

constexpr auto integer = field_kind::integer;
constexpr auto floating = field_kind::floating;
constexpr auto boolean = field_kind::boolean;

/// The json_v2 sub-table reading `source`'s fields.
void add_json_v2(conf_table& input, const http_source& source) {
    auto& parser = input.child("json_v2", true);
    parser.set("measurement_name", source.measurement);
    for (const auto& field : source.fields) {
        auto& f = parser.child("field", true);
        f.set("path", field.path).set("rename", field.name);
        f.set("type", std::string(field.type == integer    ? "int"
                                  : field.type == floating ? "float"
                                  : field.type == boolean  ? "bool"
                                                           : "string"));
        if (field.optional) f.set("optional", true);
    }
}

std::string join_path(const chia_rpc_paths& paths, std::initializer_list<std::string_view> parts) {
    std::string path = paths.chia_root;
    for (const auto part : parts) {
        if (!path.empty() && path.back() != paths.separator) path += paths.separator;
        path += part;
    }
    return path;
}

}  // namespace

std::string_view chia_service_name(chia_service service) {
    switch (service) {
        case chia_service::harvester:
            return "harvester";
        case chia_service::farmer:
            return "farmer";
        case chia_service::full_node:
            return "full_node";
        case chia_service::wallet:
            return "wallet";
    }
    throw std::logic_error("unknown chia service");
}

const std::vector<chia_service>& all_chia_services() {
    static const std::vector<chia_service> services = {
        chia_service::harvester, chia_service::farmer, chia_service::full_node,
        chia_service::wallet};
    return services;
}

int chia_rpc_port(chia_service service) {
    switch (service) {
        case chia_service::harvester:
            return 8560;
        case chia_service::farmer:
            return 8559;
        case chia_service::full_node:
            return 8555;
        case chia_service::wallet:
            return 9256;
    }
    throw std::logic_error("unknown chia service");
}

std::vector<std::string> chia_rpc_endpoints(chia_service service) {
    switch (service) {
        case chia_service::harvester:
            return {"get_plots"};
        case chia_service::farmer:
            return {"get_signage_points"};
        case chia_service::full_node:
            return {"get_blockchain_state"};
        case chia_service::wallet:
            return {"get_sync_status", "get_farmed_amount"};
    }
    throw std::logic_error("unknown chia service");
}

http_source chia_rpc_source(chia_service service) {
    http_source source;
    source.measurement = "chia_" + std::string(chia_service_name(service));
    source.tags = {};
    switch (service) {
        case chia_service::harvester:
            source.doc = "chia harvester: the plots it farms, and those it cannot open.";
            source.fields = {{"plots.#", "plots", integer},
                             {"failed_to_open_filenames.#", "failed_to_open", integer},
                             {"not_found_filenames.#", "not_found", integer},
                             {"success", "success", boolean}};
            break;
        case chia_service::farmer:
            source.doc =
                "chia farmer: the signage points it received lately (none: it is cut off).";
            source.fields = {{"signage_points.#", "signage_points", integer},
                             {"success", "success", boolean}};
            break;
        case chia_service::full_node:
            source.doc = "chia full node: height, sync state, netspace and difficulty.";
            source.fields = {
                {"blockchain_state.peak.height", "height", integer, true},
                {"blockchain_state.sync.synced", "synced", boolean},
                {"blockchain_state.sync.sync_mode", "sync_mode", boolean},
                {"blockchain_state.sync.sync_tip_height", "sync_tip_height", integer, true},
                // The netspace is above 2^63 bytes: read as a float.
                {"blockchain_state.space", "netspace_bytes", floating, true},
                {"blockchain_state.difficulty", "difficulty", integer, true},
                {"blockchain_state.mempool_size", "mempool_size", integer, true},
                {"success", "success", boolean}};
            break;
        case chia_service::wallet:
            // Two endpoints share the table: each answer has only its own fields.
            source.doc = "chia wallet: sync state and farming rewards (amounts in mojos).";
            source.fields = {{"synced", "synced", boolean, true},
                             {"syncing", "syncing", boolean, true},
                             {"farmed_amount", "farmed_amount_mojos", integer, true},
                             {"farmer_reward_amount", "farmer_reward_mojos", integer, true},
                             {"pool_reward_amount", "pool_reward_mojos", integer, true},
                             {"fee_amount", "fee_mojos", integer, true},
                             {"last_height_farmed", "last_height_farmed", integer, true},
                             {"blocks_won", "blocks_won", integer, true},
                             {"success", "success", boolean}};
            break;
    }
    return source;
}

http_source two_miners_source() {
    http_source source;
    source.measurement = "pool_2miners";
    source.doc =
        "2Miners pool account: hashrate, shares and balance as the pool sees them.\n"
        "Amounts are in the coin's smallest unit as 2Miners gives them (Gwei for\n"
        "Ethereum-like coins), hashrates in H/s, times in Unix seconds.";
    source.tags = {"pool", "coin"};
    source.fields = {
        {"currentHashrate", "current_hashrate", integer},
        {"hashrate", "average_hashrate", integer},
        // 2Miners sends the luck as a string ("0.11").
        {"currentLuck", "current_luck", floating, true},
        {"workersOnline", "workers_online", integer},
        {"workersOffline", "workers_offline", integer},
        {"workersTotal", "workers_total", integer},
        {"sharesValid", "shares_valid", integer, true},
        {"sharesInvalid", "shares_invalid", integer, true},
        {"sharesStale", "shares_stale", integer, true},
        {"roundShares", "round_shares", integer, true},
        {"stats.balance", "balance", integer},
        {"stats.immature", "immature", integer, true},
        // An account that never got paid has no "paid" nor "blocksFound".
        {"stats.paid", "paid", integer, true},
        {"stats.blocksFound", "blocks_found", integer, true},
        {"stats.lastShare", "last_share", integer, true},
        {"24hreward", "reward_24h", integer, true},
        {"24hnumreward", "rewards_24h", integer, true},
        {"paymentsTotal", "payments_total", integer, true},
    };
    return source;
}

std::vector<http_source> all_http_sources() {
    std::vector<http_source> sources;
    for (const auto service : all_chia_services())
        sources.push_back(chia_rpc_source(service));
    sources.push_back(two_miners_source());
    return sources;
}

conf_table chia_rpc_table(chia_service service, const chia_rpc_paths& paths) {
    const auto source = chia_rpc_source(service);
    const std::string name(chia_service_name(service));
    conf_table input;
    input.path = "inputs.http";
    input.array = true;
    input.doc = source.doc;

    std::vector<std::string> urls;
    for (const auto& endpoint : chia_rpc_endpoints(service)) {
        urls.push_back("https://localhost:" + std::to_string(chia_rpc_port(service)) + "/" +
                       endpoint);
    }
    input.set("urls", urls)
        .set("method", std::string("POST"), "Every chia RPC is a POST with a JSON body.")
        .set("body", std::string("{}"))
        .set("timeout", std::string("20s"),
             service == chia_service::harvester
                 ? "A harvester with many plots takes a while to list them."
                 : "")
        .set("interval", std::string("1m"));
    input
        .set("tls_ca", join_path(paths, {"config", "ssl", "ca", "private_ca.crt"}),
             "Mutual TLS with the service's own certificates, as chia's tools do.\n"
             "chia signs them with the farm's private CA for the name \"chia.net\".")
        .set("tls_cert", join_path(paths, {"config", "ssl", name, "private_" + name + ".crt"}))
        .set("tls_key", join_path(paths, {"config", "ssl", name, "private_" + name + ".key"}))
        .set("tls_server_name", std::string("chia.net"))
        .set("data_format", std::string("json_v2"));
    add_json_v2(input, source);
    return input;
}

conf_table two_miners_table(const std::string& coin, const std::string& wallet) {
    const auto source = two_miners_source();
    conf_table input;
    input.path = "inputs.http";
    input.array = true;
    input.doc = source.doc;
    input
        .set("urls",
             std::vector<std::string>{"https://" + coin + ".2miners.com/api/accounts/" + wallet})
        .set("method", std::string("GET"))
        .set("timeout", std::string("20s"))
        .set("interval", std::string("2m"),
             "2Miners refreshes account statistics every few minutes; asking more\n"
             "often only loads the pool.")
        .set("data_format", std::string("json_v2"));
    input.child("tags", false).set("pool", std::string("2miners")).set("coin", coin);
    add_json_v2(input, source);
    return input;
}

}  // namespace lfdm::confgen
