// The json_v2 paths lfdm-confgen writes for 2Miners, resolved on real
// answers: every path is there (or marked optional) with the type declared.
#include "telegraf/http_inputs.hpp"

#include <filesystem>
#include <optional>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include "support/scratch_dir.hpp"

namespace lfdm::confgen {
namespace {

namespace json = boost::json;

/// The value at a GJSON path made of keys and a final "#" (a count), as
/// lfdm-confgen writes them; nothing when absent or null.
std::optional<json::value> resolve(const json::value& root, std::string_view path) {
    const json::value* at = &root;
    while (!path.empty()) {
        const std::size_t dot = path.find('.');
        const std::string_view part = path.substr(0, dot);
        if (part == "#") {
            if (!at->is_array()) return std::nullopt;
            return json::value(static_cast<std::int64_t>(at->as_array().size()));
        }
        const auto* object = at->if_object();
        if (!object || !object->contains(part)) return std::nullopt;
        at = &object->at(part);
        if (dot == std::string_view::npos) break;
        path.remove_prefix(dot + 1);
    }
    if (at->is_null()) return std::nullopt;
    return *at;
}

/// Whether json_v2 turns `value` into a field of `type`.
bool converts(const json::value& value, field_kind type) {
    switch (type) {
        case field_kind::integer:
            return value.is_int64() || value.is_uint64();
        case field_kind::floating:
            return value.is_number() || (value.is_string() && !value.as_string().empty() &&
                                         std::strtod(value.as_string().c_str(), nullptr) >= 0);
        case field_kind::boolean:
            return value.is_bool();
        case field_kind::string:
            return value.is_string();
    }
    return false;
}

json::value fixture(const char* name) {
    return json::parse(
        test::read_file(std::filesystem::path(LFDM_SOURCE_DIR) / "tests/telegraf/data" / name));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_inputs)

BOOST_AUTO_TEST_CASE(two_miners_fields_read_an_active_account) {
    const auto answer = fixture("2miners_account.json");
    for (const auto& field : two_miners_source().fields) {
        BOOST_TEST_INFO(field.path);
        const auto value = resolve(answer, field.path);
        BOOST_REQUIRE(value.has_value());
        BOOST_TEST(converts(*value, field.type));
    }
}

BOOST_AUTO_TEST_CASE(two_miners_fields_missing_from_an_idle_account_are_optional) {
    const auto answer = fixture("2miners_account_idle.json");
    std::size_t missing = 0;
    for (const auto& field : two_miners_source().fields) {
        BOOST_TEST_INFO(field.path);
        const auto value = resolve(answer, field.path);
        if (!value) {
            ++missing;
            BOOST_TEST(field.optional);
        } else {
            BOOST_TEST(converts(*value, field.type));
        }
    }
    BOOST_TEST(missing == 2u);  // stats.paid, stats.blocksFound
}

BOOST_AUTO_TEST_CASE(chia_rpc_asks_each_service_on_its_port_with_its_certificate) {
    const auto table = chia_rpc_table(chia_service::wallet, {"C:\\chia", '\\'});
    const auto& urls = std::get<std::vector<std::string>>(*table.find("urls"));
    BOOST_TEST(urls == (std::vector<std::string>{"https://localhost:9256/get_sync_status",
                                                 "https://localhost:9256/get_farmed_amount"}));
    BOOST_TEST(std::get<std::string>(*table.find("tls_cert")) ==
               "C:\\chia\\config\\ssl\\wallet\\private_wallet.crt");
    BOOST_TEST(std::get<std::string>(*table.find("tls_server_name")) == "chia.net");
    BOOST_TEST(chia_rpc_port(chia_service::harvester) == 8560);
    BOOST_TEST(chia_rpc_port(chia_service::full_node) == 8555);
    BOOST_TEST(chia_rpc_port(chia_service::farmer) == 8559);
}

BOOST_AUTO_TEST_CASE(measurement_and_field_names_are_snake_case) {
    for (const auto& source : all_http_sources()) {
        for (const auto& field : source.fields) {
            BOOST_TEST_INFO(source.measurement << "." << field.name);
            BOOST_TEST(std::all_of(field.name.begin(), field.name.end(), [](char c) {
                return std::islower(static_cast<unsigned char>(c)) ||
                       std::isdigit(static_cast<unsigned char>(c)) || c == '_';
            }));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::confgen
