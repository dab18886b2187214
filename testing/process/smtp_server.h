#pragma once
// A real SMTP server for the e-mail tests: Debian's python3-aiosmtpd
// (tests/smtp/smtp_server.py) on loopback, with STARTTLS on a self-signed
// certificate made here and AUTH required, or stopped to play a server that
// is down. What it accepted is read back as parsed by Python's own e-mail
// library. Header-only.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "testing/process/child_process.h"
#include "testing/process/self_signed.h"

namespace skillpath::testing {

class SmtpServerProcess {
 public:
  // `python`: the interpreter with aiosmtpd (Debian's /usr/bin/python3);
  // `script`: tests/smtp/smtp_server.py.
  SmtpServerProcess(std::string python, std::string script, std::string user, std::string password)
      : python_(std::move(python)), script_(std::move(script)), user_(std::move(user)), password_(std::move(password)) {
    dir_ = std::filesystem::temp_directory_path() / ("skillpath-smtp-" + std::to_string(::getpid()) + "-" +
                                                     std::to_string(++Serial()));
    std::filesystem::create_directories(dir_);
    const Pem pem = MakeSelfSigned("localhost");
    std::ofstream(dir_ / "cert.pem") << pem.cert;
    std::ofstream(dir_ / "key.pem") << pem.key;
  }
  ~SmtpServerProcess() {
    Stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Starts it (on `port`, 0: any free one); true once it listens.
  bool Start(int port = 0, std::vector<std::string> reject_rcpt = {}) {
    std::vector<std::string> args = {script_, "--cert", (dir_ / "cert.pem").string(), "--key",
                                     (dir_ / "key.pem").string(), "--user", user_, "--password", password_,
                                     "--out", out().string(), "--port", std::to_string(port)};
    for (const std::string& r : reject_rcpt) {
      args.push_back("--reject-rcpt");
      args.push_back(r);
    }
    process_ = std::make_unique<ChildProcess>(python_, args);
    if (!process_->Start([](const std::string& log) { return !ChildProcess::Logged(log, "listening on ").empty(); },
                         std::chrono::seconds(30))) {
      return false;
    }
    port_ = std::stoi(ChildProcess::Logged(process_->log(), "listening on "));
    return true;
  }
  void Stop() {
    if (process_) process_->Terminate(std::chrono::seconds(10));
    process_.reset();
  }

  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  std::string ca_file() const { return (dir_ / "cert.pem").string(); }
  std::string log() const { return process_ ? process_->log() : ""; }

  // What the server accepted so far, one Struct per message (see
  // smtp_server.py for the fields).
  std::vector<google::protobuf::Struct> Received() const {
    std::vector<google::protobuf::Struct> out_messages;
    std::ifstream in(out());
    std::string line;
    while (std::getline(in, line)) {
      google::protobuf::Struct s;
      if (google::protobuf::util::JsonStringToMessage(line, &s).ok()) out_messages.push_back(std::move(s));
    }
    return out_messages;
  }
  // Waits until at least `n` messages arrived or `timeout` passes.
  std::vector<google::protobuf::Struct> WaitFor(size_t n, std::chrono::seconds timeout = std::chrono::seconds(30)) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::vector<google::protobuf::Struct> got = Received();
    while (got.size() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      got = Received();
    }
    return got;
  }

  static std::string Field(const google::protobuf::Struct& s, const std::string& name) {
    auto it = s.fields().find(name);
    return it == s.fields().end() ? "" : it->second.string_value();
  }

 private:
  static int& Serial() {
    static int n = 0;
    return n;
  }
  std::filesystem::path out() const { return dir_ / "received.jsonl"; }

  std::string python_, script_, user_, password_;
  std::filesystem::path dir_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

}  // namespace skillpath::testing
