#include "support/confgen_case.hpp"

#include <sstream>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "support/child_process.hpp"
#include "support/scratch_dir.hpp"

namespace lfdm::test {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> lines_of(const std::filesystem::path& path) {
    std::vector<std::string> lines;
    std::istringstream in(read_file(path));
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

}  // namespace

std::map<std::string, std::string> run_confgen_case(const std::filesystem::path& dir) {
    std::map<std::string, std::string> env;
    if (std::filesystem::exists(dir / "env")) {
        for (const auto& line : lines_of(dir / "env"))
            env[line.substr(0, line.find('='))] = line.substr(line.find('=') + 1);
    }
    child_process p(LFDM_CONFGEN_PATH, lines_of(dir / "args"), env);
    p.close_stdin();
    BOOST_REQUIRE_MESSAGE(p.wait_for_exit(30s) == 0, "lfdm-confgen failed: " << p.err());

    auto files = split_files(p.out());
    files["next-steps.txt"] = p.err();
    return files;
}

}  // namespace lfdm::test
