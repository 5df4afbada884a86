#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/plugin_config.hpp"

/// Plugin configurations given as text in tests, read as the file
/// "lfdm.toml" with a fixed environment: FARMER is "zoé",
/// TREX_API_PASSWORD is "s3cret", nothing else is set.
namespace lfdm::test {

/// The fixed environment.
std::optional<std::string> test_environment(const std::string& name);

/// `text` loaded; throws config::error.
plugin_config parse_config(std::string_view text);

/// The message of the error loading `text` throws, or "no error".
std::string config_error_of(std::string_view text);

}  // namespace lfdm::test
