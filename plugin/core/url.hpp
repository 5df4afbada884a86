#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// The http:// and https:// addresses the plugin polls, read and checked
/// apart from the client that uses them: pure text handling, shared by the
/// configuration (which has no network code) and the HTTP client.
namespace lfdm::http {

/// An http:// or https:// address split into its parts.
struct url {
    bool tls = false;
    /// Host name or IP address, without the brackets of an IPv6 address.
    std::string host;
    std::uint16_t port = 0;
    /// The path requests go under: empty, or "/prefix" without a final '/'.
    std::string path;

    /// "host:port", an IPv6 host in brackets: the HTTP Host header.
    std::string authority() const;
    /// "http://host:port/prefix", for messages and tags. Never holds a
    /// user name, password or query.
    std::string text() const;
};

/// Reads an http:// or https:// URL. `default_port` stands for a missing
/// port. Returns nothing and sets `problem` ("has no host", "has a port
/// that is not a number from 1 to 65535", ...) for anything else, including
/// a URL with a user name, a query or a fragment.
std::optional<url> parse_url(std::string_view text, std::uint16_t default_port,
                             std::string& problem);

/// `text` percent-encoded for a query string value (RFC 3986 unreserved
/// characters stay as they are).
std::string encode_query_value(std::string_view text);

}  // namespace lfdm::http
