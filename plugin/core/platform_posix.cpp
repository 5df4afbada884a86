#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

#include "core/platform.hpp"

namespace lfdm::platform {

void prepare_standard_streams() {
    std::signal(SIGPIPE, SIG_IGN);
}

std::vector<std::string> command_line_arguments(int argc, char** argv) {
    return std::vector<std::string>(argv + std::min(argc, 1), argv + argc);
}

std::optional<std::string> environment_variable(const std::string& name) {
    if (const char* value = std::getenv(name.c_str())) return std::string(value);
    return std::nullopt;
}

std::error_code write_all(int handle, std::string_view data) {
    while (!data.empty()) {
        const ssize_t written = ::write(handle, data.data(), data.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            return {errno, std::generic_category()};
        }
        data.remove_prefix(static_cast<std::size_t>(written));
    }
    return {};
}

bool is_pipe(int handle) {
    struct stat st {};
    return ::fstat(handle, &st) == 0 && S_ISFIFO(st.st_mode);
}

std::ptrdiff_t read_some(int handle, char* buffer, std::size_t size) {
    for (;;) {
        const ssize_t count = ::read(handle, buffer, size);
        if (count >= 0 || errno != EINTR) return count;
    }
}

}  // namespace lfdm::platform
