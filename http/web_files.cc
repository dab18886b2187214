#include "http/web_files.h"

#include <string>

#include "absl/strings/ascii.h"

namespace skillpath::services {

std::optional<std::filesystem::path> ResolveStatic(const std::filesystem::path& root, std::string_view path) {
  if (root.empty()) return std::nullopt;
  std::string rel(path);
  if (rel.empty() || rel.front() != '/') return std::nullopt;
  if (rel.back() == '/') rel += "index.html";
  if (rel.find("..") != std::string::npos || rel.find('\\') != std::string::npos ||
      rel.find('\0') != std::string::npos || rel.find('%') != std::string::npos) {
    return std::nullopt;
  }
  std::error_code ec;
  const std::filesystem::path file = std::filesystem::weakly_canonical(root / rel.substr(1), ec);
  // weakly_canonical resolves links, so a link that points out fails here.
  const std::string prefix = root.string() + "/";
  if (ec || file.string().compare(0, prefix.size(), prefix) != 0 || !std::filesystem::is_regular_file(file, ec)) {
    return std::nullopt;
  }
  return file;
}

const char* FileContentType(const std::filesystem::path& file) {
  const std::string ext = absl::AsciiStrToLower(file.extension().string());
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt" || ext == ".md") return "text/plain; charset=utf-8";
  if (ext == ".map") return "application/json";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

std::vector<std::pair<const char*, const char*>> SecurityHeaders(bool tls) {
  std::vector<std::pair<const char*, const char*>> headers = {
      {"Content-Security-Policy", kContentSecurityPolicy},
      {"X-Frame-Options", "DENY"},  // frame-ancestors for browsers without CSP 2
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  if (tls) headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  return headers;
}

bool IsLoopbackPeer(const boost::asio::ip::address& peer) {
  if (peer.is_v6() && peer.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, peer.to_v6()).is_loopback();
  }
  return peer.is_loopback();
}

}  // namespace skillpath::services
