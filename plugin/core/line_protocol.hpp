#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/metric.hpp"

/// The Influx line protocol writer, exact to the rules of Telegraf's parser
/// (and InfluxDB 1.x's):
///
/// - measurement: `,` and space are escaped; tag keys, tag values and field
///   keys: `,`, `=` and space are escaped;
/// - no raw control character anywhere: tab, CR, LF and the others become a
///   space, and bytes that are not valid UTF-8 become U+FFFD;
/// - a backslash directly before a character that needs escaping, before a
///   double quote, or at the end of a name or tag value is dropped, because
///   no escaping makes Telegraf read it back: a Windows drive root `D:\` is
///   written `D:`;
/// - tags are sorted by key; a tag with an empty value is left out;
/// - string fields escape `\` and `"`; integers end in `i`; floats are the
///   shortest decimal that reads back to the same double; NaN and infinities
///   are left out;
/// - a tag or field named `time` is left out (InfluxDB drops it silently);
/// - a line without any field is not written at all.
namespace lfdm::line_protocol {

/// Appends `m` as one line ending in '\n', stamped `timestamp_ns` (nanoseconds
/// since the Unix epoch). Returns false and appends nothing when the metric
/// cannot be written (no measurement, or no writable field). Everything left
/// out is described in `notes`, one message each, when `notes` is given.
bool write(std::string& out, const metric& m, std::int64_t timestamp_ns,
           std::vector<std::string>* notes = nullptr);

/// `text` as valid UTF-8 without control characters: the form every name,
/// tag and string the writer emits is first brought to.
std::string clean_text(std::string_view text);

/// Appends the shortest decimal form of a finite double.
void append_float(std::string& out, double value);

}  // namespace lfdm::line_protocol
