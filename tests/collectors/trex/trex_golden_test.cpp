#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "collectors/trex/trex_metrics.hpp"
#include "core/line_protocol.hpp"
#include "support/golden.hpp"
#include "support/line_parser.hpp"
#include "support/metric_docs.hpp"
#include "support/recorded_lines.hpp"
#include "support/scratch_dir.hpp"

namespace lfdm::trex {
namespace {

namespace fs = std::filesystem;

const fs::path golden_root = fs::path(LFDM_SOURCE_DIR) / "tests/collectors/trex/golden";

const std::vector<std::string> cases = {"summary1", "summary2",  "summary3",   "summary4",
                                        "summary5", "summary6",  "summary7",   "summary8",
                                        "summary9", "summary10", "dual-mining"};

const endpoint_identity rig = {"http://127.0.0.1:4067", {{"rig", "rig-1"}}};

std::string lines_of(const poll_result& result) {
    metric_batch batch;
    append_metrics(rig, result, 0.5, batch);
    std::string lines;
    for (const auto& m : batch.metrics)
        line_protocol::write(lines, m, 1'700'000'010'000'000'000);
    return lines;
}

poll_result success(const std::string& name) {
    auto decoded = decode_summary(test::read_file(golden_root / name / "summary.json"));
    BOOST_REQUIRE(std::holds_alternative<summary>(decoded));
    poll_result result;
    result.data = std::get<summary>(std::move(decoded));
    result.poll_time_ms = 12.5;
    return result;
}

/// One failed poll of each kind, with the kind of message it carries.
std::vector<poll_result> failures() {
    const std::vector<std::pair<poll_status, std::string>> kinds = {
        {poll_status::refused, "cannot connect to http://127.0.0.1:4067: connection refused"},
        {poll_status::unreachable,
         "cannot connect to http://rig-9:4067: cannot find host rig-9: Host not found"},
        {poll_status::connect_timeout,
         "cannot connect to http://127.0.0.1:4067: no connection within 2s"},
        {poll_status::timeout, "cannot read http://127.0.0.1:4067/summary: no answer within 2s"},
        {poll_status::tls_error,
         "cannot connect to https://127.0.0.1:4067: TLS handshake failed: self-signed "
         "certificate"},
        {poll_status::auth_failed,
         "cannot log in to http://127.0.0.1:4067: the miner refused the password (HTTP 401 "
         "Unauthorized)"},
        {poll_status::http_error,
         "cannot read http://127.0.0.1:4067/summary: HTTP 500 Internal Server Error"},
        {poll_status::bad_response,
         "cannot read http://127.0.0.1:4067/summary: the answer is not HTTP (bad version)"},
        {poll_status::not_json,
         "cannot read http://127.0.0.1:4067/summary: the answer is not JSON (syntax error)"},
        {poll_status::truncated,
         "cannot read http://127.0.0.1:4067/summary: the answer is JSON cut short"},
        {poll_status::too_large,
         "cannot read http://127.0.0.1:4067/summary: the answer is larger than 1048576 bytes"},
        {poll_status::network_error,
         "cannot read http://127.0.0.1:4067/summary: Connection reset by peer"},
    };
    std::vector<poll_result> results;
    std::int64_t failed = 0;
    for (const auto& [status, message] : kinds) {
        poll_result r;
        r.status = status;
        r.error = message;
        r.poll_time_ms = 2000.25;
        r.consecutive_failures = ++failed;
        results.push_back(r);
    }
    return results;
}

/// Every line of the golden cases: each version, dual mining, each failure.
std::vector<test::parsed_line> all_golden_lines() {
    std::string text;
    for (const auto& name : cases)
        text += lines_of(success(name));
    for (const auto& failure : failures())
        text += lines_of(failure);
    return test::parse_lines(text);
}

const fs::path readme = fs::path(LFDM_SOURCE_DIR) / "plugin/collectors/trex/README.md";

}  // namespace

BOOST_AUTO_TEST_SUITE(trex_golden)

BOOST_DATA_TEST_CASE(each_summary_gives_the_expected_lines, boost::unit_test::data::make(cases),
                     name) {
    const std::string lines = lines_of(success(name));
    test::record_lines(lines);
    BOOST_CHECK_NO_THROW(test::parse_lines(lines));
    test::check_golden(golden_root / name / "expected.out", lines);
}

BOOST_AUTO_TEST_CASE(each_failure_gives_a_miner_line_with_its_status) {
    std::string lines;
    for (const auto& failure : failures())
        lines += lines_of(failure);
    test::record_lines(lines);
    const auto parsed = test::parse_lines(lines);
    BOOST_TEST(parsed.size() == failures().size());
    for (const auto& line : parsed) {
        BOOST_TEST(line.point.measurement == "lfdm_trex");
        BOOST_TEST(std::get<std::int64_t>(*line.point.find_field("up")) == 0);
        BOOST_TEST(line.point.find_field("error"));
        BOOST_TEST(!line.point.find_field("hashrate"));
    }
    test::check_golden(golden_root / "failures" / "expected.out", lines);
}

BOOST_AUTO_TEST_CASE(field_types_are_the_same_in_every_version_and_failure) {
    std::map<std::string, std::pair<std::size_t, std::string>> seen;
    std::vector<std::pair<std::string, poll_result>> results;
    for (const auto& name : cases)
        results.emplace_back(name, success(name));
    for (const auto& failure : failures())
        results.emplace_back(std::string(status_name(failure.status)), failure);

    for (const auto& [name, result] : results) {
        for (const auto& line : test::parse_lines(lines_of(result))) {
            for (const auto& [key, value] : line.point.fields) {
                const std::string field = line.point.measurement + "." + key;
                const auto [it, first] = seen.try_emplace(field, value.index(), name);
                BOOST_TEST_INFO(field << " in " << name << " and " << it->second.second);
                BOOST_TEST(it->second.first == value.index());
            }
        }
    }
    BOOST_TEST(seen.size() > 60u);
}

BOOST_AUTO_TEST_CASE(empty_gpu_name_and_vendor_leave_their_tags_out) {
    const auto parsed = test::parse_lines(lines_of(success("summary10")));
    BOOST_REQUIRE(parsed.size() == 3u);
    const auto& gpu = parsed[1].point;
    BOOST_TEST(gpu.measurement == "lfdm_trex_gpu");
    BOOST_TEST(*gpu.find_tag("gpu_id") == "0");
    BOOST_TEST(!gpu.find_tag("gpu_name"));
    BOOST_TEST(!gpu.find_tag("gpu_vendor"));
    BOOST_TEST(*gpu.find_tag("rig") == "rig-1");
    BOOST_TEST(*gpu.find_tag("endpoint") == "http://127.0.0.1:4067");
}

BOOST_AUTO_TEST_CASE(rig_power_is_left_out_unless_every_gpu_reports_it) {
    const auto with_power = test::parse_lines(lines_of(success("summary8")));
    BOOST_TEST(std::get<std::int64_t>(*with_power[0].point.find_field("power_watts")) ==
               311 + 258 + 258 + 314 + 258 + 295);
    const auto without = test::parse_lines(lines_of(success("summary5")));
    BOOST_TEST(!without[0].point.find_field("power_watts"));
}

BOOST_AUTO_TEST_CASE(every_emitted_tag_and_field_is_documented_with_its_type) {
    auto docs = test::read_metric_docs(readme);
    for (auto& [name, doc] : docs)
        doc.tags.insert("rig");  // the endpoint's own tags, in these cases
    const auto problems = test::undocumented(docs, all_golden_lines());
    BOOST_TEST(problems.empty(), "undocumented: " << problems.size());
    for (const auto& p : problems)
        BOOST_TEST_MESSAGE(p);
}

BOOST_AUTO_TEST_CASE(every_documented_field_is_emitted) {
    const auto docs = test::read_metric_docs(readme);
    BOOST_TEST(docs.size() == 2u);
    const auto problems =
        test::never_emitted(docs, {"lfdm_trex", "lfdm_trex_gpu"}, all_golden_lines());
    BOOST_TEST(problems.empty(), "never emitted: " << problems.size());
    for (const auto& p : problems)
        BOOST_TEST_MESSAGE(p);
}

BOOST_AUTO_TEST_CASE(readme_example_output_comes_from_the_golden_files) {
    const std::string text = test::read_file(readme);
    const std::size_t start = text.find("```text\n", text.find("## Example Output"));
    BOOST_REQUIRE(start != std::string::npos);
    const std::size_t end = text.find("```", start + 8);
    std::string golden;
    for (const auto& entry : fs::directory_iterator(golden_root)) {
        golden += test::read_file(entry.path() / "expected.out");
    }
    std::istringstream lines(text.substr(start + 8, end - start - 8));
    int count = 0;
    for (std::string line; std::getline(lines, line); ++count) {
        BOOST_TEST_INFO("README line " << line.substr(0, 60));
        BOOST_TEST(golden.find(line + "\n") != std::string::npos);
    }
    BOOST_TEST(count == 4);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::trex
