#include <algorithm>
#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <io.h>
#include <windows.h>
// After windows.h:
#include <shellapi.h>

#include "core/platform.hpp"

namespace lfdm::platform {

namespace {

std::string utf8(std::wstring_view wide) {
    if (wide.empty()) return {};
    const int size = WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()),
                                         nullptr, 0, nullptr, nullptr);
    std::string out(static_cast<std::size_t>(size), '\0');
    WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()), out.data(), size,
                        nullptr, nullptr);
    return out;
}

std::wstring wide(std::string_view text) {
    if (text.empty()) return {};
    const int size =
        MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
    std::wstring out(static_cast<std::size_t>(size), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), out.data(), size);
    return out;
}

}  // namespace

void prepare_standard_streams() {
    _setmode(stdin_handle, _O_BINARY);
    _setmode(stdout_handle, _O_BINARY);
    _setmode(stderr_handle, _O_BINARY);
    // Only affects a console; pipes carry our UTF-8 bytes as they are.
    SetConsoleOutputCP(CP_UTF8);
    SetConsoleCP(CP_UTF8);
}

std::vector<std::string> command_line_arguments(int, char**) {
    int count = 0;
    wchar_t** arguments = CommandLineToArgvW(GetCommandLineW(), &count);
    std::vector<std::string> out;
    for (int i = 1; arguments && i < count; ++i)
        out.push_back(utf8(arguments[i]));
    LocalFree(arguments);
    return out;
}

std::optional<std::string> environment_variable(const std::string& name) {
    const std::wstring key = wide(name);
    const DWORD size = GetEnvironmentVariableW(key.c_str(), nullptr, 0);
    if (size == 0) return std::nullopt;
    std::wstring value(size, L'\0');
    const DWORD length = GetEnvironmentVariableW(key.c_str(), value.data(), size);
    value.resize(length);
    return utf8(value);
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
