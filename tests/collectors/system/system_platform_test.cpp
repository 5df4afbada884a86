// The system collector on the platform the tests run on: Linux's /proc, or
// Win32 in the Windows build (under Wine here).
#include <thread>

#include <boost/test/unit_test.hpp>

#include "collectors/system/system_collector.hpp"
#include "core/line_protocol.hpp"
#include "support/line_parser.hpp"
#include "support/recorded_lines.hpp"

namespace lfdm::system {
namespace {

const metric* find(const metric_batch& batch, std::string_view measurement) {
    for (const auto& m : batch.metrics) {
        if (m.measurement == measurement) return &m;
    }
    return nullptr;
}

std::int64_t integer(const metric& m, std::string_view field) {
    const auto* value = m.find_field(field);
    BOOST_REQUIRE_MESSAGE(value, m.measurement << " has no " << field);
    return std::get<std::int64_t>(*value);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(system_platform)

BOOST_AUTO_TEST_CASE(reports_cpu_memory_drives_network_and_uptime_of_this_machine) {
    system_config config;
    system_collector collector(config, make_platform_source(config));
    collector.prepare();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    metric_batch batch;
    collector.collect(batch);

    BOOST_TEST(batch.errors.empty());
    for (const auto& e : batch.errors)
        BOOST_TEST_MESSAGE(e);

    const auto* memory = find(batch, "lfdm_mem");
    BOOST_REQUIRE(memory);
    BOOST_TEST(integer(*memory, "total_bytes") > 0);
    BOOST_TEST(integer(*memory, "available_bytes") <= integer(*memory, "total_bytes"));

    const auto* disk = find(batch, "lfdm_disk");
    BOOST_REQUIRE(disk);
    BOOST_TEST(integer(*disk, "total_bytes") > 0);
    BOOST_TEST(!disk->find_tag("path")->empty());

    const auto* cpu = find(batch, "lfdm_cpu");
    BOOST_REQUIRE(cpu);
    const double idle = std::get<double>(*cpu->find_field("usage_idle"));
    BOOST_TEST((idle >= 0.0 && idle <= 100.0));

    const auto* machine = find(batch, "lfdm_system");
    BOOST_REQUIRE(machine);
    BOOST_TEST(integer(*machine, "uptime_seconds") > 0);
    BOOST_TEST(integer(*machine, "n_cpus") > 0);

    std::string lines;
    for (const auto& m : batch.metrics)
        line_protocol::write(lines, m, 1'700'000'000'000'000'000);
    test::record_lines(lines);
    BOOST_CHECK_NO_THROW(test::parse_lines(lines));
}

BOOST_AUTO_TEST_CASE(a_drive_selection_keeps_only_the_drives_asked_for) {
    system_config all;
    const auto everything = make_platform_source(all)->sample(sample_scope::everything);
    BOOST_REQUIRE(!everything.filesystems.empty());
    const std::string first = everything.filesystems.front().mount_point;

    system_config one;
    one.mount_points = {first};
    const auto selected = make_platform_source(one)->sample(sample_scope::everything);
    BOOST_REQUIRE(selected.filesystems.size() == 1u);
    BOOST_TEST(selected.filesystems.front().mount_point == first);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::system
