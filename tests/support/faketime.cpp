#include "support/faketime.hpp"

#include <cstdlib>

namespace lfdm::test {
namespace fs = std::filesystem;

fs::path faketime_library() {
    for (const char* candidate : {"/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1",
                                  "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1",
                                  "/usr/lib/faketime/libfaketimeMT.so.1"}) {
        if (fs::exists(candidate)) return candidate;
    }
    return {};
}

boost::test_tools::assertion_result can_fake_time(boost::unit_test::test_unit_id) {
#if defined(_WIN32)
    boost::test_tools::assertion_result windows(false);
    windows.message() << "libfaketime preloads into Linux programs only";
    return windows;
#endif
    if (!faketime_library().empty()) return true;
    boost::test_tools::assertion_result missing(false);
    missing.message() << "libfaketime is not installed (scripts/install-deps.sh test)";
    return missing;
}

std::map<std::string, std::string> faketime_environment(const fs::path& offset_file) {
    std::map<std::string, std::string> env = {
        {"LD_PRELOAD", faketime_library().string()},
        {"FAKETIME_TIMESTAMP_FILE", offset_file.string()},
        {"FAKETIME_NO_CACHE", "1"},
        {"FAKETIME_DONT_FAKE_MONOTONIC", "1"},
    };
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer wants to be the first library loaded; libfaketime
    // only replaces the clock functions, which it leaves alone.
    const char* asan = std::getenv("ASAN_OPTIONS");
    env["ASAN_OPTIONS"] = std::string(asan ? asan : "") + ":verify_asan_link_order=0";
#endif
    return env;
}

}  // namespace lfdm::test
