#include <windows.h>

#include "collectors/plot_check/process_tree.hpp"

// Windows kills a process tree through a job object: every process the
// child starts joins its job, and closing the job's last handle kills them
// all (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE), even if the plugin itself dies.
// This file is compiled only for Windows, which this project's CI does not
// build yet.
namespace lfdm::plot_check {

namespace detail {

boost::system::error_code start_session() {
    return {};
}

unsigned long suspended_creation_flag() {
    return CREATE_SUSPENDED;
}

void adopt_suspended(void* job, void* process, void* thread) {
    if (job) ::AssignProcessToJobObject(static_cast<HANDLE>(job), static_cast<HANDLE>(process));
    ::ResumeThread(static_cast<HANDLE>(thread));
}

}  // namespace detail

process_tree::process_tree() {
    HANDLE job = ::CreateJobObjectW(nullptr, nullptr);
    if (job) {
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
        limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        ::SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits);
    }
    job_ = job;
}

process_tree::~process_tree() {
    kill();
    if (job_) ::CloseHandle(static_cast<HANDLE>(job_));
}

void process_tree::kill() {
    if (job_ && root_ > 0) ::TerminateJobObject(static_cast<HANDLE>(job_), 1);
}

}  // namespace lfdm::plot_check
