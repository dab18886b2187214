#pragma once
// What the end-to-end tests of the real binaries (tests/) do besides
// running the server (server_process.h): run a command and read its output,
// make a token with `skillpathd token create`, a channel that may call
// every method, a fresh database path, a file of the source tree and its JSON arrays. For test
// targets that define SKILLPATHD_BIN (the skillpathd under test) and
// SKILLPATH_SOURCE_DIR where they read the source tree.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "client/bearer.h"
#include "testing/process/server_process.h"

#ifndef SKILLPATHD_BIN
#error "testing/skillpathd_commands.h needs SKILLPATHD_BIN (the path of skillpathd) defined by the test target"
#endif

namespace skillpath::testing {

// A token made with `skillpathd token create` on the database `db`.
inline std::string CreateToken(const std::string& db, const std::string& grant, const std::string& person = "") {
  std::string out;
  EXPECT_EQ(RunCommand(std::string(SKILLPATHD_BIN) + " token create --db " + db + " --grant " + grant +
                           (person.empty() ? "" : " --person " + person),
                       &out),
            0)
      << out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// A channel whose calls carry an ADMIN token where the policy allows ADMIN
// and an HR token otherwise: for tests about the server, not access.
inline std::shared_ptr<grpc::Channel> Connect(const ServerProcess& server) {
  const std::string admin = CreateToken(server.db_path(), "ADMIN"), hr = CreateToken(server.db_path(), "HR");
  return services::BearerChannel(server.address(), grpc::InsecureChannelCredentials(),
                                 services::AdminWhereAllowed(admin, hr));
}

// A channel to `server` whose calls carry `token`.
inline std::shared_ptr<grpc::Channel> Channel(const ServerProcess& server, const std::string& token) {
  return services::BearerChannel(server.address(), grpc::InsecureChannelCredentials(), services::Always(token));
}

// The demo users' tokens, by grant, from the file `skillpathd --demo` keeps
// next to the database.
inline std::map<std::string, std::string> DemoTokens(const std::string& db) {
  std::map<std::string, std::string> tokens;
  std::ifstream in(db + ".demo-tokens");
  std::string grant, person, token, rest;
  while (in >> grant >> person >> token && std::getline(in, rest)) tokens[grant] = token;
  return tokens;
}

// A path under $TMPDIR for this process, with nothing (nor -wal, -shm) there.
inline std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir ? dir : "/tmp") + "/skillpath-e2e-" + std::to_string(getpid()) + "-" + name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  return path;
}

#ifdef SKILLPATH_SOURCE_DIR
// The file at `rel` in the source tree ("" if it cannot be read).
inline std::string ReadSource(const std::string& rel) {
  std::ifstream in(std::string(SKILLPATH_SOURCE_DIR) + "/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// How many entries the JSON file at `rel` holds in its array `key`.
inline int CountJsonArray(const std::string& rel, const std::string& key) {
  google::protobuf::Struct s;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(ReadSource(rel), &s).ok()) << rel;
  return s.fields().at(key).list_value().values_size();
}
#endif

}  // namespace skillpath::testing
