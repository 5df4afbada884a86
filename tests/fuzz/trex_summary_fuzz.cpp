// Fuzz target: the T-Rex decoder, on any bytes a miner (or whatever answers
// on its port) could send. Decoding never throws; a summary it accepts turns
// into lines that the strict reader reads back; and a field never changes
// type from one input to the next, since InfluxDB and Elasticsearch refuse
// that.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "collectors/trex/trex_metrics.hpp"
#include "core/line_protocol.hpp"
#include "support/line_parser.hpp"

namespace {

using namespace lfdm;

/// The first type seen for each measurement and field, across inputs.
std::map<std::string, std::size_t>& types_seen() {
    static std::map<std::string, std::size_t> types;
    return types;
}

void check_types(const std::vector<test::parsed_line>& lines) {
    for (const auto& line : lines) {
        for (const auto& [key, value] : line.point.fields) {
            const std::string name = line.point.measurement + "." + key;
            const auto [it, first] = types_seen().try_emplace(name, value.index());
            if (!first && it->second != value.index()) {
                std::fprintf(stderr, "field %s changed type\n", name.c_str());
                std::abort();
            }
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    (void)trex::decode_login(body);
    auto decoded = trex::decode_summary(body);
    auto* s = std::get_if<trex::summary>(&decoded);
    if (!s) return 0;

    trex::poll_result result;
    result.data = std::move(*s);
    metric_batch batch;
    trex::append_metrics({"http://127.0.0.1:4067", {{"rig", "rig-1"}}}, result, 0.5, batch);
    std::string text;
    for (const auto& m : batch.metrics)
        line_protocol::write(text, m, 1'700'000'000'000'000'000);
    try {
        check_types(test::parse_lines(text));
    } catch (const test::line_error& e) {
        std::fprintf(stderr, "invalid line: %s\n", e.what());
        std::abort();
    }
    return 0;
}
