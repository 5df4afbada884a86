#pragma once

#include <string_view>

namespace lfdm::test {

/// Keeps `lines` (line protocol) for the InfluxDB acceptance test, which
/// writes every recorded line into a real InfluxDB once all tests ran. Each
/// test case has its own file, started afresh by its first call.
void record_lines(std::string_view lines);

}  // namespace lfdm::test
