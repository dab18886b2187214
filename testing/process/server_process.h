#pragma once
// Runs skillpathd as a child process for end-to-end tests and benchmarks:
// starts it on port 0, reads its log until "gRPC listening on HOST:PORT"
// (and "HTTP listening on", unless --http off), keeps draining the log in
// the background (kept for assertions), and stops it with SIGTERM or
// SIGKILL.
#include <chrono>
#include <string>
#include <vector>

#include "testing/process/child_process.h"

namespace skillpath::testing {

class ServerProcess {
 public:
  // `args` after the binary path; "--listen 127.0.0.1:0" and "--http
  // 127.0.0.1:0" are added unless given.
  ServerProcess(std::string binary, std::vector<std::string> args) : child_(std::move(binary), WithPorts(args)) {}

  void set_open_file_limit(rlim_t limit) { child_.set_open_file_limit(limit); }
  pid_t pid() const { return child_.pid(); }

  // The --db argument ("" when the database comes from a config file).
  std::string db_path() const { return Flag("--db"); }

  // Starts the process; true once it logged its listening addresses.
  bool Start(std::chrono::seconds timeout = std::chrono::seconds(60)) {
    const bool http = Flag("--http") != "off";
    return child_.Start(
        [&](const std::string& log) {
          address_ = ChildProcess::Logged(log, "gRPC listening on ");
          http_address_ = ChildProcess::Logged(log, "HTTP listening on ");
          return !address_.empty() && (!http_address_.empty() || !http);
        },
        timeout);
  }

  const std::string& address() const { return address_; }
  // The HTTP address ("" with --http off).
  const std::string& http_address() const { return http_address_; }
  std::string log() const { return child_.log(); }

  // Sends SIGTERM and waits; returns the exit status (-1 on timeout/kill).
  int Terminate(std::chrono::seconds timeout = std::chrono::seconds(30)) { return child_.Terminate(timeout); }
  // SIGKILL: no chance to clean up.
  void Kill() { child_.Kill(); }

 private:
  static std::vector<std::string> WithPorts(std::vector<std::string> args) {
    bool has_listen = false, has_http = false;
    for (const auto& a : args) {
      has_listen |= a == "--listen";
      has_http |= a == "--http";
    }
    if (!has_listen) args.insert(args.end(), {"--listen", "127.0.0.1:0"});
    if (!has_http) args.insert(args.end(), {"--http", "127.0.0.1:0"});
    return args;
  }
  std::string Flag(const std::string& name) const {
    const std::vector<std::string>& args = child_.args();
    for (size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == name) return args[i + 1];
    }
    return "";
  }

  ChildProcess child_;
  std::string address_;
  std::string http_address_;
};

}  // namespace skillpath::testing
