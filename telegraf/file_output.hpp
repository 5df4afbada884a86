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
/// are written, each renamed over its target. An existing target is first
/// copied to "<path>.<stamp>.bak". Creates missing directories. Returns the
/// backups made. Throws `write_error` (removing the temporary files) when
/// one cannot be written.
std::vector<std::string> write_files(const std::vector<output_file>& files,
                                     const std::string& stamp);

}  // namespace lfdm::confgen
