#include "telegraf/file_output.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#ifdef _WIN32
#include <process.h>
#else
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace lfdm::confgen {
namespace fs = std::filesystem;
namespace {

std::string reason(const std::error_code& ec) {
    return ec.message();
}

#ifndef _WIN32
/// On Linux the Telegraf service runs as the user "telegraf": a private file
/// written by root must belong to it, or Telegraf cannot read it.
void give_to_telegraf(int fd) {
    if (::geteuid() != 0) return;
    if (const passwd* telegraf = ::getpwnam("telegraf")) {
        if (::fchown(fd, telegraf->pw_uid, telegraf->pw_gid) != 0) {
            // The file stays root's; Telegraf run as root still reads it.
        }
    }
}
#endif

/// Writes `file` to `temporary`, with its final permissions from the start.
void write_temporary(const output_file& file, const fs::path& temporary) {
#ifdef _WIN32
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << file.text;
    out.flush();
    if (!out) throw write_error("cannot write " + temporary.string() + ": " + std::strerror(errno));
#else
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                          file.secret ? 0600 : 0644);
    if (fd < 0) throw write_error("cannot write " + file.path + ": " + std::strerror(errno));
    if (file.secret) {
        ::fchmod(fd, 0600);
        give_to_telegraf(fd);
    }
    std::string_view rest = file.text;
    while (!rest.empty()) {
        const ssize_t n = ::write(fd, rest.data(), rest.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int error = errno;
            ::close(fd);
            throw write_error("cannot write " + file.path + ": " + std::strerror(error));
        }
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        throw write_error("cannot write " + file.path + ": " + std::strerror(errno));
    }
#endif
}

fs::path temporary_of(const std::string& path) {
#ifdef _WIN32
    const auto id = std::to_string(::_getpid());
#else
    const auto id = std::to_string(::getpid());
#endif
    return fs::path(path + ".lfdm-confgen-" + id + ".tmp");
}

}  // namespace

std::vector<std::string> existing_files(const std::vector<output_file>& files) {
    std::vector<std::string> found;
    for (const auto& file : files) {
        std::error_code ec;
        if (fs::exists(file.path, ec)) found.push_back(file.path);
    }
    return found;
}

std::vector<std::string> write_files(const std::vector<output_file>& files,
                                     const std::string& stamp) {
    std::vector<fs::path> temporaries;
    // The backup of each file, empty when there was no file to back up.
    std::vector<std::string> backups(files.size());
    std::size_t replaced = 0;
    try {
        for (const auto& file : files) {
            const fs::path parent = fs::path(file.path).parent_path();
            std::error_code ec;
            if (!parent.empty()) fs::create_directories(parent, ec);
            if (ec) throw write_error("cannot create " + parent.string() + ": " + reason(ec));
            temporaries.push_back(temporary_of(file.path));
            write_temporary(file, temporaries.back());
        }
        // Every backup before the first replacement, so that a file that
        // cannot be backed up stops the whole before anything changed.
        for (std::size_t i = 0; i < files.size(); ++i) {
            std::error_code ec;
            if (!fs::exists(files[i].path, ec)) continue;
            const std::string backup = files[i].path + "." + stamp + ".bak";
            fs::copy_file(files[i].path, backup, fs::copy_options::overwrite_existing, ec);
            if (ec) throw write_error("cannot back up " + files[i].path + ": " + reason(ec));
            backups[i] = backup;
        }
        for (; replaced < files.size(); ++replaced) {
            std::error_code ec;
            fs::rename(temporaries[replaced], files[replaced].path, ec);
            if (ec) throw write_error("cannot replace " + files[replaced].path + ": " + reason(ec));
        }
    } catch (...) {
        // Back to where it was: the files already replaced get their backup
        // again (or go, when they are new), the rest of the work goes.
        std::error_code ignored;
        for (std::size_t i = 0; i < files.size(); ++i) {
            if (i < replaced && !backups[i].empty()) {
                fs::rename(backups[i], files[i].path, ignored);
            } else if (i < replaced) {
                fs::remove(files[i].path, ignored);
            } else if (!backups[i].empty()) {
                fs::remove(backups[i], ignored);
            }
            if (i >= replaced && i < temporaries.size()) fs::remove(temporaries[i], ignored);
        }
        throw;
    }
    std::vector<std::string> made;
    for (const auto& backup : backups) {
        if (!backup.empty()) made.push_back(backup);
    }
    return made;
}

}  // namespace lfdm::confgen
