#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "telegraf/telegraf_keys.hpp"

/// The check of a telegraf.conf. Telegraf refuses to start on a key it does
/// not know; this finds such keys before Telegraf does, with their place and
/// the nearest valid key, and warns about what works badly with LFDM.
namespace lfdm::confgen {

/// How serious a finding is: an error stops Telegraf; a warning is a
/// configuration Telegraf runs that works badly for LFDM.
enum class severity { error, warning, note };

/// One problem found in a telegraf.conf, with its place.
struct finding {
    severity level = severity::error;
    int line = 0;
    int column = 0;
    /// The table, such as "outputs.elasticsearch", or empty at the root.
    std::string table;
    std::string message;
};

/// Checks the text of a telegraf.conf: TOML syntax, every table and key
/// against `keys`, and what LFDM needs of the Elasticsearch output and the
/// plugin's execd input.
std::vector<finding> check_telegraf_conf(std::string_view text,
                                         const telegraf_keys& keys = telegraf_keys::builtin());

/// "FILE:LINE:COLUMN: error: [table] message", on one line: control
/// characters of the table and message are written as escapes ("\n").
std::string format_finding(const std::string& file, const finding& f);

/// Whether any finding is an error.
bool has_errors(const std::vector<finding>& findings);

}  // namespace lfdm::confgen
