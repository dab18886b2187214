#pragma once
// PEM files named on a command line (--tls-cert, --tls-key, --tls-client-ca,
// --tls-ca), read the same way by skillpathd and the CLI.
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace skillpath::common {

// The file's text; INVALID_ARGUMENT naming `flag` when it cannot be read or
// holds no PEM block.
absl::StatusOr<std::string> ReadPemFile(const std::string& path, absl::string_view flag);

// --tls-cert and --tls-key go together: both or neither.
absl::Status CheckCertAndKey(const std::string& cert_file, const std::string& key_file);

}  // namespace skillpath::common
