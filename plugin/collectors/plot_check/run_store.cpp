#include "collectors/plot_check/run_store.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include <boost/json.hpp>

#include "core/utf8_path.hpp"

#if defined(_WIN32)
#include <io.h>
#else
#include <unistd.h>
#endif

namespace lfdm::plot_check {
namespace json = boost::json;
namespace {

constexpr std::int64_t format_version = 1;

json::object to_json(const run_summary& r) {
    json::object o;
    o["state"] = r.state;
    o["started_unix_seconds"] = r.started_unix_seconds;
    o["finished_unix_seconds"] = r.finished_unix_seconds;
    o["duration_seconds"] = r.duration_seconds;
    o["challenges"] = r.challenges;
    o["plots_found"] = r.plots_found;
    o["plots_loaded"] = r.plots_loaded;
    o["plots_tested"] = r.plots_tested;
    o["plots_good"] = r.plots_good;
    o["plots_bad"] = r.plots_bad;
    o["plots_unopenable"] = r.plots_unopenable;
    o["plots_slow"] = r.plots_slow;
    o["plots_duplicate"] = r.plots_duplicate;
    o["plots_key_missing"] = r.plots_key_missing;
    o["plots_skipped"] = r.plots_skipped;
    o["dirs_missing"] = r.dirs_missing;
    o["unknown_lines"] = r.unknown_lines;
    o["prover_messages"] = r.prover_messages;
    o["total_size_bytes"] = r.total_size_bytes;
    if (r.loading_seconds) o["loading_seconds"] = *r.loading_seconds;
    if (r.testing_seconds) o["testing_seconds"] = *r.testing_seconds;
    o["chia_version"] = r.chia_version;
    if (r.exit_code) o["exit_code"] = *r.exit_code;
    o["error"] = r.error;
    return o;
}

std::int64_t int_of(const json::object& o, std::string_view key, std::int64_t fallback = 0) {
    const auto* v = o.if_contains(key);
    return v && v->is_int64() ? v->as_int64() : fallback;
}

std::optional<double> double_of(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v) return std::nullopt;
    if (v->is_double()) return v->as_double();
    if (v->is_int64()) return static_cast<double>(v->as_int64());
    return std::nullopt;
}

std::string string_of(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

run_summary from_json(const json::object& o) {
    run_summary r;
    r.state = string_of(o, "state");
    r.started_unix_seconds = int_of(o, "started_unix_seconds");
    r.finished_unix_seconds = int_of(o, "finished_unix_seconds");
    r.duration_seconds = double_of(o, "duration_seconds").value_or(0);
    r.challenges = int_of(o, "challenges");
    r.plots_found = int_of(o, "plots_found");
    r.plots_loaded = int_of(o, "plots_loaded");
    r.plots_tested = int_of(o, "plots_tested");
    r.plots_good = int_of(o, "plots_good");
    r.plots_bad = int_of(o, "plots_bad");
    r.plots_unopenable = int_of(o, "plots_unopenable");
    r.plots_slow = int_of(o, "plots_slow");
    r.plots_duplicate = int_of(o, "plots_duplicate");
    r.plots_key_missing = int_of(o, "plots_key_missing");
    r.plots_skipped = int_of(o, "plots_skipped");
    r.dirs_missing = int_of(o, "dirs_missing");
    r.unknown_lines = int_of(o, "unknown_lines");
    r.prover_messages = int_of(o, "prover_messages");
    r.total_size_bytes = int_of(o, "total_size_bytes", -1);
    r.loading_seconds = double_of(o, "loading_seconds");
    r.testing_seconds = double_of(o, "testing_seconds");
    r.chia_version = string_of(o, "chia_version");
    if (o.contains("exit_code")) r.exit_code = int_of(o, "exit_code");
    r.error = string_of(o, "error");
    return r;
}

/// Flushes `file`'s data to the disk, so that the rename cannot land first.
/// Opens `path` for writing, whatever characters its name holds.
std::FILE* open_for_writing(const std::filesystem::path& path) {
#if defined(_WIN32)
    return ::_wfopen(path.c_str(), L"wb");
#else
    return std::fopen(path.c_str(), "wb");
#endif
}

bool flush_to_disk(std::FILE* file) {
    if (std::fflush(file) != 0) return false;
#if defined(_WIN32)
    return ::_commit(::_fileno(file)) == 0;
#else
    return ::fsync(::fileno(file)) == 0;
#endif
}

}  // namespace

std::string serialize(const stored_runs& runs) {
    json::object o;
    o["version"] = format_version;
    if (runs.last) o["last_run"] = to_json(*runs.last);
    if (runs.interrupted_started_unix_seconds > 0) {
        o["run_under_way_since"] = runs.interrupted_started_unix_seconds;
    }
    return json::serialize(o) + "\n";
}

std::optional<stored_runs> deserialize(std::string_view text, std::string& problem) {
    boost::system::error_code ec;
    const json::value value = json::parse(text, ec);
    if (ec || !value.is_object()) {
        problem = ec ? ec.message() : "not a JSON object";
        return std::nullopt;
    }
    const auto& o = value.as_object();
    if (int_of(o, "version") != format_version) {
        problem = "unknown format version";
        return std::nullopt;
    }
    stored_runs runs;
    if (const auto* last = o.if_contains("last_run"); last && last->is_object()) {
        runs.last = from_json(last->as_object());
    }
    runs.interrupted_started_unix_seconds = int_of(o, "run_under_way_since");
    return runs;
}

std::optional<stored_runs> load_runs(const std::filesystem::path& file, std::string& problem) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        if (errno == ENOENT) return stored_runs{};
        problem = "cannot read " + utf8_of(file) + ": " + std::strerror(errno);
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::string why;
    auto runs = deserialize(text.str(), why);
    if (!runs) problem = "cannot read " + utf8_of(file) + ": " + why;
    return runs;
}

std::string save_runs(const std::filesystem::path& file, const stored_runs& runs) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec) return "cannot create " + utf8_of(file.parent_path()) + ": " + ec.message();

    fs::path temporary = file;
    temporary += ".tmp";
    std::FILE* out = open_for_writing(temporary);
    if (!out) return "cannot write " + utf8_of(temporary) + ": " + std::strerror(errno);
    const std::string text = serialize(runs);
    const bool written =
        std::fwrite(text.data(), 1, text.size(), out) == text.size() && flush_to_disk(out);
    const int saved_errno = errno;
    std::fclose(out);
    if (!written) {
        fs::remove(temporary, ec);
        return "cannot write " + utf8_of(temporary) + ": " + std::strerror(saved_errno);
    }
    fs::rename(temporary, file, ec);
    if (ec) {
        const std::string problem = "cannot replace " + utf8_of(file) + ": " + ec.message();
        fs::remove(temporary, ec);
        return problem;
    }
    return {};
}

}  // namespace lfdm::plot_check
