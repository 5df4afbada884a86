#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "collectors/plot_check/log_line.hpp"

/// The incremental reader of `chia plots check` output, for every chia
/// version from 1.0 to 2.7: fed bytes as they arrive (or a whole saved log),
/// it keeps the results of the plots and the run. Pure: no file, process or
/// clock inside; the live run and `plot-check --from-log` share it.
namespace lfdm::plot_check {

/// What became of one plot.
enum class plot_outcome : std::uint8_t {
    testing,     ///< its test started and has no result yet
    good,        ///< chia found proofs and met no error
    bad,         ///< no proof, or an error while looking up or proving
    unopenable,  ///< chia could not open the file
    timeout,     ///< the run was killed as timed out before its result
    incomplete,  ///< the run ended (crash, stop) before its result
};

/// The name of an outcome as written in metrics: "good", "bad", ...
std::string_view outcome_name(plot_outcome outcome);

/// How a plot is tied to a pool.
enum class pool_kind : std::uint8_t {
    unknown,     ///< not printed (1.0 to 1.2.10 print "None" for pool plots)
    contract,    ///< a pool contract (plot NFT): `Pool contract address`
    public_key,  ///< an OG or solo plot: `Pool public key`
};

/// Everything the output says about one plot.
struct plot_result {
    std::string path;
    plot_outcome outcome = plot_outcome::testing;
    /// From "k=" (or the file name from 2.5.7); 0 when unknown.
    int k = 0;
    pool_kind pool = pool_kind::unknown;
    /// The `xch1...` address of the pool contract, when printed.
    std::string pool_contract;
    /// Proofs found, over `challenges` (found may exceed challenges: a
    /// challenge can have several qualities). -1 before the result line.
    std::int64_t proofs = -1;
    std::int64_t challenges = 0;
    /// Quality lookups timed, their slowest and total in ms.
    std::int64_t lookups = 0;
    std::int64_t lookup_max_ms = 0;
    std::int64_t lookup_total_ms = 0;
    /// Proof searches timed, their slowest and total in ms.
    std::int64_t proof_searches = 0;
    std::int64_t proof_max_ms = 0;
    std::int64_t proof_total_ms = 0;
    /// Proofs lost to line point compression (compressed plots, 2.0+).
    std::int64_t proofs_dropped = 0;
    /// Warnings and errors chia logged about this plot.
    std::int64_t warnings = 0;
    std::int64_t errors = 0;
    /// Whether chia itself warned that a lookup or proof was too slow.
    bool slow_warning = false;
    /// Whether chia warned that the plot's farmer or pool key is not here.
    bool key_missing = false;
    /// The first error, such as "getting challenge qualities: RuntimeError:
    /// badbit or failbit after seeking to 1234"; empty when none.
    std::string error;
};

/// A plot id (or file name) found in several files.
struct duplicate_plot {
    std::string plot;
    std::vector<std::string> paths;
};

/// A plot chia found but did not load, and why.
struct skipped_plot {
    std::string path;
    std::string reason;
};

/// What the output says about the run as a whole.
struct run_totals {
    /// Challenges per plot, from "Starting to test each plot with N
    /// challenges" (after chia raised values under 5).
    std::int64_t challenges = 0;
    /// Plot files found in the plot directories, and loaded among them.
    std::int64_t plots_found = 0;
    std::int64_t plots_loaded = 0;
    /// Plots with a result so far, by outcome.
    std::int64_t plots_tested = 0;
    std::int64_t plots_good = 0;
    std::int64_t plots_bad = 0;
    std::int64_t plots_unopenable = 0;
    /// Plots whose test started and has no result yet.
    std::int64_t plots_testing = 0;
    /// Plot ids found in more than one file.
    std::int64_t plots_duplicate = 0;
    /// Plots with a farmer or pool key that is not on this machine.
    std::int64_t plots_key_missing = 0;
    /// Plots found but not loaded (being copied, compression too high).
    std::int64_t plots_skipped = 0;
    /// Plot directories chia says do not exist or cannot be read.
    std::int64_t dirs_missing = 0;
    /// From the summary: valid plots and their size; -1 / nothing before it.
    std::int64_t summary_valid = -1;
    std::int64_t summary_invalid = -1;
    std::optional<double> total_size_tib;
    /// The size text as chia printed it ("81.65280"), for reports.
    std::string total_size_text;
    /// Valid plots per size from the summary: "k32" → 825, "v2" → 3.
    std::vector<std::pair<std::string, std::int64_t>> sizes;
    bool summary_seen = false;
    /// chia's version, when its log prefix carries it (2.4.4 and later).
    std::string chia_version;
    /// Seconds spent loading plots and testing them, from the log's times (or
    /// the clock given to the parser for lines without one). The testing time
    /// grows until the summary.
    std::optional<double> loading_seconds;
    std::optional<double> testing_seconds;
    /// Lines not understood, and stray lines of chia's C++ prover
    /// (`goodbit, failbit, badbit, eofbit: 0201`).
    std::int64_t unknown_lines = 0;
    std::int64_t prover_messages = 0;
    /// Lines read in all.
    std::int64_t lines = 0;
    /// The last line of a traceback printed outside any record (chia
    /// crashed), such as "KeyError: 'harvester'".
    std::string crash;
    /// chia said it was interrupted or shutting down.
    bool interrupted = false;
    /// chia asked for the keyring passphrase (no passphrase file given).
    bool passphrase_prompt = false;
};

/// Which output a chunk comes from. A saved log is read as `log`: both
/// streams mixed, with prover lines possibly spliced into log lines.
enum class output_stream : std::uint8_t { log, stdout_stream };

/// The incremental parser. Memory grows with the number of plots, never
/// with the number of lines.
class output_parser {
  public:
    output_parser();

    /// Reads `bytes`, which may end in the middle of a line (the rest comes
    /// with the next call for the same stream).
    void feed(std::string_view bytes, output_stream stream = output_stream::log);

    /// The time, in seconds on any steady scale, to use for lines that carry
    /// no time of their own (Python's default format, a live run).
    void set_clock(double seconds) { clock_ = seconds; }

    /// Ends the output: reads any unfinished last line, and gives the plots
    /// still being tested `unfinished` (`timeout` or `incomplete`; `testing`
    /// leaves them as they are).
    void finish(plot_outcome unfinished = plot_outcome::incomplete);

    /// Every plot seen, in the order first seen. Stable: elements never move.
    const std::deque<plot_result>& plots() const { return plots_; }
    /// Indexes in `plots()` of the plots with a result, in the order their
    /// results came. Only grows; a consumer keeps how far it has read.
    const std::vector<std::size_t>& finished() const { return finished_; }
    /// The run's totals so far, with its loading and testing times.
    run_totals totals() const;
    const std::vector<duplicate_plot>& duplicates() const { return duplicates_; }
    const std::vector<skipped_plot>& skipped() const { return skipped_; }
    /// Plot directories chia could not find or read, with its words.
    const std::vector<std::string>& missing_dirs() const { return missing_dirs_; }
    /// The first unknown lines (at most `unknown_samples_kept`), for logs.
    const std::vector<std::string>& unknown_samples() const { return unknown_samples_; }

    static constexpr std::size_t unknown_samples_kept = 20;

  private:
    /// What unprefixed lines after a record belong to.
    enum class continuation : std::uint8_t {
        none,         ///< nothing: an unprefixed line is unknown (or a crash)
        ignored,      ///< a known multi-line message: continuation lines skipped
        failed_open,  ///< the traceback of a plot that failed to open
        duplicates,   ///< TAB-indented paths of a duplicate listing
        crash,        ///< a traceback outside any record
    };
    /// Which list of the summary is being read.
    enum class summary_list : std::uint8_t { none, bad, unopenable };

    struct stream_state {
        std::string partial;
        bool join_next = false;  // the line was cut by a prover line
        std::string joined;
    };

    void read_line(std::string_view line, output_stream stream);
    std::string_view remove_prover_text(std::string_view line, stream_state& state);
    void read_stdout_line(std::string_view line);
    void read_record(const log_line& line, std::string_view text);
    void read_continuation(std::string_view text);
    void note_time(const log_line& line);

    bool read_plot_message(std::string_view text, log_level level);
    bool read_loading_message(std::string_view text);
    bool read_summary_message(std::string_view text);
    bool read_other_message(std::string_view text);

    void start_plot(std::string_view text);
    void read_timing(std::string_view text, bool lookup, log_level level);
    void read_result(std::string_view text, log_level level);
    bool read_plot_error(std::string_view text);
    void read_failed_open(std::string_view text);
    void read_summary_path(std::string_view path);

    std::size_t plot_at(std::string_view path);
    plot_result* plot_of(std::string_view text);
    void finish_plot(std::size_t index, plot_outcome outcome);
    std::optional<double> latest_time() const;
    void unknown(std::string_view text);
    void add_duplicate(std::string_view plot, std::string_view path);
    void count_key_missing(std::string_view path);

    stream_state log_stream_;
    stream_state stdout_stream_;
    std::string ansi_scratch_;
    std::string prover_scratch_;

    std::deque<plot_result> plots_;
    std::unordered_map<std::string_view, std::size_t> index_;
    std::vector<std::size_t> finished_;
    std::size_t current_ = no_plot;  // the last `Testing plot` (1.x order)
    static constexpr std::size_t no_plot = static_cast<std::size_t>(-1);

    run_totals totals_;
    std::vector<duplicate_plot> duplicates_;
    std::unordered_map<std::string, std::size_t> duplicate_index_;
    std::vector<skipped_plot> skipped_;
    std::vector<std::string> missing_dirs_;
    std::unordered_map<std::string, bool> key_missing_;
    std::vector<std::string> unknown_samples_;

    continuation continuation_ = continuation::none;
    summary_list summary_list_ = summary_list::none;
    std::int64_t loaded_in_batches_ = 0;
    std::int64_t no_key_from_summary_ = -1;

    std::optional<double> clock_;
    std::optional<double> run_start_;
    std::optional<double> testing_start_;
    std::optional<double> summary_time_;
    std::optional<double> stated_loading_seconds_;
    std::string last_time_text_;  // the time of the last prefixed line
    double day_offset_ = 0;       // 1.0.x times of day wrap at midnight
    double last_day_time_ = -1;
};

}  // namespace lfdm::plot_check
