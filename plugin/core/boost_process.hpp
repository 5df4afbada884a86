#pragma once

// Boost.Process v2, as this project uses it. Boost 1.81's headers use
// boost::optional, Boost's type traits and Asio's throw_error without
// including them when built with std::filesystem (BOOST_PROCESS_USE_STD_FS),
// so they come first, in this order.
// clang-format off
#include <type_traits>
#include <boost/asio/detail/throw_error.hpp>
#include <boost/optional.hpp>
#include <boost/type_traits.hpp>

#include <boost/process/v2/environment.hpp>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/stdio.hpp>
// clang-format on
