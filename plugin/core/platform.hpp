#pragma once

#include <cstddef>
#include <string_view>
#include <system_error>

/// The few operating-system calls the core needs on the standard streams,
/// with one implementation per platform (platform_posix.cpp,
/// platform_windows.cpp).
namespace lfdm::platform {

inline constexpr int stdin_handle = 0;
inline constexpr int stdout_handle = 1;
inline constexpr int stderr_handle = 2;

/// Makes the standard streams safe for a pipe-driven child: writing to a
/// closed pipe returns an error instead of killing the process (POSIX
/// SIGPIPE), and no newline translation happens (Windows text mode).
void prepare_standard_streams();

/// Writes all of `data` to `handle`, retrying after interruptions. Returns
/// the error that stopped it (for instance a broken pipe), or success.
std::error_code write_all(int handle, std::string_view data);

/// Whether `handle` is a pipe (as Telegraf gives its children), rather than a
/// terminal, a file or the null device.
bool is_pipe(int handle);

/// Reads at most `size` bytes from `handle`, blocking until some arrive.
/// Returns the count, 0 at end of file, or a negative value on error.
std::ptrdiff_t read_some(int handle, char* buffer, std::size_t size);

}  // namespace lfdm::platform
