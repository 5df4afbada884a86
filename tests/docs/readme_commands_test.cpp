// The commands of the README cannot go stale: every command in an `sh` box
// runs here, as written, from the root of the repository with a scratch
// directory as home, in the README's order (later boxes use what earlier
// ones wrote). The one exception is scripts/test.sh: it is the script that
// runs this test, so running it here would start it again without end; it
// runs whenever the whole suite does. Commands that need what the test
// machine lacks (Telegraf, which no registry the project uses offers, or
// root) go in `console` boxes after a `$` prompt, and this test checks that
// each of them needs one of those, so that no runnable command hides there.
#include <algorithm>
#include <filesystem>
#include <sstream>
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include "support/child_process.hpp"
#include "support/scratch_dir.hpp"

namespace lfdm {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path source_dir = LFDM_SOURCE_DIR;

/// A fenced box of the README: its info string ("sh", "console"...), the
/// line of its opening fence, and its lines.
struct box {
    std::string info;
    int line = 0;
    std::vector<std::string> lines;
};

/// The boxes of `markdown`, those indented in a list item included (their
/// lines without the indent).
std::vector<box> boxes_of(const std::string& markdown) {
    std::vector<box> boxes;
    std::istringstream in(markdown);
    bool inside = false;
    std::size_t indent = 0;
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        const auto text = line.find_first_not_of(' ');
        if (text != std::string::npos && line.compare(text, 3, "```") == 0) {
            if (!inside) boxes.push_back({line.substr(text + 3), number, {}});
            inside = !inside;
            indent = text;
        } else if (inside) {
            boxes.back().lines.push_back(line.substr(std::min(indent, line.size())));
        }
    }
    return boxes;
}

/// A command of an `sh` box, its continuation lines joined, and its line.
struct command {
    std::string text;
    int line = 0;
};

std::vector<command> commands_of(const box& b) {
    std::vector<command> commands;
    bool continued = false;
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
        const auto& line = b.lines[i];
        if (continued) {
            commands.back().text += "\n" + line;
        } else if (!line.empty() && !line.starts_with("#")) {
            commands.push_back({line, b.line + 1 + static_cast<int>(i)});
        }
        continued = !line.empty() && line.back() == '\\';
    }
    return commands;
}

bool runs_the_test_script(const command& c) {
    return c.text.starts_with("scripts/test.sh");
}

const std::vector<box>& readme_boxes() {
    static const auto boxes = boxes_of(test::read_file(source_dir / "README.md"));
    return boxes;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(readme_commands)

BOOST_AUTO_TEST_CASE(every_command_in_an_sh_box_runs) {
    test::scratch_dir home;
    std::string script = "set -eo pipefail\ncd '" + source_dir.string() +
                         "'\ntrap 'echo \"README.md:$readme_line: exit status $?\" >&2' ERR\n";
    int run = 0;
    for (const auto& b : readme_boxes()) {
        if (b.info != "sh") continue;
        for (const auto& c : commands_of(b)) {
            if (runs_the_test_script(c)) {
                BOOST_TEST_MESSAGE("README.md:" << c.line << ": not run: it runs this test");
                continue;
            }
            script += "readme_line=" + std::to_string(c.line) + "\n" + c.text + "\n";
            ++run;
        }
    }
    BOOST_TEST(run >= 5);

    test::child_process shell("/bin/bash", {home.write("readme.sh", script).string()},
                              {{"HOME", home.path.string()}});
    shell.close_stdin();
    const auto status = shell.wait_for_exit(600s);
    BOOST_TEST((status == 0), "the README's commands failed:\n" << shell.err());
}

BOOST_AUTO_TEST_CASE(console_boxes_hold_only_what_needs_telegraf_or_root) {
    int commands = 0;
    for (const auto& b : readme_boxes()) {
        if (b.info != "console") continue;
        for (std::size_t i = 0; i < b.lines.size(); ++i) {
            const auto& line = b.lines[i];
            if (!line.starts_with("$ ")) continue;
            ++commands;
            BOOST_TEST_INFO("README.md:" << b.line + 1 + static_cast<int>(i) << ": " << line);
            BOOST_TEST((line.starts_with("$ telegraf ") || line.starts_with("$ sudo ")));
        }
    }
    BOOST_TEST(commands > 0);
}

BOOST_AUTO_TEST_CASE(shell_commands_are_only_in_sh_and_console_boxes) {
    for (const auto& b : readme_boxes()) {
        BOOST_TEST_INFO("README.md:" << b.line << ": ```" << b.info);
        BOOST_TEST(!b.info.empty());
        for (const std::string other : {"bash", "shell", "zsh", "powershell", "ps1", "cmd", "bat"})
            BOOST_TEST(b.info != other);
    }
}

BOOST_AUTO_TEST_CASE(only_the_test_script_is_left_to_itself) {
    int left = 0;
    for (const auto& b : readme_boxes()) {
        if (b.info != "sh") continue;
        for (const auto& c : commands_of(b)) {
            if (runs_the_test_script(c)) ++left;
        }
    }
    BOOST_TEST(left == 1);
    // scripts/test.sh is what runs this suite: when it runs, so do the
    // README's commands.
    struct stat info {};
    BOOST_REQUIRE(::stat((source_dir / "scripts/test.sh").c_str(), &info) == 0);
    BOOST_TEST((info.st_mode & S_IXUSR) != 0u);
    BOOST_TEST(test::read_file(source_dir / "scripts/test.sh").find("ctest --test-dir build ") !=
               std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
