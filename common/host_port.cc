#include "common/host_port.h"

#include "absl/strings/str_cat.h"

namespace skillpath::common {
namespace {

std::string Unbracketed(std::string host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return host;
}

}  // namespace

absl::StatusOr<HostPort> SplitHostPort(absl::string_view flag, const std::string& address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": '", address, "' is not HOST:PORT"));
  }
  return HostPort{Unbracketed(address.substr(0, colon)), address.substr(colon + 1)};
}

std::string WithPort(const std::string& address, int port) {
  return absl::StrCat(address.substr(0, address.rfind(':')), ":", port);
}

bool IsLoopback(const std::string& address) {
  const std::string host = Unbracketed(address.substr(0, address.rfind(':')));
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace skillpath::common
