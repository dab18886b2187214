#include "clients/cli/login/credentials.h"

#include <fcntl.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "auth/oidc/jwt.h"

namespace skillpath::cli {
namespace {

using google::protobuf::Struct;

absl::StatusOr<Struct> ReadAll(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Struct();
    return absl::FailedPreconditionError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " is readable by others: chmod 600 it (it holds your sign-in)"));
  }
  if (st.st_uid != geteuid()) return absl::FailedPreconditionError(absl::StrCat(path, " belongs to another user"));
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<Struct> all = oidc::ParseJsonObject(text.str(), path);
  if (!all.ok()) return absl::FailedPreconditionError(absl::StrCat(all.status().message(), ": remove it and log in"));
  return all;
}

absl::Status WriteAll(const std::string& path, const Struct& all) {
  std::string json;
  google::protobuf::util::JsonPrintOptions print;
  print.add_whitespace = true;
  if (!google::protobuf::util::MessageToJsonString(all, &json, print).ok()) {
    return absl::InternalError("the credentials could not be written as JSON");
  }
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::FailedPreconditionError(absl::StrCat("cannot make ", dir.string(), ": ", ec.message()));
  chmod(dir.c_str(), 0700);
  const std::string tmp = path + ".tmp";
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return absl::FailedPreconditionError(absl::StrCat("cannot write ", tmp, ": ", std::strerror(errno)));
  fchmod(fd, 0600);  // also when it was there with other bits
  bool ok = true;
  for (size_t done = 0; ok && done < json.size();) {
    const ssize_t n = write(fd, json.data() + done, json.size() - done);
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = ok && fsync(fd) == 0;
  ok = close(fd) == 0 && ok;
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) {
    unlink(tmp.c_str());
    return absl::FailedPreconditionError(absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

std::string Member(const Struct& s, const char* name) { return oidc::StringMember(s, name); }

}  // namespace

absl::StatusOr<std::string> CredentialsPath() {
  std::string dir;
  if (const char* d = std::getenv("SKILLPATH_CONFIG_DIR"); d != nullptr && *d != '\0') {
    dir = d;
  } else if (const char* x = std::getenv("XDG_CONFIG_HOME"); x != nullptr && *x == '/') {
    dir = absl::StrCat(x, "/skillpath");
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    dir = absl::StrCat(home, "/.config/skillpath");
  } else {
    return absl::InvalidArgumentError("no place for the credentials: set HOME or SKILLPATH_CONFIG_DIR");
  }
  return dir + "/credentials.json";
}

absl::StatusOr<std::optional<Credentials>> LoadCredentials(const std::string& path, const std::string& server) {
  absl::StatusOr<Struct> all = ReadAll(path);
  if (!all.ok()) return all.status();
  auto it = all->fields().find(server);
  if (it == all->fields().end() || !it->second.has_struct_value()) return std::optional<Credentials>();
  const Struct& e = it->second.struct_value();
  Credentials c;
  c.issuer = Member(e, "issuer");
  c.client_id = Member(e, "client_id");
  c.token_endpoint = Member(e, "token_endpoint");
  c.revocation_endpoint = Member(e, "revocation_endpoint");
  c.scope = Member(e, "scope");
  c.resource = Member(e, "resource");
  c.access_token = Member(e, "access_token");
  c.refresh_token = Member(e, "refresh_token");
  if (auto at = e.fields().find("expires_at"); at != e.fields().end()) {
    c.expires_at = static_cast<int64_t>(at->second.number_value());
  }
  if (c.access_token.empty()) return std::optional<Credentials>();
  return std::optional<Credentials>(std::move(c));
}

absl::Status SaveCredentials(const std::string& path, const std::string& server, const Credentials& c) {
  absl::StatusOr<Struct> all = ReadAll(path);
  if (!all.ok()) return all.status();
  Struct entry;
  auto& f = *entry.mutable_fields();
  f["issuer"].set_string_value(c.issuer);
  f["client_id"].set_string_value(c.client_id);
  f["token_endpoint"].set_string_value(c.token_endpoint);
  f["revocation_endpoint"].set_string_value(c.revocation_endpoint);
  f["scope"].set_string_value(c.scope);
  f["resource"].set_string_value(c.resource);
  f["access_token"].set_string_value(c.access_token);
  f["refresh_token"].set_string_value(c.refresh_token);
  f["expires_at"].set_number_value(static_cast<double>(c.expires_at));
  *(*all->mutable_fields())[server].mutable_struct_value() = std::move(entry);
  return WriteAll(path, *all);
}

absl::StatusOr<bool> ForgetCredentials(const std::string& path, const std::string& server) {
  absl::StatusOr<Struct> all = ReadAll(path);
  if (!all.ok()) return all.status();
  if (all->mutable_fields()->erase(server) == 0) return false;
  if (absl::Status s = WriteAll(path, *all); !s.ok()) return s;
  return true;
}

}  // namespace skillpath::cli
