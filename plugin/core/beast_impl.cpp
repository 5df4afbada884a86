// Boost.Beast's implementation, compiled once for the whole project
// (BOOST_BEAST_SEPARATE_COMPILATION is defined for every target).
#include <boost/beast/src.hpp>
