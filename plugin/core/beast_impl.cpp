// Boost.Beast's and Asio's TLS implementations, compiled once for the whole
// project (BOOST_BEAST_SEPARATE_COMPILATION and BOOST_ASIO_SEPARATE_COMPILATION
// are defined for every target).
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
