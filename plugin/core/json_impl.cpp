// Boost.JSON's implementation, compiled once for the whole project, so that
// no Boost library is needed at run time.
#include <boost/json/src.hpp>
