#include <algorithm>
#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <io.h>
#include <windows.h>

#include "core/platform.hpp"

namespace lfdm::platform {

void prepare_standard_streams() {
    _setmode(stdin_handle, _O_BINARY);
    _setmode(stdout_handle, _O_BINARY);
    _setmode(stderr_handle, _O_BINARY);
}

std::error_code write_all(int handle, std::string_view data) {
    while (!data.empty()) {
        const auto chunk = static_cast<unsigned>(std::min<std::size_t>(data.size(), INT_MAX));
        const int written = _write(handle, data.data(), chunk);
        if (written < 0) return {errno, std::generic_category()};
        data.remove_prefix(static_cast<std::size_t>(written));
    }
    return {};
}

bool is_pipe(int handle) {
    const auto native = reinterpret_cast<HANDLE>(_get_osfhandle(handle));
    return native != INVALID_HANDLE_VALUE && GetFileType(native) == FILE_TYPE_PIPE;
}

std::ptrdiff_t read_some(int handle, char* buffer, std::size_t size) {
    const auto chunk = static_cast<unsigned>(std::min<std::size_t>(size, INT_MAX));
    return _read(handle, buffer, chunk);
}

}  // namespace lfdm::platform
