#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <set>
#include <sys/statvfs.h>
#include <unistd.h>
#include <utility>

#include "collectors/system/proc_parsers.hpp"
#include "collectors/system/system_source.hpp"
#include "core/blocking_calls.hpp"

namespace lfdm::system {
namespace {

/// Reads a whole /proc file into `buffer`, which keeps its capacity from one
/// sample to the next. Returns the problem, or an empty string.
std::string read_file(const std::string& path, std::string& buffer) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "cannot read " + path + ": " + std::strerror(errno);
    buffer.clear();
    char chunk[16384];
    for (;;) {
        const ssize_t count = ::read(fd, chunk, sizeof chunk);
        if (count > 0) {
            buffer.append(chunk, static_cast<std::size_t>(count));
        } else if (count == 0 || errno != EINTR) {
            const int saved = errno;
            ::close(fd);
            if (count < 0) return "cannot read " + path + ": " + std::strerror(saved);
            return {};
        }
    }
}

/// What a space query gave, error included, as one value.
struct space_reading {
    std::optional<filesystem_space> space;
    std::string error;
};

/// The call that reads one mount point's space on a helper thread.
std::function<space_reading(const std::string&)> read_space(space_query space) {
    return [space = std::move(space)](const std::string& mount_point) {
        space_reading reading;
        reading.space = space(mount_point, reading.error);
        return reading;
    };
}

std::string device_name(std::string source) {
    constexpr std::string_view prefix = "/dev/";
    if (source.starts_with(prefix)) source.erase(0, prefix.size());
    return source;
}

class linux_source final : public system_source {
  public:
    linux_source(const system_config& config, space_query space)
        : proc_(config.proc_path),
          select_(config),
          space_(std::move(space)),
          space_calls_(config.mount_timeout) {}

    system_sample sample(sample_scope scope) override {
        system_sample s;
        s.taken = std::chrono::steady_clock::now();
        if (read("stat", s)) {
            auto stat = proc::parse_stat(buffer_);
            if (stat.cpus.empty()) s.errors.push_back("cannot parse " + path("stat"));
            s.cpus = std::move(stat.cpus);
            s.kernel = stat.kernel;
        }
        if (read("diskstats", s)) read_disks(s);
        if (read("net/dev", s)) read_interfaces(s);
        if (scope == sample_scope::counters) return s;

        if (read("meminfo", s)) s.memory = proc::parse_meminfo(buffer_);
        if (read("loadavg", s)) read_load(s);
        if (read("uptime", s)) s.uptime_seconds = proc::parse_uptime(buffer_);
        if (read("self/mountinfo", s)) read_filesystems(s);
        return s;
    }

  private:
    std::string path(const char* name) const { return proc_ + "/" + name; }

    bool read(const char* name, system_sample& s) {
        auto problem = read_file(path(name), buffer_);
        if (problem.empty()) return true;
        s.errors.push_back(std::move(problem));
        return false;
    }

    void read_load(system_sample& s) {
        const auto file = proc::parse_loadavg(buffer_);
        if (!file) return;
        s.load = file->load;
        s.kernel.processes = file->processes;
        s.kernel.processes_running = file->processes_running;
    }

    void read_disks(system_sample& s) {
        for (auto& disk : proc::parse_diskstats(buffer_)) {
            if (select_.device(disk.device)) s.disks.push_back(std::move(disk));
        }
    }

    void read_interfaces(system_sample& s) {
        for (auto& interface : proc::parse_net_dev(buffer_)) {
            if (select_.network_interface(interface.name))
                s.interfaces.push_back(std::move(interface));
        }
    }

    void read_filesystems(system_sample& s) {
        // A filesystem mounted twice (a bind mount) is reported once, at the
        // first mount point.
        std::set<std::pair<unsigned, unsigned>> seen;
        std::vector<proc::mount_entry> mounts;
        for (auto& mount : proc::parse_mountinfo(buffer_)) {
            if (!select_.filesystem(mount.mount_point, mount.fstype)) continue;
            if (!seen.emplace(mount.major, mount.minor).second) continue;
            mounts.push_back(std::move(mount));
        }

        // The others go through space_calls_, where a dead server costs a
        // waiting thread instead of the gather.
        std::vector<call_answer<space_reading>> answers(mounts.size());
        std::vector<std::string> guarded;
        std::vector<std::size_t> guarded_at;
        for (std::size_t i = 0; i < mounts.size(); ++i) {
            if (space_may_block(mounts[i].fstype)) {
                guarded.push_back(mounts[i].mount_point);
                guarded_at.push_back(i);
                continue;
            }
            space_reading& reading = answers[i].value.emplace();
            reading.space = space_(mounts[i].mount_point, reading.error);
        }
        auto far = space_calls_.run_each<space_reading>(guarded, read_space(space_));
        for (std::size_t j = 0; j < far.size(); ++j)
            answers[guarded_at[j]] = std::move(far[j]);

        for (std::size_t i = 0; i < mounts.size(); ++i) {
            const auto& mount = mounts[i];
            if (!answers[i].value) {
                s.errors.push_back("cannot read the space of " + mount.mount_point + ": " +
                                   answers[i].no_answer);
                continue;
            }
            const auto& reading = *answers[i].value;
            if (!reading.space) {
                s.errors.push_back(reading.error);
                continue;
            }
            const auto& space = *reading.space;
            if (space.total == 0) continue;  // a pseudo filesystem
            s.filesystems.push_back({mount.mount_point, device_name(mount.source), mount.fstype,
                                     space.total, space.free, space.available, space.inodes_total,
                                     space.inodes_free});
        }
    }

    std::string proc_;
    selection select_;
    space_query space_;
    blocking_calls space_calls_;
    std::string buffer_;
};

}  // namespace

std::optional<filesystem_space> query_space(const std::string& mount_point, std::string& error) {
    struct statvfs st {};
    if (::statvfs(mount_point.c_str(), &st) != 0) {
        error = "cannot read the space of " + mount_point + ": " + std::strerror(errno);
        return std::nullopt;
    }
    const std::uint64_t block = st.f_frsize ? st.f_frsize : st.f_bsize;
    return filesystem_space{st.f_blocks * block, st.f_bfree * block, st.f_bavail * block,
                            st.f_files, st.f_ffree};
}

std::unique_ptr<system_source> make_linux_source(const system_config& config, space_query space) {
    return std::make_unique<linux_source>(config, std::move(space));
}

std::unique_ptr<system_source> make_platform_source(const system_config& config) {
    return make_linux_source(config);
}

}  // namespace lfdm::system
