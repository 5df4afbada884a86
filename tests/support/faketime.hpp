#pragma once

#include <filesystem>
#include <map>
#include <string>

#include <boost/test/unit_test.hpp>

/// Clock jumps for the programs under test, with libfaketime (Debian's
/// libfaketime package, which scripts/install-deps.sh installs for the
/// tests): it moves a program's wall clock by an offset read from a file at
/// every call, and leaves its steady clock alone, as a jump of the system
/// time (NTP, a hand-set clock, a dead RTC battery) does.
namespace lfdm::test {

/// The preloadable libfaketime for threaded programs; empty when missing.
std::filesystem::path faketime_library();

/// Boost.Test precondition: whether libfaketime is installed.
boost::test_tools::assertion_result can_fake_time(boost::unit_test::test_unit_id);

/// The environment that runs a program under libfaketime, its wall clock
/// offset by the text of `offset_file` ("+0", "-1d", "+365d"), which the
/// test rewrites to jump.
std::map<std::string, std::string> faketime_environment(const std::filesystem::path& offset_file);

}  // namespace lfdm::test
