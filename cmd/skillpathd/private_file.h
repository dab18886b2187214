#pragma once
// Reading a secret skillpathd is given as a file (a client secret, a
// private key, an SMTP password): only its owner may read it.
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace skillpath::services {

// A file only its owner may read (a secret or a private key): its text.
inline absl::StatusOr<std::string> ReadPrivateFile(const std::string& path, const char* flag) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": cannot read '", path, "'"));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": '", path, "' is readable by others: chmod 600 it"));
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}


}  // namespace skillpath::services
