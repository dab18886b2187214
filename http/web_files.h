#pragma once
// What the HTTP side needs to serve the web client's files safely: which
// file a path names (never one outside the web root), its Content-Type, the
// headers that harden every answer for a browser, and who counts as the
// server's own machine. Pure functions, no sockets.

#include <boost/asio/ip/address.hpp>
#include <filesystem>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace skillpath::services {

// The regular file under `root` (a canonical directory) that the request
// path `path` ("/js/app.js", "/" for index.html) names, or nullopt for a
// 404: no "..", '\\', '%' or NUL, and no way out through a symbolic link.
std::optional<std::filesystem::path> ResolveStatic(const std::filesystem::path& root, std::string_view path);

// The Content-Type of a file served, from its extension.
const char* FileContentType(const std::filesystem::path& file);

// The policy the web pages run under: scripts, styles, fonts and calls from
// the server itself only (the client has no inline script or style, and
// Chart.js styles through the CSSOM, which CSP allows), no plug-ins, no
// framing by any page.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// The headers every answer carries; Strict-Transport-Security only when the
// port is HTTPS (`tls`), since over plain HTTP browsers ignore it.
std::vector<std::pair<const char*, const char*>> SecurityHeaders(bool tls);

// Whether a peer is the server's own machine (127.0.0.0/8, ::1, or either
// mapped into IPv6).
bool IsLoopbackPeer(const boost::asio::ip::address& peer);

}  // namespace skillpath::services
