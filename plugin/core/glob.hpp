#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lfdm {

/// Whether `text` matches `pattern`, where `*` stands for any run of
/// characters (slashes included) and `?` for any one character.
/// With `ignore_case`, ASCII letters match either case (Windows paths).
bool glob_match(std::string_view pattern, std::string_view text, bool ignore_case = false);

/// Whether `text` matches any of `patterns`.
bool glob_match_any(const std::vector<std::string>& patterns, std::string_view text,
                    bool ignore_case = false);

/// Whether `text` passes an include list (empty: everything) and is not in an
/// exclude list.
bool glob_select(const std::vector<std::string>& include, const std::vector<std::string>& exclude,
                 std::string_view text, bool ignore_case = false);

}  // namespace lfdm
