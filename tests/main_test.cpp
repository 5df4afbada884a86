// The test runner: every suite in tests/ links into this one program; ctest
// runs each suite on its own (--run_test=SUITE).
#define BOOST_TEST_MODULE lfdm
#include <boost/test/unit_test.hpp>
