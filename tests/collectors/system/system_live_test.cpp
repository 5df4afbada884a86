#include <thread>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "collectors/system/system_collector.hpp"
#include "core/line_protocol.hpp"
#include "support/line_parser.hpp"
#include "support/recorded_lines.hpp"

namespace lfdm::system {
namespace {

const metric* find(const metric_batch& batch, std::string_view measurement,
                   std::string_view tag = {}, std::string_view value = {}) {
    for (const auto& m : batch.metrics) {
        if (m.measurement != measurement) continue;
        if (tag.empty() || (m.find_tag(tag) && *m.find_tag(tag) == value)) return &m;
    }
    return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(system_live)

BOOST_AUTO_TEST_CASE(reports_this_machine) {
    system_config config;
    system_collector collector(config, make_platform_source(config));
    metric_batch first, second;
    collector.collect(first);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    collector.collect(second);

    BOOST_TEST(second.errors.empty());
    const auto* memory = find(second, "lfdm_mem");
    BOOST_REQUIRE(memory);
    const auto pages = static_cast<std::int64_t>(sysconf(_SC_PHYS_PAGES));
    const auto page_size = static_cast<std::int64_t>(sysconf(_SC_PAGE_SIZE));
    BOOST_TEST(std::get<std::int64_t>(*memory->find_field("total_bytes")) == pages * page_size);

    BOOST_TEST(find(second, "lfdm_disk", "path", "/"));
    const auto* cpu = find(second, "lfdm_cpu", "cpu", "cpu-total");
    BOOST_REQUIRE(cpu);
    const double idle = std::get<double>(*cpu->find_field("usage_idle"));
    BOOST_TEST((idle >= 0.0 && idle <= 100.0));
    BOOST_TEST(!find(first, "lfdm_cpu"));

    std::string lines;
    for (const auto& m : second.metrics)
        line_protocol::write(lines, m, 1'700'000'000'000'000'000);
    test::record_lines(lines);
    BOOST_CHECK_NO_THROW(test::parse_lines(lines));
}

BOOST_AUTO_TEST_CASE(missing_proc_is_reported_not_fatal) {
    system_config config;
    config.proc_path = "/nonexistent/proc";
    system_collector collector(config, make_platform_source(config));
    metric_batch batch;
    collector.collect(batch);
    BOOST_TEST(!batch.errors.empty());
    BOOST_TEST(batch.errors.front() ==
               "cannot read /nonexistent/proc/stat: No such file or directory");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::system
