#include "core/url.hpp"

#include <charconv>

namespace lfdm::http {
namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const char c = text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] + 32) : text[i];
        if (c != prefix[i]) return false;
    }
    return true;
}

bool has_space_or_control(std::string_view text) {
    for (const unsigned char c : text) {
        if (c <= 0x20 || c == 0x7f) return true;
    }
    return false;
}

}  // namespace

std::string url::authority() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string url::text() const {
    return std::string(tls ? "https://" : "http://") + authority() + path;
}

std::optional<url> parse_url(std::string_view text, std::uint16_t default_port,
                             std::string& problem) {
    url result;
    if (starts_with_nocase(text, "http://")) {
        text.remove_prefix(7);
    } else if (starts_with_nocase(text, "https://")) {
        result.tls = true;
        text.remove_prefix(8);
    } else {
        problem = "must start with http:// or https://";
        return std::nullopt;
    }
    if (has_space_or_control(text)) {
        problem = "must not hold spaces";
        return std::nullopt;
    }
    if (text.find_first_of("?#") != std::string_view::npos) {
        problem = "must not have a query (?...) or a fragment (#...)";
        return std::nullopt;
    }
    const std::size_t slash = text.find('/');
    std::string_view authority = text.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? "" : text.substr(slash);
    if (authority.find('@') != std::string_view::npos) {
        problem = "must not hold a user name or password (give the password on its own)";
        return std::nullopt;
    }

    std::string_view port_text;
    if (authority.starts_with('[')) {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos) {
            problem = "has an IPv6 address without its closing ']'";
            return std::nullopt;
        }
        result.host = std::string(authority.substr(1, close - 1));
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty() && !after.starts_with(':')) {
            problem = "has text after the IPv6 address";
            return std::nullopt;
        }
        if (!after.empty()) port_text = after.substr(1);
    } else {
        const std::size_t colon = authority.find(':');
        if (colon != std::string_view::npos &&
            authority.find(':', colon + 1) != std::string::npos) {
            problem = "has an IPv6 address that is not in brackets, as in http://[::1]:4067";
            return std::nullopt;
        }
        result.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    }
    if (result.host.empty()) {
        problem = "has no host";
        return std::nullopt;
    }

    result.port = default_port;
    if (!port_text.empty() || authority.ends_with(':')) {
        unsigned value = 0;
        const auto* end = port_text.data() + port_text.size();
        const auto [at, ec] = std::from_chars(port_text.data(), end, value);
        if (ec != std::errc() || at != end || value == 0 || value > 65535) {
            problem = "has a port that is not a number from 1 to 65535";
            return std::nullopt;
        }
        result.port = static_cast<std::uint16_t>(value);
    }
    while (path.ends_with('/'))
        path.remove_suffix(1);
    result.path = std::string(path);
    return result;
}

std::string encode_query_value(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : text) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~';
        if (unreserved) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

}  // namespace lfdm::http
