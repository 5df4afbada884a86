#include "core/glob.hpp"

#include <cctype>

namespace lfdm {
namespace {

bool same(char a, char b, bool ignore_case) {
    if (!ignore_case) return a == b;
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text, bool ignore_case) {
    // Iterative matching with one backtrack point: linear in practice and
    // never exponential, whatever the pattern.
    std::size_t p = 0, t = 0;
    std::size_t star = std::string_view::npos, resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = t;
        } else if (p < pattern.size() &&
                   (pattern[p] == '?' || same(pattern[p], text[t], ignore_case))) {
            ++p;
            ++t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

bool glob_match_any(const std::vector<std::string>& patterns, std::string_view text,
                    bool ignore_case) {
    for (const auto& pattern : patterns) {
        if (glob_match(pattern, text, ignore_case)) return true;
    }
    return false;
}

bool glob_select(const std::vector<std::string>& include, const std::vector<std::string>& exclude,
                 std::string_view text, bool ignore_case) {
    if (!include.empty() && !glob_match_any(include, text, ignore_case)) return false;
    return !glob_match_any(exclude, text, ignore_case);
}

}  // namespace lfdm
