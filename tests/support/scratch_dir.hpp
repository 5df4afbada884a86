#pragma once

#include <filesystem>
#include <string>

namespace lfdm::test {

/// A scratch directory for one test, removed with everything in it when the
/// test ends.
struct scratch_dir {
    std::filesystem::path path;

    scratch_dir();
    ~scratch_dir();
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;

    /// Writes `text` to the file `name` inside; returns its path.
    std::filesystem::path write(const std::string& name, const std::string& text) const;
};

/// The whole content of the file at `path` (empty when it cannot be read).
std::string read_file(const std::filesystem::path& path);

}  // namespace lfdm::test
