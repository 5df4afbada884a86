#pragma once

#include <filesystem>
#include <string>

namespace lfdm::test {

/// Checks `actual` against the golden file `file`; with the environment
/// variable LFDM_UPDATE_GOLDEN set, rewrites the file instead (review the
/// diff before committing it).
void check_golden(const std::filesystem::path& file, const std::string& actual);

}  // namespace lfdm::test
