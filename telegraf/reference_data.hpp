#pragma once

#include <string_view>
#include <vector>

namespace lfdm::confgen {

/// One file of telegraf/reference/, compiled into the program.
struct reference_file {
    std::string_view name;
    std::string_view text;
};

/// Every file of telegraf/reference/, sorted by name.
const std::vector<reference_file>& reference_files();

}  // namespace lfdm::confgen
