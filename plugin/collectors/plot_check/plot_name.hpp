#pragma once

#include <string>
#include <string_view>

/// What a plot's path tells without opening the file: chia names plots
/// `plot-k32-2021-09-09-08-35-<64 hex id>.plot`, Bladebit's compressed ones
/// `plot-k32-c05-2023-...-<id>.plot`, and v2 plots `plot-k28-<id>.plot2`.
namespace lfdm::plot_check {

/// The identity of a plot from its path, as chia printed it (Windows
/// backslashes, drive roots, UNC shares, spaces and non-ASCII kept).
struct plot_name {
    /// The 64 hex digits of the plot id; the file name without its extension
    /// when the name holds no id.
    std::string id;
    /// The directory holding the plot, as printed ("/mnt/hydras01", "D:\plots").
    std::string dir;
    /// The Windows drive ("D:") or network share ("\\nas\plots") of a Windows
    /// path; empty for a POSIX path, whose `dir` names its mount already.
    std::string drive;
    /// The k size from `-k32-`; 0 when the name has none.
    int k = 0;
    /// The compression level from `-c05-`; 0 for an uncompressed chia name,
    /// -1 when the name is not chia's (nothing can be said).
    int compression = -1;
    /// 2 for a `.plot2` file, else 1.
    int format = 1;
};

/// Reads the identity of the plot at `path`.
plot_name parse_plot_name(std::string_view path);

/// The k size written after "k=" in a `Testing plot` line: a number up to
/// 2.5.6; from 2.5.7 the text describes an object (`PlotParam(...)`) whose
/// `size_v1` is read when present. 0 when no size can be read.
int k_from_description(std::string_view text);

}  // namespace lfdm::plot_check
