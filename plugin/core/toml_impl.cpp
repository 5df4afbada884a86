// toml++'s implementation, compiled once for the whole project
// (TOML_HEADER_ONLY=0 is defined for every target).
#define TOML_IMPLEMENTATION
#include "core/toml.hpp"
