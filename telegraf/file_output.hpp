#pragma once

#include <stdexcept>
#include <string>
#include <vector>

/// Writing the configuration files: all of them or none, each replaced
/// atomically, an existing one only when forced and then kept as a backup,
/// a file holding a secret readable by its owner only.
namespace lfdm::confgen {

/// A file to write.
struct output_file {
    std::string path;
    std::string text;
    /// Holds a password: mode 0600 (on Linux, owned by the telegraf user when
    /// run as root and that user exists, so that the service reads it).
    bool secret = false;
};

/// A file that could not be written; nothing was replaced.
class write_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The files among `files` that already exist.
std::vector<std::string> existing_files(const std::vector<output_file>& files);

/// Writes `files`: each first to a temporary file beside it, then, once all
/// are written and every existing target copied to "<path>.<stamp>.bak",
/// each renamed over its target. Creates missing directories. Returns the
/// backups made. Throws `write_error` when one cannot be written, backed up
/// or replaced, after putting every file back as it was and removing the
/// temporary files and backups of this call: all files or none.
std::vector<std::string> write_files(const std::vector<output_file>& files,
                                     const std::string& stamp);

}  // namespace lfdm::confgen
