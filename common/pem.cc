#include "common/pem.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace skillpath::common {

absl::StatusOr<std::string> ReadPemFile(const std::string& path, absl::string_view flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(flag, ": cannot read '", path, "'"));
  std::stringstream ss;
  ss << in.rdbuf();
  if (ss.str().find("-----BEGIN") == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": '", path, "' is not a PEM file"));
  }
  return ss.str();
}

absl::Status CheckCertAndKey(const std::string& cert_file, const std::string& key_file) {
  if (cert_file.empty() != key_file.empty()) return absl::InvalidArgumentError("--tls-cert and --tls-key go together");
  return absl::OkStatus();
}

}  // namespace skillpath::common
