// Boost.Process v2's implementation, compiled once for the whole project
// (BOOST_PROCESS_V2_SEPARATE_COMPILATION is defined for every target).
// clang-format off
#include "core/boost_process.hpp"
#include <boost/process/v2/src.hpp>
// clang-format on
