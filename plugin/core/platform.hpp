#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

/// The few operating-system calls the core needs on the standard streams,
/// with one implementation per platform (platform_posix.cpp,
/// platform_windows.cpp).
namespace lfdm::platform {

inline constexpr int stdin_handle = 0;
inline constexpr int stdout_handle = 1;
inline constexpr int stderr_handle = 2;

/// Makes the standard streams safe for a pipe-driven child: writing to a
/// closed pipe returns an error instead of killing the process (POSIX
/// SIGPIPE), no newline translation happens (Windows text mode), and a
/// Windows console shows and reads UTF-8.
void prepare_standard_streams();

/// The program's arguments after its name, as UTF-8 (Windows passes them
/// to `main` in the ANSI code page, which loses what it lacks).
std::vector<std::string> command_line_arguments(int argc, char** argv);

/// An environment variable as UTF-8, or nothing when it is not set.
std::optional<std::string> environment_variable(const std::string& name);

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
