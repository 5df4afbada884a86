#pragma once

#include <string>
#include <string_view>

#include "collectors/plot_check/output_parser.hpp"
#include "collectors/plot_check/plot_check_metrics.hpp"

/// The readable summary of a plot check, for a person at a terminal
/// (`lfdm-plugin plot-check --from-log FILE --report`): the totals, then the
/// bad, unopenable and slow plots with their reasons.
namespace lfdm::plot_check {

/// The report of the output `parser` has read from `source` (a file name, or
/// "standard input").
std::string write_report(const output_parser& parser, const slow_thresholds& slow,
                         std::string_view source);

/// A duration for people: "850 ms", "42.5 s", "12 min 5 s", "3 h 02 min".
std::string format_seconds(double seconds);

}  // namespace lfdm::plot_check
