#pragma once

#include <filesystem>
#include <memory>

#include <boost/system/error_code.hpp>

/// A child process and everything it starts, kept together so that they can
/// be killed as one: no orphaned chia process, ever. POSIX puts the child in
/// a session of its own (its own process group, and no controlling terminal,
/// so that a keyring prompt reads the closed stdin and fails instead of
/// waiting on the terminal); Windows starts it suspended inside a job object.
namespace lfdm::plot_check {

namespace detail {
/// In the child before exec: starts a new session. Returns the error.
boost::system::error_code start_session();
/// The process creation flag that starts a Windows process suspended.
unsigned long suspended_creation_flag();
/// Puts a process created suspended into `job` and resumes it.
void adopt_suspended(void* job, void* process, void* thread);
}  // namespace detail

/// The tree of one child process.
class process_tree {
  public:
    process_tree();
    /// Kills whatever is left of the tree.
    ~process_tree();
    process_tree(const process_tree&) = delete;
    process_tree& operator=(const process_tree&) = delete;

    /// The Boost.Process initializer that makes the child the root of this
    /// tree; pass it when launching.
    struct initializer {
        void* job = nullptr;

        /// POSIX, in the child between fork and exec.
        template <class Launcher>
        boost::system::error_code on_exec_setup(Launcher&, const std::filesystem::path&,
                                                const char* const*&) {
            return detail::start_session();
        }
        /// Windows, before CreateProcess.
        template <class Launcher>
        boost::system::error_code on_setup(Launcher& launcher, const std::filesystem::path&,
                                           std::wstring&) {
            launcher.creation_flags |= detail::suspended_creation_flag();
            return {};
        }
        /// Windows, once created: joins the job, then runs.
        template <class Launcher>
        void on_success(Launcher& launcher, const std::filesystem::path&, std::wstring&) {
            detail::adopt_suspended(job, launcher.process_information.hProcess,
                                    launcher.process_information.hThread);
        }
    };

    initializer init() const { return initializer{job_}; }

    /// Remembers the root once started (its process id).
    void set_root(int pid) { root_ = pid; }

    /// Kills every process of the tree at once (SIGKILL to the process group;
    /// TerminateJobObject). Safe to call again, or before any start.
    void kill();

  private:
    void* job_ = nullptr;
    int root_ = 0;
};

}  // namespace lfdm::plot_check
