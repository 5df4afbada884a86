// Golden configurations of typical machines, written for their platform
// (--platform, so nothing depends on this machine): each folder holds the
// arguments (`args`, one a line), the environment (`env`, optional), and
// the expected files and next steps. LFDM_UPDATE_GOLDEN=1 rewrites them.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "support/child_process.hpp"
#include "support/scratch_dir.hpp"
#include "telegraf/telegraf_check.hpp"

namespace lfdm {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path golden_dir = fs::path(LFDM_SOURCE_DIR) / "tests/telegraf/golden";

std::vector<std::string> lines_of(const fs::path& path) {
    std::vector<std::string> lines;
    std::istringstream in(test::read_file(path));
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

/// The files printed by --stdout, by the name they are expected under.
std::map<std::string, std::string> split_files(const std::string& out) {
    std::map<std::string, std::string> files;
    std::string* current = nullptr;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("# ==> ") && line.ends_with(" <==")) {
            const std::string path = line.substr(6, line.size() - 10);
            const std::string name = path.ends_with(".json")   ? "template.json"
                                     : path.ends_with(".toml") ? "lfdm.toml"
                                                               : "telegraf.conf";
            current = &files[name];
            continue;
        }
        if (current) *current += line + "\n";
    }
    // --stdout puts one empty line after each file.
    for (auto& [name, text] : files) {
        if (text.ends_with("\n\n")) text.pop_back();
    }
    return files;
}

void check_case(const std::string& name) {
    const fs::path dir = golden_dir / name;
    std::map<std::string, std::string> env;
    if (fs::exists(dir / "env")) {
        for (const auto& line : lines_of(dir / "env"))
            env[line.substr(0, line.find('='))] = line.substr(line.find('=') + 1);
    }
    test::child_process p(LFDM_CONFGEN_PATH, lines_of(dir / "args"), env);
    p.close_stdin();
    BOOST_REQUIRE(p.wait_for_exit(30s) == 0);

    auto files = split_files(p.out());
    files["next-steps.txt"] = p.err();
    const bool update = std::getenv("LFDM_UPDATE_GOLDEN") != nullptr;
    for (const auto& [file, text] : files) {
        BOOST_TEST_INFO(name << "/" << file);
        if (update) std::ofstream(dir / file, std::ios::binary) << text;
        BOOST_TEST(test::read_file(dir / file) == text);
    }
    for (const auto& f : confgen::check_telegraf_conf(files["telegraf.conf"])) {
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
