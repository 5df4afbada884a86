// Fuzz target: `lfdm-confgen --check` on any telegraf.conf. The check never
// throws, finds at least one error in text that is not TOML, places every
// finding at a real line and column of the file, in order, and formats each
// as one line.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "telegraf/telegraf_check.hpp"

namespace {

using namespace lfdm::confgen;

void fail(const char* what) {
    std::fprintf(stderr, "telegraf check: %s\n", what);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto findings = check_telegraf_conf(text);

    std::size_t lines = 1;
    for (const char c : text)
        lines += c == '\n';
    int previous_line = 0, previous_column = 0;
    for (const auto& f : findings) {
        if (f.line < 0 || f.column < 0) fail("a negative place");
        if (static_cast<std::size_t>(f.line) > lines) fail("a line past the end of the file");
        if (f.line < previous_line || (f.line == previous_line && f.column < previous_column)) {
            fail("findings out of order");
        }
        previous_line = f.line;
        previous_column = f.column;
        if (f.message.empty()) fail("a finding without a message");
        const std::string line = format_finding("telegraf.conf", f);
        if (line.find('\n') != std::string::npos) fail("a finding over several lines");
    }
    return 0;
}
