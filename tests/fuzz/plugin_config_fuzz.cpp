// Fuzz target: the plugin's configuration loader on any file a farmer (or a
// broken editor) could write. Loading either gives values or throws
// `config::error`, never anything else; loaded values written as a complete
// configuration load back to the same configuration.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "app/plugin_config.hpp"

namespace {

using namespace lfdm;

/// A fixed environment, so that a run does not depend on the machine's.
std::optional<std::string> fuzz_environment(const std::string& name) {
    if (name == "LFDM_FUZZ") return "value";
    if (name == "LFDM_FUZZ_EMPTY") return "";
    return std::nullopt;
}

void fail(const char* what, const std::string& text) {
    std::fprintf(stderr, "plugin configuration: %s\n%s\n", what, text.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    plugin_config values;
    try {
        values = parse_plugin_config(text, "fuzz.toml", fuzz_environment);
    } catch (const config::error& e) {
        if (std::string_view(e.what()).empty()) fail("an error without a message", "");
        return 0;
    }

    const std::string written = write_plugin_config(values);
    // The sample writes strings as they are, so that lfdm-confgen can write
    // "${VARIABLE}" references: a value holding "${" is read as one again.
    if (written.find("${") != std::string::npos) return 0;
    plugin_config again;
    try {
        again = parse_plugin_config(written, "written.toml", fuzz_environment);
    } catch (const config::error& e) {
        fail(e.what(), written);
    }
    if (write_plugin_config(again) != written) fail("values changed through a round trip", written);
    return 0;
}
