#include "support/config_text.hpp"

namespace lfdm::test {

std::optional<std::string> test_environment(const std::string& name) {
    if (name == "FARMER") return "zoé";
    if (name == "TREX_API_PASSWORD") return "s3cret";
    return std::nullopt;
}

plugin_config parse_config(std::string_view text) {
    return parse_plugin_config(text, "lfdm.toml", test_environment);
}

std::string config_error_of(std::string_view text) {
    try {
        parse_config(text);
    } catch (const config::error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace lfdm::test
