// Asio's TLS implementation over OpenSSL, compiled once for the whole
// project (BOOST_ASIO_SEPARATE_COMPILATION is defined for every target).
#include <boost/asio/ssl/impl/src.hpp>
