#include "collectors/trex/trex_summary.hpp"

#include <filesystem>

#include <boost/test/unit_test.hpp>

#include "support/scratch_dir.hpp"

namespace lfdm::trex {
namespace {

const std::filesystem::path golden_root =
    std::filesystem::path(LFDM_SOURCE_DIR) / "tests/collectors/trex/golden";

summary decoded(std::string_view body) {
    auto result = decode_summary(body);
    const auto* error = std::get_if<body_error>(&result);
    BOOST_REQUIRE_MESSAGE(!error, "cannot decode: " << (error ? error->message : ""));
    return std::get<summary>(std::move(result));
}

summary fixture(const std::string& name) {
    return decoded(test::read_file(golden_root / name / "summary.json"));
}

body_error error_of(std::string_view body) {
    auto result = decode_summary(body);
    BOOST_REQUIRE(std::holds_alternative<body_error>(result));
    return std::get<body_error>(result);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(trex_summary)

BOOST_AUTO_TEST_CASE(quantities_with_si_prefixes_and_units) {
    BOOST_TEST(*parse_quantity("4.00 G", "h") == 4e9);
    BOOST_TEST(*parse_quantity("4.00 Gh", "h") == 4e9);
    BOOST_TEST(*parse_quantity("763.40 M", "h") == 763400000.0);
    BOOST_TEST(*parse_quantity("8.73 G", "h") == 8730000000.0);
    BOOST_TEST(*parse_quantity("16", "h") == 16.0);
    BOOST_TEST(*parse_quantity("56.92665116", "h") == 56.92665116);
    BOOST_TEST(*parse_quantity(" 1.5 k ", "h") == 1500.0);
    BOOST_TEST(*parse_quantity("2 T", "h") == 2e12);
    BOOST_TEST(*parse_quantity("390kH/W", "H/W") == 390000.0);
    BOOST_TEST(*parse_quantity("0.00H/W", "H/W") == 0.0);
    BOOST_TEST(*parse_quantity("1.25MH/W", "H/W") == 1250000.0);
    BOOST_TEST(*parse_quantity("1.25 h/w", "H/W") == 1.25);
}

BOOST_AUTO_TEST_CASE(text_that_is_no_quantity_gives_nothing) {
    BOOST_TEST(!parse_quantity("", "h"));
    BOOST_TEST(!parse_quantity("G", "h"));
    BOOST_TEST(!parse_quantity("4.00 X", "h"));
    BOOST_TEST(!parse_quantity("4.00 Gx", "h"));
    BOOST_TEST(!parse_quantity("390kH/s", "H/W"));
    BOOST_TEST(!parse_quantity("nan", "h"));
    BOOST_TEST(!parse_quantity("inf G", "h"));
    BOOST_TEST(!parse_quantity("1.25 mH/W", "H/W"));  // no milli: never seen, too close to M
}

BOOST_AUTO_TEST_CASE(integers_written_as_floats_stay_integers) {
    const summary s = decoded(R"({"uptime": 76.0, "gpus": [{"temperature": 65.0,
        "fan_speed": 54.4, "power": 1e2}]})");
    BOOST_TEST(*s.uptime_seconds == 76);
    BOOST_TEST(*s.gpus[0].temperature_celsius == 65);
    BOOST_TEST(*s.gpus[0].fan_speed_percent == 54);
    BOOST_TEST(*s.gpus[0].power_watts == 100);
}

BOOST_AUTO_TEST_CASE(floats_written_as_integers_stay_floats) {
    const summary s = fixture("summary4");  // pretty-printed: 22.0 became 22
    BOOST_TEST(*s.main.sharerate == 1.0);
    BOOST_TEST(*s.gpus[0].intensity == 22.0);
    BOOST_TEST(*s.gpus[0].lhr_tune == 0.0);
}

BOOST_AUTO_TEST_CASE(missing_keys_are_missing_values_never_zeros) {
    const summary s = decoded(R"({"gpus": [{}]})");
    BOOST_TEST(!s.main.rates.current);
    BOOST_TEST(!s.main.shares.accepted);
    BOOST_TEST(!s.main.pool.difficulty);
    BOOST_TEST(!s.uptime_seconds);
    BOOST_TEST(!s.version);
    BOOST_TEST(!s.dual);
    BOOST_REQUIRE(s.gpus.size() == 1u);
    BOOST_TEST(s.gpus[0].gpu_id == 0);
    BOOST_TEST(!s.gpus[0].temperature_celsius);
    BOOST_TEST(!s.gpus[0].fan_speed_percent);
    BOOST_TEST(!s.gpus[0].efficiency_h_per_w);
    BOOST_TEST(!s.gpus[0].shares.accepted);
}

BOOST_AUTO_TEST_CASE(values_of_the_wrong_type_are_left_out) {
    const summary s =
        decoded(R"({"uptime": "76", "version": 19, "paused": "no", "gpus": {"a": 1}})");
    BOOST_TEST(!s.uptime_seconds);
    BOOST_TEST(!s.version);
    BOOST_TEST(!s.paused);
    BOOST_TEST(s.gpus.empty());
}

BOOST_AUTO_TEST_CASE(old_stat_by_gpu_gives_the_per_gpu_shares) {
    const summary s = fixture("summary1");
    BOOST_REQUIRE(s.gpus.size() == 1u);
    BOOST_TEST(*s.gpus[0].shares.accepted == 2);
    BOOST_TEST(*s.gpus[0].shares.rejected == 0);
    BOOST_TEST(*s.gpus[0].shares.solved == 0);
    BOOST_TEST(!s.gpus[0].shares.invalid);
    BOOST_TEST(!s.main.shares.invalid);
}

BOOST_AUTO_TEST_CASE(uuid_loses_its_trailing_nul) {
    BOOST_TEST(fixture("summary1").gpus[0].uuid == "01c83c6fc061af847cd84920f291a37a");
}

BOOST_AUTO_TEST_CASE(pool_difficulty_is_read_from_every_version) {
    BOOST_TEST(*fixture("summary1").main.pool.difficulty == 4e9);      // "4.00 Gh"
    BOOST_TEST(*fixture("summary2").main.pool.difficulty == 4e9);      // "4.00 G"
    BOOST_TEST(*fixture("summary7").main.pool.difficulty == 763.4e6);  // "763.40 M"
    BOOST_TEST(*fixture("summary9").main.pool.difficulty == 16.0);     // 16
    BOOST_TEST(*fixture("summary10").main.pool.difficulty == 46.0);    // 46
    BOOST_TEST(*decoded(R"({"active_pool": {"difficulty": 56.92665116}})").main.pool.difficulty ==
               56.92665116);
}

BOOST_AUTO_TEST_CASE(efficiency_strings_become_hashes_per_watt) {
    BOOST_TEST(*fixture("summary1").gpus[0].efficiency_h_per_w == 390000.0);
    BOOST_TEST(*fixture("summary3").gpus[0].efficiency_h_per_w == 0.0);
    BOOST_TEST(!fixture("summary5").gpus[0].efficiency_h_per_w);
}

BOOST_AUTO_TEST_CASE(laptop_gpu_has_no_fan) {
    const summary s = fixture("summary3");
    BOOST_TEST(s.gpus[0].name == "RTX 3060 Laptop GPU");
    BOOST_TEST(!s.gpus[0].fan_speed_percent);
    BOOST_TEST(*s.gpus[0].power_watts == 89);
}

BOOST_AUTO_TEST_CASE(gpus_without_name_or_sensors) {
    const summary s = fixture("summary10");
    BOOST_REQUIRE(s.gpus.size() == 2u);
    BOOST_TEST(s.gpus[1].gpu_id == 1);
    BOOST_TEST(s.gpus[1].name.empty());
    BOOST_TEST(s.gpus[1].vendor.empty());
    BOOST_TEST(!s.gpus[1].temperature_celsius);
    BOOST_TEST(!s.gpus[1].power_watts);
    BOOST_TEST(*s.gpus[1].rates.day == 0);
}

BOOST_AUTO_TEST_CASE(memory_temperature_only_where_the_card_has_it) {
    const summary s = fixture("summary5");
    BOOST_REQUIRE(s.gpus.size() == 5u);
    BOOST_TEST(*s.gpus[0].memory_temperature_celsius == 90);
    BOOST_TEST(!s.gpus[1].memory_temperature_celsius);
    BOOST_TEST(*s.gpus[4].memory_temperature_celsius == 88);
}

BOOST_AUTO_TEST_CASE(dual_mining_is_read_per_rig_and_per_gpu) {
    const summary s = fixture("dual-mining");
    BOOST_REQUIRE(s.dual);
    BOOST_TEST(*s.dual->algorithm == "ton");
    BOOST_TEST(*s.dual->rates.current == 1214000000);
    BOOST_TEST(*s.dual->shares.accepted == 1204);
    BOOST_TEST(*s.dual->pool.difficulty == 1.2e9);
    BOOST_TEST(*s.dual->pool.url == "stratum+tcp://ton.example-pool.org:4002");
    BOOST_REQUIRE(s.gpus[1].dual);
    BOOST_TEST(*s.gpus[1].dual->rates.current == 604000000);
    BOOST_TEST(*s.gpus[1].dual->shares.invalid == 1);
}

BOOST_AUTO_TEST_CASE(dual_gpus_are_matched_by_id_not_position) {
    const summary s = decoded(R"({"gpus": [{"gpu_id": 3}, {"gpu_id": 5}],
        "dual_stat": {"gpus": [{"gpu_id": 5, "hashrate": 7}]}})");
    BOOST_TEST(!s.gpus[0].dual);
    BOOST_REQUIRE(s.gpus[1].dual);
    BOOST_TEST(*s.gpus[1].dual->rates.current == 7);
}

BOOST_AUTO_TEST_CASE(success_zero_is_a_refusal_with_the_miners_reason) {
    const auto plain = error_of(R"({"success": 0})");
    BOOST_TEST((plain.problem == body_error::kind::refused));
    BOOST_TEST(plain.message == "the miner refused the request (success 0)");
    BOOST_TEST(error_of(R"({"success": 0, "error": "Unauthorized"})").message ==
               "the miner refused the request (Unauthorized)");
    BOOST_TEST(error_of(R"({"success": false})").message ==
               "the miner refused the request (success 0)");
}

BOOST_AUTO_TEST_CASE(cut_json_is_truncated) {
    const std::string body = test::read_file(golden_root / "summary8" / "summary.json");
    const auto e = error_of(std::string_view(body).substr(0, body.size() / 2));
    BOOST_TEST((e.problem == body_error::kind::truncated));
    BOOST_TEST(e.message == "the answer is JSON cut short");
}

BOOST_AUTO_TEST_CASE(other_text_is_not_json) {
    BOOST_TEST(error_of("<html><body>T-Rex</body></html>")
                   .message.starts_with("the answer is not JSON ("));
    BOOST_TEST(error_of("").message == "the answer is empty");
    BOOST_TEST(error_of("[1, 2]").message == "the answer is JSON but not an object");
    BOOST_TEST((error_of("{} trailing").problem == body_error::kind::not_json));
}

BOOST_AUTO_TEST_CASE(login_gives_the_session_id) {
    auto ok = decode_login(R"({"sid":"o2uYxUBcD7BmdlWv","success":1})");
    BOOST_REQUIRE(std::holds_alternative<login_session>(ok));
    BOOST_TEST(std::get<login_session>(ok).sid == "o2uYxUBcD7BmdlWv");
    auto refused = decode_login(R"({"success":0})");
    BOOST_REQUIRE(std::holds_alternative<body_error>(refused));
    BOOST_TEST(std::get<body_error>(refused).message ==
               "the miner refused the request (success 0)");
    auto no_sid = decode_login(R"({"success":1})");
    BOOST_REQUIRE(std::holds_alternative<body_error>(no_sid));
    BOOST_TEST(std::get<body_error>(no_sid).message == "the miner sent no session id (sid)");
}

BOOST_AUTO_TEST_CASE(every_fixture_decodes) {
    for (const auto& entry : std::filesystem::directory_iterator(golden_root)) {
        if (!std::filesystem::exists(entry.path() / "summary.json")) continue;
        BOOST_TEST_INFO("fixture " << entry.path().filename());
        const summary s = fixture(entry.path().filename().string());
        BOOST_TEST(!s.gpus.empty());
        BOOST_TEST(s.main.rates.current.has_value());
        BOOST_TEST(s.version.has_value());
    }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::trex
