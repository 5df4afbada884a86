#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "collectors/plot_check/output_parser.hpp"
#include "collectors/plot_check/plot_check_metrics.hpp"
#include "collectors/plot_check/plot_check_report.hpp"
#include "core/line_protocol.hpp"
#include "support/golden.hpp"
#include "support/line_parser.hpp"
#include "support/recorded_lines.hpp"
#include "support/scratch_dir.hpp"

namespace lfdm::plot_check {
namespace {

namespace fs = std::filesystem;

const fs::path golden_root = fs::path(LFDM_SOURCE_DIR) / "tests/collectors/plot_check/golden";

const std::vector<std::string> cases = {
    "real-832-plots",     "chia-1.0",      "chia-1.2.9-windows",     "chia-2.1-threads",
    "chia-2.4.4-version", "chia-2.5.7-v2", "console-spliced-prover", "crash-traceback"};

output_parser parse(const std::string& input, std::size_t chunk) {
    output_parser parser;
    for (std::size_t at = 0; at < input.size(); at += chunk) {
        parser.feed(std::string_view(input).substr(at, chunk));
    }
    parser.finish();
    return parser;
}

std::string lines_of(const output_parser& parser) {
    std::string lines;
    for (const auto& m : log_metrics(parser, slow_thresholds{}))
        line_protocol::write(lines, m, 1'700'000'000'000'000'000);
    return lines;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plot_check_golden)

BOOST_DATA_TEST_CASE(each_version_gives_the_expected_lines_and_report,
                     boost::unit_test::data::make(cases), name) {
    const fs::path dir = golden_root / name;
    const std::string input = test::read_file(dir / "input.log");
    BOOST_REQUIRE(!input.empty());
    const output_parser parser = parse(input, input.size());
    const std::string lines = lines_of(parser);
    test::record_lines(lines);
    BOOST_CHECK_NO_THROW(test::parse_lines(lines));
    BOOST_TEST(parser.totals().unknown_lines == 0);
    test::check_golden(dir / "expected.out", lines);
    test::check_golden(dir / "expected.report", write_report(parser, slow_thresholds{}, name));
}

BOOST_DATA_TEST_CASE(any_chunking_gives_the_same_result, boost::unit_test::data::make(cases),
                     name) {
    const std::string input = test::read_file(golden_root / name / "input.log");
    const std::string whole = lines_of(parse(input, input.size()));
    for (const std::size_t chunk : {1u, 2u, 7u, 61u, 4096u}) {
        BOOST_TEST_INFO("chunks of " << chunk << " bytes");
        BOOST_TEST(lines_of(parse(input, chunk)) == whole);
    }
}

BOOST_AUTO_TEST_CASE(field_types_agree_across_every_case) {
    std::map<std::string, std::string> types;
    for (const auto& name : cases) {
        const std::string input = test::read_file(golden_root / name / "input.log");
        for (const auto& line : test::parse_lines(lines_of(parse(input, input.size())))) {
            for (const auto& [key, value] : line.point.fields) {
                const std::string id = line.point.measurement + "." + key;
                const auto [it, added] = types.emplace(id, std::string(type_name(value)));
                BOOST_TEST_INFO(name << ": " << id);
                BOOST_TEST(it->second == type_name(value));
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::plot_check
