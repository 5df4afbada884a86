#include "collectors/plot_check/plot_check_config.hpp"

namespace lfdm::plot_check {

config::table_schema<plot_check_config> plot_check_schema() {
    using c = plot_check_config;
    config::table_schema<c> schema(
        "Plot check: runs `chia plots check` on a schedule, follows its output and\n"
        "reports every plot and the farm; watches the plot directories at every\n"
        "gather.");
    schema.value("enabled", &c::enabled, "Whether to check plots.")
        .value("chia_path", &c::chia_path,
               "The chia executable. Empty: looked for in the usual install places\n"
               "(the Windows GUI install under %LOCALAPPDATA%\\chia-blockchain, chia on\n"
               "PATH, ~/chia-blockchain/venv/bin/chia, /opt/chia).")
        .value("challenges", &c::challenges,
               "Challenges per plot (chia's -n). More is slower and more accurate;\n"
               "chia raises values under 5 to 5.",
               config::between(1, 1'000'000))
        .value("challenge_start", &c::challenge_start,
               "First challenge (chia's --challenge-start), to test other challenges\n"
               "than the previous runs. 0: chia's default.",
               config::between(0, 1'000'000'000))
        .value("interval", &c::interval, "Time between two runs.",
               config::at_least(duration(std::chrono::minutes(1))))
        .value("run_at_start", &c::run_at_start,
               "Start a run as soon as the plugin starts, rather than one interval\n"
               "after the last finished run.")
        .value("grep", &c::grep,
               "Only check plots whose path contains this text (chia's -g). Empty: all.")
        .value("list_duplicates", &c::list_duplicates,
               "Ask chia to list plots found in several files (chia's -l).")
        .value("chia_root", &c::chia_root,
               "chia's configuration root (CHIA_ROOT). Empty: chia's default.")
        .value("passphrase_file", &c::passphrase_file,
               "A file holding the keyring passphrase. Needed when the keyring is\n"
               "locked: chia would otherwise wait for a typed passphrase forever.")
        .value("silence_timeout", &c::silence_timeout,
               "A run that writes nothing for this long is killed and reported as\n"
               "timed out.",
               config::at_least(duration(std::chrono::seconds(1))))
        .value("max_duration", &c::max_duration,
               "A run that lasts longer is killed and reported as timed out.",
               config::at_least(duration(std::chrono::seconds(1))))
        .value("plot_dirs", &c::plot_dirs,
               "Plot directories to watch at every gather: reachable or not, plot\n"
               "count and size, plots added and removed, free space.")
        .value("plot_dir_timeout", &c::plot_dir_timeout,
               "How long listing one plot directory may take. One that takes longer\n"
               "(a network share whose server is gone) is reported unreachable, and\n"
               "not listed again until that listing ends; the others are still listed.",
               config::at_least(duration(std::chrono::milliseconds(10))))
        .value("max_plots_per_gather", &c::max_plots_per_gather,
               "Per-plot results written per gather at most; the others follow at\n"
               "the next gathers, nothing dropped (Telegraf buffers 10000 metrics by\n"
               "default).",
               config::between(1, 100'000))
        .value("slow_lookup", &c::slow_lookup,
               "A plot whose slowest quality lookup takes longer is reported slow.\n"
               "The harvester has about 5 seconds to answer a challenge.",
               config::at_least(duration(std::chrono::milliseconds(1))))
        .value("slow_proof", &c::slow_proof,
               "A plot whose slowest proof search takes longer is reported slow.",
               config::at_least(duration(std::chrono::milliseconds(1))));
    return schema;
}

}  // namespace lfdm::plot_check
