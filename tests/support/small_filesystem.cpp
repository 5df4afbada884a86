#include "support/small_filesystem.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#if defined(__linux__)
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>
#endif

namespace lfdm::test {
namespace fs = std::filesystem;

#if defined(__linux__)

namespace {

fs::path fresh_directory() {
    static int counter = 0;
    const fs::path path =
        fs::temp_directory_path() /
        ("lfdm-small-fs-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path);
    return path;
}

}  // namespace

small_filesystem::small_filesystem(std::size_t bytes) : path_(fresh_directory()) {
    const std::string options = "size=" + std::to_string(bytes) + ",mode=0755";
    if (::mount("lfdm-test", path_.c_str(), "tmpfs", 0, options.c_str()) != 0) {
        const std::string cause = std::strerror(errno);
        fs::remove(path_);
        throw std::runtime_error("cannot mount a tmpfs on " + path_.string() + ": " + cause);
    }
}

small_filesystem::~small_filesystem() {
    // Detached at once even if a file is still open in it.
    ::umount2(path_.c_str(), MNT_DETACH);
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

void small_filesystem::fill() const {
    const fs::path filler = path_ / "filler";
    const int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("cannot create " + filler.string());
    const std::string block(4096, 'f');
    while (::write(fd, block.data(), block.size()) > 0) {
    }
    // Whatever is left is smaller than a block.
    while (::write(fd, block.data(), 1) > 0) {
    }
    ::close(fd);
}

void small_filesystem::make_read_only() const {
    if (::mount(nullptr, path_.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) != 0) {
        throw std::runtime_error("cannot remount " + path_.string() +
                                 " read-only: " + std::strerror(errno));
    }
}

#else

// Elsewhere there is no tmpfs to mount: the tests that need one are skipped.
small_filesystem::small_filesystem(std::size_t) {
    throw std::runtime_error("cannot mount a tmpfs: Linux only");
}
small_filesystem::~small_filesystem() = default;
void small_filesystem::fill() const {}
void small_filesystem::make_read_only() const {}

#endif

boost::test_tools::assertion_result can_mount_small_filesystem(boost::unit_test::test_unit_id) {
    try {
        small_filesystem probe;
    } catch (const std::exception& e) {
        boost::test_tools::assertion_result refused(false);
        refused.message() << e.what() << " (mounting needs root)";
        return refused;
    }
    return true;
}

}  // namespace lfdm::test
