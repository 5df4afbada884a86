#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "telegraf/reference_data.hpp"

/// What Telegraf accepts in each table, read from its own sample
/// configurations and key lists (telegraf/reference/).
namespace lfdm::confgen {

/// The keys one table accepts, and its sub-tables.
struct key_set {
    std::set<std::string> keys;
    std::map<std::string, key_set> tables;
    /// A map whose keys are free, such as `[global_tags]` or `headers`.
    bool any_key = false;

    /// Adds every key and sub-table of `other`.
    void merge(const key_set& other);
    /// Whether `key` is accepted as a key or a sub-table.
    bool accepts(const std::string& key) const;
    /// Every key and sub-table name, for "did you mean".
    std::vector<std::string> names() const;
};

/// Telegraf's keys for `[agent]` and for every plugin of the reference.
class telegraf_keys {
  public:
    /// Reads the reference files: `agent.keys.txt`, `plugin.common.keys.txt`,
    /// `<kind>.<plugin>.sample.conf`, `<...>.keys.txt`. Throws
    /// `std::runtime_error` when one of them cannot be read.
    static telegraf_keys from_files(const std::vector<reference_file>& files);
    /// The reference compiled into the program.
    static const telegraf_keys& builtin();

    /// The keys of `[agent]`.
    const key_set& agent() const { return agent_; }
    /// The keys of plugin `kind.name` ("inputs", "http"), the common ones
    /// included; nullptr when the reference does not have that plugin.
    const key_set* plugin(std::string_view kind, std::string_view name) const;
    /// The names of the plugins of `kind` the reference has.
    std::vector<std::string> plugins(std::string_view kind) const;

  private:
    key_set agent_;
    std::map<std::string, key_set> plugins_;  // "inputs.http" -> keys
};

/// The keys and sub-tables one `<kind>.<plugin>.sample.conf` shows, commented
/// out or not, and the plugin's path ("outputs.elasticsearch").
std::pair<std::string, key_set> read_sample_keys(std::string_view sample);

}  // namespace lfdm::confgen
