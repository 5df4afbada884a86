#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "collectors/system/system_config.hpp"
#include "collectors/system/system_sample.hpp"

namespace lfdm::system {

/// Whether asking a filesystem of type `fstype` for its space can block
/// without end: network filesystems (nfs, cifs, ...) and those served by a
/// program (FUSE: ntfs-3g, mergerfs, sshfs), whose server or program can
/// hang. Linux's own local filesystems answer statvfs from memory.
bool space_may_block(std::string_view fstype);

/// Which filesystems, devices and interfaces the configuration selects.
class selection {
  public:
    explicit selection(system_config config) : config_(std::move(config)) {}

    bool filesystem(const std::string& mount_point, const std::string& fstype) const;
    bool device(const std::string& name) const;
    bool network_interface(const std::string& name) const;

  private:
    system_config config_;
};

/// How much a sample reads.
enum class sample_scope {
    counters,    ///< only what rates and percentages need
    everything,  ///< counters and filesystem space (may wait on a slow mount)
};

/// The platform's view of the machine: one implementation per platform.
class system_source {
  public:
    virtual ~system_source() = default;
    /// Reads the machine now. Never throws: problems go to `errors`.
    virtual system_sample sample(sample_scope scope) = 0;
};

/// Space of one filesystem as statvfs reports it, in bytes.
struct filesystem_space {
    std::uint64_t total = 0;
    std::uint64_t free = 0;
    std::uint64_t available = 0;
    std::uint64_t inodes_total = 0;
    std::uint64_t inodes_free = 0;
};

/// Asks a mount point for its space; nothing and `error` set when it fails.
using space_query = std::function<std::optional<filesystem_space>(const std::string& mount_point,
                                                                  std::string& error)>;

/// The real space query of this platform.
std::optional<filesystem_space> query_space(const std::string& mount_point, std::string& error);

/// Linux: reads /proc under `config.proc_path` and asks `space` for each
/// selected filesystem.
std::unique_ptr<system_source> make_linux_source(const system_config& config,
                                                 space_query space = query_space);

/// The source of the platform the plugin was built for.
std::unique_ptr<system_source> make_platform_source(const system_config& config);

}  // namespace lfdm::system
