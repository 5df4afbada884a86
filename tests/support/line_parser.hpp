#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/metric.hpp"

/// A strict reader of Influx line protocol for tests: it splits and unescapes
/// a line as Telegraf's parser does (an escape pair is a backslash and any
/// byte; `\,` `\ ` `\=` and `\"` unescape in keys and tag values, `\\` and
/// `\"` in string fields), and also checks what this project promises on
/// top: valid UTF-8, no control characters, tags sorted and unique, no tag
/// or field named `time`, integers with `i`, booleans as `true`/`false`,
/// finite floats, a nanosecond timestamp and a final newline.
namespace lfdm::test {

/// One line read back.
struct parsed_line {
    metric point;
    std::int64_t timestamp = 0;
};

/// A line the strict reader refuses, with the reason.
class line_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Reads one line, which must end in '\n'. Throws `line_error`.
parsed_line parse_line(std::string_view line);

/// Reads every line of `text`. Throws `line_error` naming the line number.
std::vector<parsed_line> parse_lines(std::string_view text);

}  // namespace lfdm::test
