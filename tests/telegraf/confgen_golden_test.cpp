// Golden configurations of typical machines, written for their platform
// (--platform, so nothing depends on this machine): each folder holds the
// arguments (`args`, one a line), the environment (`env`, optional), and
// the expected files and next steps. LFDM_UPDATE_GOLDEN=1 rewrites them.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <boost/test/unit_test.hpp>

#include "support/confgen_case.hpp"
#include "support/scratch_dir.hpp"
#include "telegraf/telegraf_check.hpp"

namespace lfdm {
namespace {

namespace fs = std::filesystem;

const fs::path golden_dir = fs::path(LFDM_SOURCE_DIR) / "tests/telegraf/golden";

void check_case(const std::string& name) {
    const fs::path dir = golden_dir / name;
    const auto files = test::run_confgen_case(dir);
    const bool update = std::getenv("LFDM_UPDATE_GOLDEN") != nullptr;
    for (const auto& [file, text] : files) {
        BOOST_TEST_INFO(name << "/" << file);
        if (update) std::ofstream(dir / file, std::ios::binary) << text;
        BOOST_TEST(test::read_file(dir / file) == text);
    }
    for (const auto& f : confgen::check_telegraf_conf(files.at("telegraf.conf"))) {
        BOOST_TEST((f.level != confgen::severity::error),
                   confgen::format_finding(name + "/telegraf.conf", f));
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(confgen_golden)

BOOST_AUTO_TEST_CASE(linux_farmer) {
    check_case("linux-farmer");
}

BOOST_AUTO_TEST_CASE(windows_farmer_and_miner) {
    check_case("windows-farmer-miner");
}

BOOST_AUTO_TEST_CASE(miner_only) {
    check_case("miner-only");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
