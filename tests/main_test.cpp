// The test runner: every suite in tests/ links into this one program; ctest
// runs each suite on its own (--run_test=SUITE).
#define BOOST_TEST_MODULE lfdm
#if defined(LFDM_TEST_HEADER_ONLY)
#include <boost/test/included/unit_test.hpp>
#else
#include <boost/test/unit_test.hpp>
#endif
