#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "collectors/system/system_metrics.hpp"
#include "collectors/system/system_source.hpp"
#include "core/line_protocol.hpp"
#include "support/dead_server.hpp"
#include "support/golden.hpp"
#include "support/line_parser.hpp"
#include "support/recorded_lines.hpp"
#include "support/scratch_dir.hpp"

namespace lfdm::system {
namespace {

namespace fs = std::filesystem;

const fs::path golden_root = fs::path(LFDM_SOURCE_DIR) / "tests/collectors/system/golden";

std::string decode_spaces(std::string text) {
    for (std::size_t at; (at = text.find("\\040")) != std::string::npos;)
        text.replace(at, 4, " ");
    return text;
}

/// What statvfs answers in a golden case, from its space.txt.
space_query recorded_space(const fs::path& file) {
    std::map<std::string, std::string> answers;
    std::istringstream lines(test::read_file(file));
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line.front() == '#') continue;
        const std::size_t space = line.find(' ');
        answers[decode_spaces(line.substr(0, space))] = line.substr(space + 1);
    }
    return [answers](const std::string& mount_point,
                     std::string& error) -> std::optional<filesystem_space> {
        // Asked on another thread: a missing answer shows in the golden
        // comparison, not as a Boost.Test failure from that thread.
        const auto found = answers.find(mount_point);
        if (found == answers.end()) {
            error = "space.txt has no " + mount_point;
            return std::nullopt;
        }
        std::istringstream values(found->second);
        std::string first;
        values >> first;
        if (first == "error") {
            std::string reason;
            std::getline(values >> std::ws, reason);
            error = "cannot read the space of " + mount_point + ": " + reason;
            return std::nullopt;
        }
        filesystem_space s;
        s.total = std::stoull(first);
        values >> s.free >> s.available >> s.inodes_total >> s.inodes_free;
        return s;
    };
}

system_sample sample_of(const fs::path& proc, const fs::path& case_dir) {
    system_config config;
    config.proc_path = proc.string();
    return make_linux_source(config, recorded_space(case_dir / "space.txt"))
        ->sample(sample_scope::everything);
}

std::string relative_errors(const metric_batch& batch, const fs::path& case_dir) {
    std::string text;
    for (auto error : batch.errors) {
        const std::string dir = case_dir.string();
        if (auto at = error.find(dir); at != std::string::npos) error.replace(at, dir.size(), ".");
        text += error + "\n";
    }
    return text;
}

const std::vector<std::string> cases = {"farm", "old-kernel"};

/// The problem reported for /mnt/nas, or nothing.
std::string nas_error(const system_sample& s) {
    for (const auto& error : s.errors) {
        if (error.starts_with("cannot read the space of /mnt/nas: ")) return error;
    }
    return {};
}

std::vector<std::string> mount_points(const system_sample& s) {
    std::vector<std::string> mounts;
    for (const auto& f : s.filesystems)
        mounts.push_back(f.mount_point);
    return mounts;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(system_golden)

BOOST_DATA_TEST_CASE(two_proc_snapshots_give_the_expected_lines,
                     boost::unit_test::data::make(cases), name) {
    const fs::path dir = golden_root / name;
    system_sample before = sample_of(dir / "before", dir);
    system_sample after = sample_of(dir / "after", dir);
    before.taken = std::chrono::steady_clock::time_point(std::chrono::hours(1));
    after.taken = before.taken + std::chrono::seconds(10);

    metric_batch batch;
    append_metrics(&before, after, true, batch);
    std::string lines;
    for (const auto& m : batch.metrics) {
        line_protocol::write(lines, m, 1'700'000'010'000'000'000);
    }
    test::record_lines(lines);
    BOOST_CHECK_NO_THROW(test::parse_lines(lines));
    test::check_golden(dir / "expected.out", lines);
    test::check_golden(dir / "expected.err", relative_errors(batch, dir));
}

BOOST_AUTO_TEST_CASE(first_sample_has_counters_but_no_rates) {
    const fs::path dir = golden_root / "farm";
    const system_sample only = sample_of(dir / "after", dir);
    metric_batch batch;
    append_metrics(nullptr, only, true, batch);
    for (const auto& m : batch.metrics) {
        BOOST_TEST(m.measurement != "lfdm_cpu");
        for (const auto& [key, value] : m.fields) {
            BOOST_TEST_INFO(m.measurement << " " << key);
            BOOST_TEST(!key.ends_with("_per_second"));
        }
    }
}

BOOST_AUTO_TEST_CASE(selection_leaves_out_pseudo_and_unwanted_entries) {
    const fs::path dir = golden_root / "farm";
    const system_sample s = sample_of(dir / "after", dir);
    std::vector<std::string> mounts, devices, interfaces;
    for (const auto& f : s.filesystems)
        mounts.push_back(f.mount_point);
    for (const auto& d : s.disks)
        devices.push_back(d.device);
    for (const auto& i : s.interfaces)
        interfaces.push_back(i.name);
    const std::vector<std::string> expected_mounts = {
        "/",         "/boot/efi", "/mnt/plots1", "/mnt/plots2", "/media/farmer/Plots NTFS",
        "/mnt/pool", "/mnt/nas"};
    BOOST_TEST(mounts == expected_mounts, boost::test_tools::per_element());
    BOOST_TEST((std::find(devices.begin(), devices.end(), "loop0") == devices.end()));
    const std::vector<std::string> expected_interfaces = {"enp3s0", "docker0"};
    BOOST_TEST(interfaces == expected_interfaces, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(network_and_fuse_filesystems_are_the_ones_that_may_block) {
    for (const char* type : {"nfs", "nfs4", "cifs", "smb3", "fuseblk", "fuse.mergerfs", "9p"})
        BOOST_TEST(space_may_block(type), type);
    for (const char* type : {"ext4", "xfs", "btrfs", "ntfs3", "vfat", "exfat", "zfs"})
        BOOST_TEST(!space_may_block(type), type);
}

BOOST_AUTO_TEST_CASE(a_hung_network_mount_is_left_out_and_the_other_filesystems_still_read) {
    const fs::path dir = golden_root / "farm";
    auto server = std::make_shared<test::dead_server>();
    system_config config;
    config.proc_path = (dir / "after").string();
    config.mount_timeout = std::chrono::seconds(2);
    auto source =
        make_linux_source(config, [server, recorded = recorded_space(dir / "space.txt")](
                                      const std::string& mount_point, std::string& error) {
            if (mount_point == "/mnt/nas") server->answer();
            return recorded(mount_point, error);
        });
    const std::vector<std::string> answering = {
        "/", "/boot/efi", "/mnt/plots1", "/mnt/plots2", "/media/farmer/Plots NTFS", "/mnt/pool"};

    system_sample s = source->sample(sample_scope::everything);
    BOOST_TEST(mount_points(s) == answering, boost::test_tools::per_element());
    BOOST_TEST(nas_error(s) == "cannot read the space of /mnt/nas: no answer within 2s");

    // The next gathers do not wait for it, nor ask it again.
    s = source->sample(sample_scope::everything);
    BOOST_TEST(mount_points(s) == answering, boost::test_tools::per_element());
    BOOST_TEST(nas_error(s).starts_with("cannot read the space of /mnt/nas: no answer for "));

    BOOST_TEST(server->asked() == 1);
    server->come_back();
    BOOST_TEST_REQUIRE(server->wait_all_answered());
    bool back = false;
    for (int i = 0; i < 300 && !back; ++i) {
        s = source->sample(sample_scope::everything);
        back = nas_error(s).empty();
        if (!back) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    BOOST_TEST(back);
    BOOST_TEST(mount_points(s).back() == "/mnt/nas");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::system
