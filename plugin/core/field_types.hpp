#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/metric.hpp"

namespace lfdm {

/// Keeps each field's type fixed for the life of the process, as InfluxDB and
/// Elasticsearch need: the first type seen for a measurement's field wins.
/// Collectors are written to keep their types; this is the last guard.
class field_types {
  public:
    /// Brings `m`'s fields to their first-seen types: an integer where a
    /// float was seen becomes that float; any other change drops the field
    /// and appends a message to `notes` (once per measurement and field).
    void enforce(metric& m, std::vector<std::string>& notes);

  private:
    struct seen {
        std::size_t type;
        bool reported = false;
    };
    std::unordered_map<std::string, seen> types_;
};

}  // namespace lfdm
