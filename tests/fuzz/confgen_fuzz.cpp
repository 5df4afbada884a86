// Fuzz target: lfdm-confgen's inputs. The input holds the command line (one
// argument a line) and, after a NUL byte, the answers typed at its questions.
// A wrong command line or answer is refused with `usage_error`, never
// anything else; an accepted one gives files that Telegraf and lfdm-plugin
// accept (checked inside `build_files`), and the Elasticsearch password
// appears in telegraf.conf only, when it is written in clear, and then that
// file is private. Every run writes for another machine (`--platform`), so
// nothing of this machine is read and nothing is written.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "telegraf/confgen_cli.hpp"
#include "telegraf/confgen_main.hpp"

namespace {

using namespace lfdm;
using namespace lfdm::confgen;

constexpr std::string_view secret = "Fz7-es-Pw0rd";

std::optional<std::string> fuzz_environment(const std::string& name) {
    if (name == "LFDM_ES_PASSWORD") return std::string(secret);
    return std::nullopt;
}

void fail(const char* what, const std::string& text) {
    std::fprintf(stderr, "confgen: %s\n%s\n", what, text.c_str());
    std::abort();
}

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        lines.push_back(text.substr(0, end));
        text.remove_prefix(std::min(end + 1, text.size()));
    }
    return lines;
}

void check_secret(const farm_request& request, const std::vector<output_file>& files,
                  const std::vector<std::string>& warnings) {
    for (const bool written : {false, true}) {
        if (next_steps(request, written).find(secret) != std::string::npos) {
            fail("the password is in the next steps", next_steps(request, written));
        }
    }
    for (const auto& warning : warnings) {
        if (warning.find(secret) != std::string::npos)
            fail("the password is in a warning", warning);
    }
    for (const auto& file : files) {
        if (file.text.find(secret) != std::string::npos && !file.secret) {
            fail("the password is in a file that is not private", file.path);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t nul = input.find('\0');
    const auto args = lines_of(input.substr(0, nul));

    confgen_options options;
    try {
        options = parse_confgen_cli(args);
    } catch (const usage_error&) {
        return 0;
    }
    if (options.what != confgen_options::action::generate) return 0;
    if (!options.platform) options.platform = target_os::linux_os;

    std::istringstream answers(nul == std::string_view::npos ? std::string()
                                                             : std::string(input.substr(nul + 1)));
    std::ostringstream questions;
    prompter ask(answers, questions);
    std::vector<std::string> warnings;
    farm_request request;
    try {
        request = resolve_request(options, nul == std::string_view::npos ? nullptr : &ask,
                                  fuzz_environment, warnings);
    } catch (const usage_error&) {
        return 0;
    }
    const auto files = build_files(request);
    if (input.find(secret) == std::string_view::npos) check_secret(request, files, warnings);
    return 0;
}
