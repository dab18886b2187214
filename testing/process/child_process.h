#pragma once
// A program run as a child process for end-to-end tests: started with its
// output (stdout and stderr) read in the background and kept for
// assertions, ready once its output says so, stopped with SIGTERM or
// SIGKILL. ServerProcess (server_process.h) runs skillpathd with it,
// OidcProviderProcess (oidc_provider.h) the test OpenID provider.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace skillpath::testing {

// Runs a command; returns its exit code and fills `out` with stdout+stderr.
inline int RunCommand(const std::string& command, std::string* out) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  char buf[4096];
  out->clear();
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) out->append(buf, n);
  const int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class ChildProcess {
 public:
  ChildProcess(std::string binary, std::vector<std::string> args)
      : binary_(std::move(binary)), args_(std::move(args)) {}
  ~ChildProcess() { Kill(); }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Applied in the child before exec: its open-file limit, soft and hard
  // (so the program cannot raise it). 0: inherited.
  void set_open_file_limit(rlim_t limit) { open_file_limit_ = limit; }

  // The child's process id (-1 when not running).
  pid_t pid() const { return pid_; }
  const std::vector<std::string>& args() const { return args_; }

  // Starts the program; true once `ready` says so of its output so far
  // (called with the output locked, often), false if it exits first or
  // `timeout` passes.
  bool Start(const std::function<bool(const std::string& log)>& ready,
             std::chrono::seconds timeout = std::chrono::seconds(60)) {
    int fds[2];
    if (pipe(fds) != 0) return false;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDERR_FILENO);
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      if (open_file_limit_ > 0) {
        rlimit limit{open_file_limit_, open_file_limit_};
        setrlimit(RLIMIT_NOFILE, &limit);
      }
      std::vector<std::string> all = {binary_};
      all.insert(all.end(), args_.begin(), args_.end());
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(binary_.c_str(), argv.data());
      _exit(127);
    }
    close(fds[1]);
    fd_ = fds[0];
    reader_ = std::thread([this] { ReadLog(); });
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (ready(log_)) return true;
        if (eof_) return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  std::string log() const {
    std::lock_guard<std::mutex> lock(mu_);
    return log_;
  }

  // Sends SIGTERM and waits; returns the exit status (-1 on timeout/kill).
  int Terminate(std::chrono::seconds timeout = std::chrono::seconds(30)) { return StopWith(SIGTERM, timeout); }
  // Waits for the program to end by itself; its exit status (-1 when
  // `timeout` passed first: then it is killed).
  int Wait(std::chrono::seconds timeout) { return StopWith(0, timeout); }
  // SIGKILL: no chance to clean up.
  void Kill() {
    if (pid_ > 0) StopWith(SIGKILL, std::chrono::seconds(10));
  }

  // The word logged after `marker` in `log` ("" until the whole line is
  // there), e.g. the address after "gRPC listening on ".
  static std::string Logged(const std::string& log, const std::string& marker) {
    size_t at = log.find(marker);
    if (at == std::string::npos) return "";
    size_t end = log.find_first_of(" \r\n", at + marker.size());
    return end == std::string::npos ? "" : log.substr(at + marker.size(), end - at - marker.size());
  }

 private:
  int StopWith(int signal, std::chrono::seconds timeout) {
    if (pid_ <= 0) return -1;
    if (signal != 0) ::kill(pid_, signal);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int result = -1;
    while (true) {
      pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        result = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        break;
      }
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    pid_ = -1;
    if (reader_.joinable()) reader_.join();
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
    return result;
  }

  void ReadLog() {
    char buf[4096];
    while (true) {
      ssize_t n = read(fd_, buf, sizeof buf);
      std::lock_guard<std::mutex> lock(mu_);
      if (n <= 0) {
        eof_ = true;
        return;
      }
      log_.append(buf, static_cast<size_t>(n));
    }
  }

  std::string binary_;
  std::vector<std::string> args_;
  pid_t pid_ = -1;
  rlim_t open_file_limit_ = 0;
  int fd_ = -1;
  std::thread reader_;
  mutable std::mutex mu_;
  std::string log_;
  bool eof_ = false;
};

}  // namespace skillpath::testing
