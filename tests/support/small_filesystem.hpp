#pragma once

#include <filesystem>
#include <string>

#include <boost/test/unit_test.hpp>

namespace lfdm::test {

/// A real filesystem of a few pages (a tmpfs) mounted on a scratch directory
/// for one test, to fill up or make read-only: the full and unwritable disks
/// the plugin must survive. Unmounted and removed afterwards. Mounting needs
/// the right to (root on Linux); a test that uses it states that condition
/// with `can_mount_small_filesystem`, so that it is skipped with the reason
/// where the system refuses, never passed without running.
class small_filesystem {
  public:
    /// Mounts a tmpfs of `bytes`. Throws std::runtime_error when it cannot.
    explicit small_filesystem(std::size_t bytes = 64 * 1024);
    ~small_filesystem();
    small_filesystem(const small_filesystem&) = delete;
    small_filesystem& operator=(const small_filesystem&) = delete;

    /// Where it is mounted.
    const std::filesystem::path& path() const { return path_; }

    /// Takes every free byte with a file, so that the next write of data
    /// fails with "No space left on device".
    void fill() const;

    /// Remounts it read-only: the next write fails with "Read-only file
    /// system", whoever the process runs as.
    void make_read_only() const;

  private:
    std::filesystem::path path_;
};

/// Boost.Test precondition: whether this process may mount a small
/// filesystem, and else why not.
boost::test_tools::assertion_result can_mount_small_filesystem(boost::unit_test::test_unit_id);

}  // namespace lfdm::test
