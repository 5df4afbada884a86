#include "collectors/system/proc_parsers.hpp"

#include <boost/test/unit_test.hpp>

namespace lfdm::system::proc {

BOOST_AUTO_TEST_SUITE(proc_parsers)

BOOST_AUTO_TEST_CASE(stat_reads_cpus_and_kernel_counters) {
    const auto stat = parse_stat(
        "cpu  10 1 5 100 2 0 3 0 0 0\ncpu0 10 1 5 100 2 0 3 0 0 0\nintr 5 0 0\n"
        "ctxt 42\nprocesses 7\nprocs_running 2\nprocs_blocked 1\n");
    BOOST_REQUIRE(stat.cpus.size() == 2u);
    BOOST_TEST(stat.cpus[0].name == "cpu-total");
    BOOST_TEST(stat.cpus[1].name == "cpu0");
    BOOST_TEST(stat.cpus[0].total() == 121u);
    BOOST_TEST(*stat.kernel.context_switches == 42u);
    BOOST_TEST(*stat.kernel.processes_created == 7u);
    BOOST_TEST(*stat.kernel.processes_blocked == 1u);
}

BOOST_AUTO_TEST_CASE(stat_without_a_total_line_has_no_cpus) {
    BOOST_TEST(parse_stat("cpu0 1 2 3 4\n").cpus.empty());
    BOOST_TEST(parse_stat("cpu 1 2\n").cpus.empty());
    BOOST_TEST(parse_stat("").cpus.empty());
}

BOOST_AUTO_TEST_CASE(meminfo_estimates_available_on_old_kernels) {
    const auto memory = parse_meminfo(
        "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\n"
        "Cached: 200 kB\n");
    BOOST_REQUIRE(memory.has_value());
    BOOST_TEST(memory->total == 1'024'000u);
    BOOST_TEST(memory->available == 350u * 1024);
    BOOST_TEST(!parse_meminfo("MemFree: 100 kB\n").has_value());
}

BOOST_AUTO_TEST_CASE(mountinfo_decodes_escapes_and_skips_optional_fields) {
    const auto mounts = parse_mountinfo(
        "43 28 8:49 / /media/f/My\\040Plots\\134x rw shared:43 master:2 - fuseblk /dev/sdd1 rw\n"
        "44 28 0:45 / /mnt/pool rw - fuse.mergerfs plots rw\n"
        "garbage line\n"
        "45 28 8:1 / /no/separator rw shared:1 ext4 /dev/sda1 rw\n");
    BOOST_REQUIRE(mounts.size() == 2u);
    BOOST_TEST(mounts[0].mount_point == "/media/f/My Plots\\x");
    BOOST_TEST(mounts[0].fstype == "fuseblk");
    BOOST_TEST(mounts[0].source == "/dev/sdd1");
    BOOST_TEST(mounts[0].major == 8u);
    BOOST_TEST(mounts[0].minor == 49u);
    BOOST_TEST(mounts[1].fstype == "fuse.mergerfs");
}

BOOST_AUTO_TEST_CASE(diskstats_reads_bytes_from_512_byte_sectors) {
    const auto disks = parse_diskstats(
        "   8       0 sda 10 0 80 5 20 0 160 7 1 30 40 0 0 0 0\n   8 1 short 1 2\n");
    BOOST_REQUIRE(disks.size() == 1u);
    BOOST_TEST(disks[0].device == "sda");
    BOOST_TEST(disks[0].read_bytes == 80u * 512);
    BOOST_TEST(disks[0].write_bytes == 160u * 512);
    BOOST_TEST(disks[0].io_in_progress == 1u);
    BOOST_TEST(disks[0].io_time_ms == 30u);
}

BOOST_AUTO_TEST_CASE(net_dev_reads_names_touching_their_numbers) {
    const auto interfaces = parse_net_dev(
        "Inter-|   Receive\n face |bytes\n"
        "  eth0:2147483647 3000000 1 2 0 0 0 0 1073741824 2000000 3 4 0 0 0 0\n");
    BOOST_REQUIRE(interfaces.size() == 1u);
    BOOST_TEST(interfaces[0].name == "eth0");
    BOOST_TEST(interfaces[0].bytes_recv == 2147483647u);
    BOOST_TEST(interfaces[0].drop_in == 2u);
    BOOST_TEST(interfaces[0].bytes_sent == 1073741824u);
    BOOST_TEST(interfaces[0].drop_out == 4u);
}

BOOST_AUTO_TEST_CASE(loadavg_and_uptime) {
    const auto load = parse_loadavg("0.20 0.18 0.12 1/80 11206\n");
    BOOST_REQUIRE(load.has_value());
    BOOST_TEST(load->load.load15 == 0.12);
    BOOST_TEST(*load->processes_running == 1u);
    BOOST_TEST(*load->processes == 80u);
    BOOST_TEST(!parse_loadavg("x").has_value());
    BOOST_TEST(*parse_uptime("964.79 1847.59\n") == 964.79);
    BOOST_TEST(!parse_uptime("").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::system::proc
