#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/config_schema.hpp"
#include "telegraf/confgen_cli.hpp"
#include "telegraf/farm_request.hpp"
#include "telegraf/file_output.hpp"
#include "telegraf/prompter.hpp"

namespace lfdm::confgen {

/// What lfdm-confgen reads from and writes to.
struct confgen_io {
    std::istream& in;
    /// The configuration with --stdout, the next steps otherwise.
    std::ostream& out;
    /// Questions, warnings and errors.
    std::ostream& err;
    config::environment_lookup environment = config::process_environment;
    /// Whether stdin is a terminal (questions are then asked).
    bool terminal = false;
};

/// Settles the request: the flags given, the answers to questions when
/// `ask` is set, detected defaults for the rest. Appends warnings to
/// `warnings`. Throws `usage_error` for a wrong or missing value.
farm_request resolve_request(const confgen_options& options, prompter* ask,
                             const config::environment_lookup& environment,
                             std::vector<std::string>& warnings);

/// The files to write for `request`: telegraf.conf (secret when it holds the
/// Elasticsearch password in clear), the plugin's configuration and, when
/// asked, the index template. Each is checked as Telegraf and lfdm-plugin
/// will read it; a file failing that is a bug of lfdm-confgen, thrown as
/// std::logic_error (or `config::error` for the plugin's).
std::vector<output_file> build_files(const farm_request& request);

/// The steps to take once the files are written (set the password, test,
/// start the service, find the data in Grafana).
std::string next_steps(const farm_request& request, bool written);

/// The whole program on `args` (after the program name); returns the exit
/// status: 0 done, 1 a file could not be written or --check found errors,
/// 2 a wrong command line or value (nothing written).
int run_confgen(const std::vector<std::string_view>& args, confgen_io& io);

/// main() of lfdm-confgen.
int confgen_main(int argc, char** argv);

}  // namespace lfdm::confgen
