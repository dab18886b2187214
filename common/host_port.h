#pragma once
// HOST:PORT addresses as the command lines take them (--listen, --http,
// --server): IPv6 hosts in brackets, a port of 0 for "pick a free one".
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace skillpath::common {

struct HostPort {
  std::string host;  // without the brackets of an IPv6 address
  std::string port;
};

// INVALID_ARGUMENT naming `flag` when there is no ':'.
absl::StatusOr<HostPort> SplitHostPort(absl::string_view flag, const std::string& address);

// The address with its port replaced (e.g. the one picked for port 0).
std::string WithPort(const std::string& address, int port);

// localhost, 127.0.0.0/8 or ::1.
bool IsLoopback(const std::string& address);

}  // namespace skillpath::common
