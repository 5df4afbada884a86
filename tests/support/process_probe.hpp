#pragma once

#include <chrono>

/// What tests ask of other processes by their id, on POSIX and Windows.
namespace lfdm::test {

/// The id of the test program itself.
int this_process_id();

/// Whether process `pid` runs (a zombie does not).
bool process_running(int pid);

/// Whether process `pid` still exists, zombie or not: false once reaped.
bool process_exists(int pid);

/// Waits until process `pid` no longer runs, at most `limit`.
bool ends_within(int pid, std::chrono::milliseconds limit);

/// Kills process `pid` outright (SIGKILL; TerminateProcess on Windows).
bool kill_process(int pid);

/// The most memory process `pid` has held, in KiB; -1 when unknown.
long peak_memory_kib(int pid);

}  // namespace lfdm::test
