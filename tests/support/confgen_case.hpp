#pragma once

#include <filesystem>
#include <map>
#include <string>

/// The typical machines of tests/telegraf/golden: each folder holds the
/// arguments lfdm-confgen is run with (`args`, one a line) and the
/// environment it gets (`env`, NAME=VALUE lines, optional). The golden test
/// compares what it prints with the files beside them, the examples test with
/// examples/telegraf/.
namespace lfdm::test {

/// Runs lfdm-confgen with the arguments and environment of the golden folder
/// `dir`, and returns what it printed by file name: "telegraf.conf",
/// "lfdm.toml", "template.json" (with --es-template) and "next-steps.txt"
/// (its stderr). Fails the running test when lfdm-confgen does not exit 0.
std::map<std::string, std::string> run_confgen_case(const std::filesystem::path& dir);

}  // namespace lfdm::test
