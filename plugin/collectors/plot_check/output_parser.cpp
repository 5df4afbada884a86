#include "collectors/plot_check/output_parser.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "collectors/plot_check/plot_name.hpp"

namespace lfdm::plot_check {
namespace {

/// chia's C++ prover (chiapos) writes this on stdout when a read fails, with
/// the four stream state bits after it ("0201" with MSVC's values).
constexpr std::string_view prover_marker = "goodbit, failbit, badbit, eofbit: ";

/// A line longer than this is cut: memory stays bounded whatever comes.
constexpr std::size_t max_line_bytes = 64 * 1024;

/// Error texts and unknown-line samples are kept to this length.
constexpr std::size_t max_text_bytes = 500;

/// colorlog writes the message then its reset code; chia's messages from
/// 2.0 end some lines with this advice after the path.
constexpr std::string_view mismatch_advice =
    " This can occasionally happen with a compressed plot.";

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

/// Reads the integer at the start of `text` (after spaces) into `value` and
/// returns the rest; nothing when there is no number.
std::optional<std::string_view> read_int(std::string_view text, std::int64_t& value) {
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end == text.data()) return std::nullopt;
    return text.substr(static_cast<std::size_t>(end - text.data()));
}

std::string cut(std::string_view text) {
    return std::string(text.substr(0, max_text_bytes));
}

/// The path of a plot in "<path>. <more>": chia prints plots ending in .plot
/// or .plot2, which tells a path holding ". " from the end of the path.
std::string_view path_before_period(std::string_view text, std::string_view& rest) {
    std::size_t end = std::string_view::npos;
    for (const std::string_view ending : {".plot. ", ".plot2. "}) {
        const std::size_t at = text.find(ending);
        if (at != std::string_view::npos) {
            end = at + ending.size() - 2;
            break;
        }
    }
    if (end == std::string_view::npos) end = text.find(". ");
    if (end == std::string_view::npos) {
        rest = {};
        return trim(text.back() == '.' ? text.substr(0, text.size() - 1) : text);
    }
    rest = text.substr(end + 2);
    return text.substr(0, end);
}

/// "['/a', '/b']" (Python's list repr) as its items.
std::vector<std::string_view> python_list(std::string_view text) {
    std::vector<std::string_view> items;
    text = trim(text);
    if (text.starts_with('[')) text.remove_prefix(1);
    if (text.ends_with(']')) text.remove_suffix(1);
    while (!text.empty()) {
        std::size_t end = text.find(", ");
        std::string_view item = text.substr(0, end);
        item = trim(item);
        if (item.size() >= 2 && (item.front() == '\'' || item.front() == '"')) {
            item = item.substr(1, item.size() - 2);
        }
        if (!item.empty()) items.push_back(item);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 2);
    }
    return items;
}

/// A Python repr'd string's text: "D:\\\\plots" is D:\\plots.
std::string unescape_repr(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '\\') ++i;
        out += text[i];
    }
    return out;
}

/// `dir` and `name` joined with the separator `dir` uses.
std::string join_path(std::string_view dir, std::string_view name) {
    const bool windows =
        dir.find('\\') != std::string_view::npos || (dir.size() >= 2 && dir[1] == ':');
    std::string path(dir);
    if (!path.empty() && path.back() != '/' && path.back() != '\\') path += windows ? '\\' : '/';
    return path + std::string(name);
}

bool is_hex_id(std::string_view text) {
    if (text.size() < 64) return false;
    for (std::size_t i = 0; i < 64; ++i) {
        const char c = text[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

}  // namespace

std::string_view outcome_name(plot_outcome outcome) {
    switch (outcome) {
        case plot_outcome::testing:
            return "testing";
        case plot_outcome::good:
            return "good";
        case plot_outcome::bad:
            return "bad";
        case plot_outcome::unopenable:
            return "unopenable";
        case plot_outcome::timeout:
            return "timeout";
        case plot_outcome::incomplete:
            return "incomplete";
    }
    return "unknown";
}

output_parser::output_parser() = default;

void output_parser::feed(std::string_view bytes, output_stream stream) {
    stream_state& s = stream == output_stream::log ? log_stream_ : stdout_stream_;
    while (!bytes.empty()) {
        const void* found = std::memchr(bytes.data(), '\n', bytes.size());
        if (!found) {
            s.partial.append(bytes);
            if (s.partial.size() > max_line_bytes) {
                const std::string line = std::move(s.partial);
                s.partial.clear();
                read_line(line, stream);
            }
            return;
        }
        const auto length =
            static_cast<std::size_t>(static_cast<const char*>(found) - bytes.data());
        if (s.partial.empty()) {
            read_line(bytes.substr(0, length), stream);
        } else {
            std::string line = std::move(s.partial);
            s.partial.clear();
            line.append(bytes.substr(0, length));
            read_line(line, stream);
            if (s.partial.empty()) {
                line.clear();
                s.partial = std::move(line);  // keep the buffer
            }
        }
        bytes.remove_prefix(length + 1);
    }
}

void output_parser::finish(plot_outcome unfinished) {
    for (auto stream : {output_stream::log, output_stream::stdout_stream}) {
        stream_state& s = stream == output_stream::log ? log_stream_ : stdout_stream_;
        if (!s.partial.empty()) {
            const std::string line = std::move(s.partial);
            s.partial.clear();
            read_line(line, stream);
        }
        if (s.join_next) {
            s.join_next = false;
            const std::string line = std::move(s.joined);
            s.joined.clear();
            read_line(line, stream);
        }
    }
    if (unfinished == plot_outcome::testing || totals_.plots_testing == 0) return;
    for (std::size_t i = 0; i < plots_.size(); ++i) {
        if (plots_[i].outcome == plot_outcome::testing) finish_plot(i, unfinished);
    }
}

void output_parser::read_line(std::string_view line, output_stream stream) {
    ++totals_.lines;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (stream == output_stream::stdout_stream) {
        read_stdout_line(line);
        return;
    }

    std::string joined;
    stream_state& s = log_stream_;
    if (s.join_next) {
        s.join_next = false;
        joined = std::move(s.joined);
        s.joined.clear();
        joined.append(line);
        line = joined;
        --totals_.lines;  // one line cut in two by a prover line
    }
    if (std::memchr(line.data(), ',', line.size())) {
        line = remove_prover_text(line, s);
        if (s.join_next) return;
    }

    line = strip_ansi(line, ansi_scratch_);
    const log_line parts = split_log_line(line);
    if (parts.prefixed) {
        read_record(parts, parts.message);
    } else {
        read_continuation(line);
    }
}

/// A prover line written to the console while a log line was half written
/// splits that line: "<head>goodbit, ...: 0201" then "<rest of the line>".
std::string_view output_parser::remove_prover_text(std::string_view line, stream_state& state) {
    std::size_t at = line.find(prover_marker);
    if (at == std::string_view::npos) return line;
    std::string& kept = state.joined;
    kept.clear();
    while (at != std::string_view::npos) {
        ++totals_.prover_messages;
        kept.append(line.substr(0, at));
        std::size_t end = at + prover_marker.size();
        while (end < line.size() && end - at - prover_marker.size() < 8 && line[end] >= '0' &&
               line[end] <= '9')
            ++end;
        line.remove_prefix(end);
        at = line.find(prover_marker);
    }
    if (line.empty() && !kept.empty()) {
        state.join_next = true;  // the head's line goes on on the next line
        return {};
    }
    kept.append(line);
    prover_scratch_ = kept;
    kept.clear();
    return prover_scratch_;
}

void output_parser::read_stdout_line(std::string_view line) {
    line = strip_ansi(line, ansi_scratch_);
    if (line.find(prover_marker) != std::string_view::npos) {
        ++totals_.prover_messages;
    } else if (line.find("assphrase") != std::string_view::npos) {
        totals_.passphrase_prompt = true;
    } else if (!trim(line).empty()) {
        unknown(line);
    }
}

void output_parser::note_time(const log_line& line) {
    if (line.time.empty()) {
        if (!run_start_ && clock_) run_start_ = clock_;
        return;
    }
    last_time_text_.assign(line.time);
    // 1.0.x prints the time of day only: a run longer than a day loses days.
    if (line.time.size() == 12) {
        const auto t = time_seconds(line.time);
        if (t && *t < last_day_time_ - 3600) day_offset_ += 86400;
        if (t) last_day_time_ = *t;
    }
    if (!run_start_) run_start_ = latest_time();
}

std::optional<double> output_parser::latest_time() const {
    if (last_time_text_.empty()) return clock_;
    const auto t = time_seconds(last_time_text_);
    if (!t) return clock_;
    return last_time_text_.size() == 12 ? *t + day_offset_ : *t;
}

run_totals output_parser::totals() const {
    run_totals t = totals_;
    const auto to_ms = [](std::optional<double>& seconds) {
        if (seconds) seconds = std::round(*seconds * 1000) / 1000;
    };
    const auto now = latest_time();
    if (stated_loading_seconds_) {
        t.loading_seconds = stated_loading_seconds_;
    } else if (run_start_ && testing_start_) {
        t.loading_seconds = *testing_start_ - *run_start_;
    } else if (run_start_ && now) {
        t.loading_seconds = *now - *run_start_;
    }
    if (testing_start_) {
        const auto end = summary_time_ ? summary_time_ : now;
        if (end) t.testing_seconds = *end - *testing_start_;
    }
    to_ms(t.loading_seconds);
    to_ms(t.testing_seconds);
    return t;
}

void output_parser::read_record(const log_line& line, std::string_view message) {
    note_time(line);
    if (!line.chia_version.empty() && totals_.chia_version.empty()) {
        totals_.chia_version = std::string(line.chia_version);
    }
    continuation_ = continuation::none;
    const std::string_view text = trim(message);
    if (text.empty()) return;

    if (summary_list_ != summary_list::none) {
        if (!read_summary_message(text)) read_summary_path(text);
        return;
    }
    if (read_plot_message(text, line.level)) return;
    if (read_loading_message(text)) return;
    if (read_summary_message(text)) return;
    if (read_other_message(text)) return;
    unknown(text);
}

void output_parser::read_continuation(std::string_view line) {
    const std::string_view text = trim(line);
    if (text.empty()) return;
    const bool traceback = text == "Traceback (most recent call last):";
    switch (continuation_) {
        case continuation::failed_open:
            return;
        case continuation::ignored:
            if (!traceback) return;
            break;
        case continuation::duplicates:
            if (is_space(line.front())) {
                add_duplicate(duplicates_.back().plot, text);
                return;
            }
            break;
        case continuation::crash:
            if (is_space(line.front()) || traceback ||
                text.starts_with("During handling of the above exception") ||
                text.starts_with("The above exception was the direct cause")) {
                return;
            }
            totals_.crash = cut(text);
            return;
        case continuation::none:
            break;
    }
    if (traceback) {
        continuation_ = continuation::crash;
        return;
    }
    if (text.find("assphrase") != std::string_view::npos) {
        totals_.passphrase_prompt = true;
        return;
    }
    continuation_ = continuation::none;
    unknown(text);
}

bool output_parser::read_plot_message(std::string_view text, log_level level) {
    switch (text.front()) {
        case 'L':
            if (text.starts_with("Looking up qualities took: ")) {
                read_timing(text, true, level);
                return true;
            }
            return text.starts_with("Local sk:");
        case 'F':
            if (text.starts_with("Finding proof took: ")) {
                read_timing(text, false, level);
                return true;
            }
            return text.starts_with("Farmer public key:");
        case 'S':
            if (text.starts_with("Solving proof took: ")) {  // v2 plots, 2.5.7+
                read_timing(text, false, level);
                return true;
            }
            return false;
        case 'P':
            if (text.starts_with("Proofs ")) {
                read_result(text, level);
                return true;
            }
            if (text.starts_with("Pool contract address:")) {
                if (current_ != no_plot) {
                    plots_[current_].pool = pool_kind::contract;
                    plots_[current_].pool_contract = std::string(trim(text.substr(22)));
                }
                return true;
            }
            if (text.starts_with("Pool public key:")) {
                // 1.0 to 1.2.10 print "None" here for plots of a pool contract.
                if (current_ != no_plot && trim(text.substr(16)) != "None") {
                    plots_[current_].pool = pool_kind::public_key;
                }
                return true;
            }
            if (text.starts_with("Proof dropped due to line point compression.")) {
                if (auto* plot = plot_of(text)) ++plot->proofs_dropped;
                return true;
            }
            return false;
        case 'T':
            if (text.starts_with("Testing plot ")) {
                start_plot(text.substr(13));
                return true;
            }
            return false;
        case 'Q':
            if (text.starts_with("Quality doesn't match with proof.")) {
                if (auto* plot = plot_of(text)) ++plot->warnings;
                return true;
            }
            return false;
        case '<':
            return read_plot_error(text);
        default:
            return false;
    }
}

void output_parser::start_plot(std::string_view text) {
    const std::size_t k_at = text.rfind(" k=");
    const std::string_view path = k_at == std::string_view::npos ? text : text.substr(0, k_at);
    std::size_t index = plot_at(path);
    if (plots_[index].outcome != plot_outcome::testing) {
        // Tested again (a second `chia plots check` in the same log).
        index_.erase(plots_[index].path);
        index = plot_at(path);
    }
    // From 2.5.7 "k=" describes an object whose text is not known here; the
    // k size then comes from the file name (see plot_metric).
    if (k_at != std::string_view::npos) {
        plots_[index].k = k_from_description(text.substr(k_at + 3));
    }
    if (!key_missing_.empty() && key_missing_.contains(std::string(path))) {
        plots_[index].key_missing = true;
    }
    current_ = index;
    if (!testing_start_) {
        testing_start_ = latest_time();
    }
}

std::size_t output_parser::plot_at(std::string_view path) {
    if (const auto found = index_.find(path); found != index_.end()) return found->second;
    const std::size_t index = plots_.size();
    plots_.emplace_back().path = std::string(path);
    index_.emplace(plots_.back().path, index);
    ++totals_.plots_testing;
    return index;
}

plot_result* output_parser::plot_of(std::string_view text) {
    const std::size_t at = text.rfind("Filepath: ");
    if (at == std::string_view::npos) {
        if (current_ == no_plot || plots_[current_].outcome != plot_outcome::testing) {
            return nullptr;
        }
        return &plots_[current_];
    }
    std::string_view path = text.substr(at + 10);
    if (path.ends_with(mismatch_advice)) path.remove_suffix(mismatch_advice.size());
    path = trim(path);
    return &plots_[plot_at(path)];
}

void output_parser::read_timing(std::string_view text, bool lookup, log_level level) {
    std::int64_t ms = 0;
    if (!read_int(text.substr(text.find(": ") + 2), ms)) return;
    plot_result* plot = plot_of(text);
    if (!plot) return;
    if (level == log_level::warning ||
        text.find("This should be below") != std::string_view::npos) {
        plot->slow_warning = true;
        ++plot->warnings;
    }
    if (lookup) {
        ++plot->lookups;
        plot->lookup_total_ms += ms;
        if (ms > plot->lookup_max_ms) plot->lookup_max_ms = ms;
    } else {
        ++plot->proof_searches;
        plot->proof_total_ms += ms;
        if (ms > plot->proof_max_ms) plot->proof_max_ms = ms;
    }
}

/// "Proofs 9 / 5, 1.8" (1.x: of the last plot started), "Proofs 30 / 30,
/// 1.0. Filepath: <path>" (2.0+, good) or "Proofs 0 / 30, 0.0 Filepath:
/// <path>" (2.0+, bad). INFO means good and ERROR bad; chia counts a plot
/// bad after any error, even with proofs found.
void output_parser::read_result(std::string_view text, log_level level) {
    std::int64_t found = 0, challenges = 0;
    auto rest = read_int(text.substr(7), found);
    if (!rest || !rest->starts_with(" / ")) {
        unknown(text);
        return;
    }
    if (!read_int(rest->substr(3), challenges)) {
        unknown(text);
        return;
    }
    plot_result* plot = plot_of(text);
    if (!plot) return;
    plot->proofs = found;
    plot->challenges = challenges;
    bool good = found > 0 && plot->errors == 0;
    if (level == log_level::error) good = false;
    if (level == log_level::info) good = true;
    finish_plot(static_cast<std::size_t>(index_.find(plot->path)->second),
                good ? plot_outcome::good : plot_outcome::bad);
}

/// "<class 'RuntimeError'>: <what> error in getting challenge qualities for
/// plot <path>", and the "proving/verifying" and "getting full proof" forms.
bool output_parser::read_plot_error(std::string_view text) {
    static constexpr std::pair<std::string_view, std::string_view> kinds[] = {
        {" error in getting challenge qualities for plot ", "getting challenge qualities"},
        {" error in proving/verifying for plot ", "proving/verifying"},
        {" error in getting full proof for plot ", "getting full proof"},
    };
    for (const auto& [marker, what] : kinds) {
        const std::size_t at = text.find(marker);
        if (at == std::string_view::npos) continue;
        std::string_view path = text.substr(at + marker.size());
        if (const std::size_t suffix = path.rfind(". Filepath: ");
            suffix != std::string_view::npos) {
            path = path.substr(0, suffix);
        }
        std::string_view kind = text.substr(0, at);
        std::string_view detail;
        if (kind.starts_with("<class '")) {
            const std::size_t close = kind.find("'>");
            if (close != std::string_view::npos) {
                detail = trim(kind.substr(close + 3));
                kind = kind.substr(8, close - 8);
                if (const std::size_t dot = kind.rfind('.'); dot != std::string_view::npos) {
                    kind.remove_prefix(dot + 1);
                }
            }
        }
        plot_result& plot = plots_[plot_at(trim(path))];
        ++plot.errors;
        if (plot.error.empty()) {
            std::string error = std::string(what) + ": " + std::string(kind);
            if (!detail.empty()) error += ": " + std::string(detail);
            plot.error = cut(error);
        }
        return true;
    }
    return false;
}

void output_parser::finish_plot(std::size_t index, plot_outcome outcome) {
    plot_result& plot = plots_[index];
    if (plot.outcome != plot_outcome::testing) return;
    plot.outcome = outcome;
    --totals_.plots_testing;
    switch (outcome) {
        case plot_outcome::good:
            ++totals_.plots_tested;
            ++totals_.plots_good;
            break;
        case plot_outcome::bad:
            ++totals_.plots_tested;
            ++totals_.plots_bad;
            break;
        case plot_outcome::unopenable:
            ++totals_.plots_unopenable;
            break;
        default:
            break;
    }
    finished_.push_back(index);
}

bool output_parser::read_loading_message(std::string_view text) {
    std::int64_t n = 0, m = 0;
    if (text.starts_with("event: ")) {  // 1.2.10+
        const std::size_t comma = text.find(", loaded ");
        if (comma == std::string_view::npos) return false;
        const std::string_view event = text.substr(7, comma - 7);
        auto rest = read_int(text.substr(comma + 9), n);
        if (!rest || !rest->starts_with(" plots, ") || !read_int(rest->substr(8), m)) return false;
        if (event == "started") {
            totals_.plots_found = std::max(totals_.plots_found, n + m);
        } else if (event == "batch_processed") {
            loaded_in_batches_ += n;
            totals_.plots_loaded = loaded_in_batches_;
        } else if (event == "done") {
            totals_.plots_loaded = n;
        }
        return true;
    }
    if (text.starts_with("loaded ")) {  // 1.2.4 to 1.2.9, one line per batch
        auto rest = read_int(text.substr(7), n);
        if (!rest || !rest->starts_with(" plots, ") || !read_int(rest->substr(8), m)) return false;
        loaded_in_batches_ += n;
        totals_.plots_loaded = loaded_in_batches_;
        totals_.plots_found =
            std::max(totals_.plots_found, totals_.plots_loaded + totals_.plots_unopenable + m);
        return true;
    }
    if (text.starts_with("Loaded a total of ")) {  // up to 1.2.3
        auto rest = read_int(text.substr(18), n);
        if (!rest) return false;
        totals_.plots_loaded = n;
        totals_.plots_found = std::max(totals_.plots_found, n + totals_.plots_unopenable);
        if (const std::size_t in = rest->rfind(", in "); in != std::string_view::npos) {
            double seconds = 0;
            const std::string_view number = rest->substr(in + 5);
            const auto [end, ec] =
                std::from_chars(number.data(), number.data() + number.size(), seconds);
            if (ec == std::errc()) stated_loading_seconds_ = seconds;
        }
        return true;
    }
    if (text.starts_with("Starting to test each plot with ")) {
        if (read_int(text.substr(32), n)) totals_.challenges = n;
        testing_start_ = latest_time();
        continuation_ = continuation::ignored;
        return true;
    }
    if (text.starts_with("Loading plots in config.yaml")) {
        continuation_ = continuation::ignored;
        return true;
    }
    if (text.starts_with("Failed to open file ")) {
        read_failed_open(text.substr(20));
        return true;
    }
    return false;
}

void output_parser::read_failed_open(std::string_view text) {
    std::string_view rest;
    const std::string_view path = path_before_period(text, rest);
    std::string_view error = rest;
    if (const std::size_t tb = error.find("Traceback (most recent call last):");
        tb != std::string_view::npos) {
        error = error.substr(0, tb);
    }
    error = trim(error);
    const std::size_t index = plot_at(path);
    plot_result& plot = plots_[index];
    ++plot.errors;
    if (plot.error.empty()) {
        plot.error = cut("opening: " + std::string(error.empty() ? "unknown error" : error));
    }
    finish_plot(index, plot_outcome::unopenable);
    totals_.plots_found =
        std::max(totals_.plots_found, totals_.plots_loaded + totals_.plots_unopenable);
    continuation_ = continuation::failed_open;
}

bool output_parser::read_summary_message(std::string_view text) {
    if (text == "Summary") {
        totals_.summary_seen = true;
        summary_time_ = latest_time();
        return true;
    }
    if (text.starts_with("Found ") && text.ends_with(" TiB")) {
        std::int64_t valid = 0;
        const auto rest = read_int(text.substr(6), valid);
        const std::string_view marker = " valid plots, total size ";
        if (!rest || !rest->starts_with(marker)) return false;
        std::string_view size = rest->substr(marker.size());
        size.remove_suffix(4);
        double tib = 0;
        const auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), tib);
        if (ec != std::errc()) return false;
        totals_.summary_valid = valid;
        totals_.total_size_tib = tib;
        totals_.total_size_text = std::string(size);
        totals_.summary_seen = true;
        return true;
    }
    if (text.starts_with("There are ") &&
        text.find(" plots with a farmer or pool public key") != std::string_view::npos) {
        std::int64_t n = 0;
        if (read_int(text.substr(10), n)) {
            no_key_from_summary_ = n;
            totals_.plots_key_missing = std::max(totals_.plots_key_missing, n);
        }
        summary_list_ = summary_list::none;
        return true;
    }
    if (text.front() < '0' || text.front() > '9') return false;

    std::int64_t n = 0;
    const auto rest = read_int(text, n);
    if (!rest) return false;
    if (*rest == " invalid plots found:") {
        totals_.summary_invalid = n;
        summary_list_ = summary_list::bad;
        return true;
    }
    if (*rest == " bad plots:") {
        summary_list_ = summary_list::bad;
        return true;
    }
    if (*rest == " unopenable plots:") {
        summary_list_ = summary_list::unopenable;
        return true;
    }
    if (!totals_.summary_seen) return false;
    for (const std::string_view marker : {" plots of size ", " v1 plots of size "}) {
        if (rest->starts_with(marker)) {
            totals_.sizes.emplace_back("k" + std::string(trim(rest->substr(marker.size()))), n);
            return true;
        }
    }
    if (*rest == " v2 plots") {  // 2.5.7+
        totals_.sizes.emplace_back("v2", n);
        return true;
    }
    return false;
}

/// A path listed under "bad plots:" or "unopenable plots:": normally a plot
/// already known; one the output never showed is added with the outcome.
void output_parser::read_summary_path(std::string_view path) {
    const bool bad = summary_list_ == summary_list::bad;
    const std::size_t index = plot_at(path);
    plot_result& plot = plots_[index];
    if (plot.outcome == plot_outcome::testing) {
        if (plot.error.empty()) {
            plot.error =
                bad ? "listed as bad in chia's summary" : "listed as unopenable in chia's summary";
        }
        finish_plot(index, bad ? plot_outcome::bad : plot_outcome::unopenable);
    }
}

bool output_parser::read_other_message(std::string_view text) {
    static constexpr std::string_view known[] = {
        "Only loading plots that contain ",
        "Loaded ",  // "Loaded 816066 bytes of cached data"
        "Parsed ",  // "Parsed 832 cache entries in 0.15s"
        "Saved ",
        "Searching directories ",
        "Found plot ",
        "Use 30 challenges",
        "Checking for duplicate Plot IDs",
        "Plot filenames expected to end with",
        "Not opening plot files",
        "Memo: ",
    };
    for (const auto prefix : known) {
        if (text.starts_with(prefix)) return true;
    }
    if (text.ends_with(" challenges is too low, setting it to the minimum of 5") ||
        text.ends_with(" does not end with -[64 char plot ID].plot")) {
        return true;
    }
    if (text.starts_with("Failed to load cache") || text.starts_with("Failed to save cache") ||
        text.starts_with("Plot Memos:")) {
        continuation_ = continuation::ignored;
        return true;
    }
    if (text.starts_with("Interrupted, closing") || text.starts_with("System is shutting down")) {
        totals_.interrupted = true;
        return true;
    }
    if (text.starts_with("Have multiple copies of the plot ")) {
        text.remove_prefix(33);
        if (const std::size_t in = text.find(" in ["); in != std::string_view::npos) {
            // 1.2.4+: "<file name> in ['<dir>', '<dir>']."
            const std::string_view name = text.substr(0, in);
            std::string_view list = text.substr(in + 4);
            if (list.ends_with('.')) list.remove_suffix(1);
            for (const auto dir : python_list(list))
                add_duplicate(name, join_path(unescape_repr(dir), name));
        } else {  // up to 1.2.3: "<path>, not adding it."
            const std::string_view path = text.substr(0, text.rfind(", not adding it"));
            const std::size_t slash = path.find_last_of("/\\");
            add_duplicate(slash == std::string_view::npos ? path : path.substr(slash + 1), path);
        }
        return true;
    }
    if (is_hex_id(text) && text.ends_with(" found in multiple files:")) {
        // -l: "<id>.plot found in multiple files:", then TAB-indented paths.
        add_duplicate(text.substr(0, 64), {});
        continuation_ = continuation::duplicates;
        return true;
    }
    if (text.starts_with("Not farming ")) {
        const std::size_t plot_at_text = text.find("plot ");
        if (plot_at_text == std::string_view::npos) return false;
        std::string_view reason;
        const std::string_view path = path_before_period(text.substr(plot_at_text + 5), reason);
        skipped_.push_back({std::string(path), cut(trim(reason))});
        ++totals_.plots_skipped;
        return true;
    }
    if (text.starts_with("Plot ") &&
        (text.ends_with(" has a farmer public key that is not in the farmer's pk list.") ||
         text.ends_with(" has a pool public key that is not in the farmer's pool pk list."))) {
        count_key_missing(text.substr(5, text.find(" has a ") - 5));
        return true;
    }
    if (text.starts_with("Directory: ") && text.ends_with(" does not exist.")) {
        missing_dirs_.push_back(cut(text.substr(11, text.size() - 27)));
        ++totals_.dirs_missing;
        return true;
    }
    if (text.starts_with("Error checking if directory ") ||
        text.starts_with("Error reading directory ") || text.starts_with("Failed to resolve ")) {
        missing_dirs_.push_back(cut(text));
        ++totals_.dirs_missing;
        continuation_ = continuation::ignored;
        return true;
    }
    return false;
}

void output_parser::add_duplicate(std::string_view plot, std::string_view path) {
    // Keyed by plot id, so that the -l listing and the loading warnings of
    // one plot make one entry.
    const std::string id = parse_plot_name(plot).id;
    auto [found, added] = duplicate_index_.try_emplace(id, duplicates_.size());
    if (added) {
        duplicates_.push_back({id, {}});
        ++totals_.plots_duplicate;
    }
    auto& paths = duplicates_[found->second].paths;
    if (!path.empty() && std::find(paths.begin(), paths.end(), path) == paths.end()) {
        paths.emplace_back(path);
    }
}

void output_parser::count_key_missing(std::string_view path) {
    key_missing_.try_emplace(std::string(path), true);
    totals_.plots_key_missing = std::max<std::int64_t>(
        static_cast<std::int64_t>(key_missing_.size()), no_key_from_summary_);
}

void output_parser::unknown(std::string_view text) {
    ++totals_.unknown_lines;
    if (unknown_samples_.size() < unknown_samples_kept) unknown_samples_.push_back(cut(text));
}

}  // namespace lfdm::plot_check
