#include "collectors/plot_check/plot_name.hpp"

#include <algorithm>

namespace lfdm::plot_check {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// The number of digits at the start of `text`, read into `value`.
std::size_t read_number(std::string_view text, int& value) {
    std::size_t n = 0;
    value = 0;
    while (n < text.size() && n < 6 && is_digit(text[n])) {
        value = value * 10 + (text[n] - '0');
        ++n;
    }
    return n;
}

/// Whether `path` is written the Windows way: a drive letter or a UNC share.
bool is_windows_path(std::string_view path) {
    const bool drive = path.size() >= 2 && path[1] == ':' &&
                       ((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z'));
    return drive || path.starts_with("\\\\");
}

/// "D:" for "D:\plots\x.plot"; "\\nas\share" for "\\nas\share\x.plot".
std::string windows_drive(std::string_view path) {
    if (path.size() >= 2 && path[1] == ':') return std::string(path.substr(0, 2));
    const std::size_t server_end = path.find('\\', 2);
    if (server_end == std::string_view::npos) return std::string(path);
    const std::size_t share_end = path.find('\\', server_end + 1);
    return std::string(path.substr(0, share_end));
}

/// Reads `-kNN-` and `-cNN-` in a chia plot file name.
void read_name_fields(std::string_view file, plot_name& name) {
    if (!file.starts_with("plot-k")) return;
    int k = 0;
    const std::size_t k_digits = read_number(file.substr(6), k);
    if (k_digits == 0) return;
    name.k = k;
    name.compression = 0;
    const std::string_view after = file.substr(6 + k_digits);
    if (after.starts_with("-c")) {
        int level = 0;
        const std::size_t level_digits = read_number(after.substr(2), level);
        if (level_digits > 0 && after.substr(2 + level_digits).starts_with("-")) {
            name.compression = level;
        }
    }
}

}  // namespace

plot_name parse_plot_name(std::string_view path) {
    plot_name name;
    const bool windows = is_windows_path(path);
    const std::size_t slash = windows ? path.find_last_of("\\/") : path.rfind('/');
    std::string_view file = path;
    if (slash != std::string_view::npos) {
        std::string_view dir = path.substr(0, slash);
        if (dir.empty()) dir = path.substr(0, 1);                                  // "/x.plot"
        if (windows && dir.size() == 2 && dir[1] == ':') dir = path.substr(0, 3);  // "D:\"
        name.dir = std::string(dir);
        file = path.substr(slash + 1);
    }
    if (windows) name.drive = windows_drive(path);

    std::string_view stem = file;
    if (stem.ends_with(".plot2")) {
        name.format = 2;
        stem.remove_suffix(6);
    } else if (stem.ends_with(".plot")) {
        stem.remove_suffix(5);
    }
    if (stem.size() >= 64 && std::all_of(stem.end() - 64, stem.end(), is_hex) &&
        (stem.size() == 64 || stem[stem.size() - 65] == '-')) {
        name.id = std::string(stem.substr(stem.size() - 64));
    } else {
        name.id = std::string(stem);
    }
    read_name_fields(file, name);
    return name;
}

int k_from_description(std::string_view text) {
    int k = 0;
    if (read_number(text, k) > 0) return k;
    for (const std::string_view key : {"size_v1=", "size_v1: Some(", "size_v1: "}) {
        const std::size_t at = text.find(key);
        if (at != std::string_view::npos && read_number(text.substr(at + key.size()), k) > 0) {
            return k;
        }
    }
    return 0;
}

}  // namespace lfdm::plot_check
