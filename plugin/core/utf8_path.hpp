#pragma once

#include <filesystem>
#include <string>
#include <string_view>

/// Paths and UTF-8 text, exactly, on every platform. The configuration,
/// chia's output, metrics and logs are UTF-8; Windows paths are UTF-16 and
/// MinGW's `std::filesystem::path(std::string)` and `path::string()` go
/// through the ANSI code page, which loses every character it lacks (a plot
/// drive named "Zoé" or "農場"). These two never do.
namespace lfdm {

/// The path written as UTF-8 `text`.
std::filesystem::path path_from_utf8(std::string_view text);

/// `path` as UTF-8 text.
std::string utf8_of(const std::filesystem::path& path);

}  // namespace lfdm
