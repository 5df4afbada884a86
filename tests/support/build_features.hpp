#pragma once

#include <boost/test/unit_test.hpp>

/// Preconditions for test cases that need what some builds lack: the case
/// is skipped with the reason in the test log, never passed silently.
namespace lfdm::test {

/// TLS: the Windows build has no OpenSSL.
inline boost::test_tools::assertion_result has_tls(boost::unit_test::test_unit_id) {
    boost::test_tools::assertion_result result(LFDM_HAVE_TLS != 0);
    result.message() << "this build has no TLS";
    return result;
}

/// A POSIX machine: for what looks at POSIX paths and places (the Linux
/// install places of chia, HOME) that the Windows build does not use.
inline boost::test_tools::assertion_result posix_host(boost::unit_test::test_unit_id) {
#if defined(_WIN32)
    boost::test_tools::assertion_result result(false);
    result.message() << "looks at a POSIX machine; this build runs on Windows";
    return result;
#else
    return true;
#endif
}

}  // namespace lfdm::test
