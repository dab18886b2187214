#pragma once
// A real PostgreSQL 15 for the tests (issue #16): Debian's postgresql-15,
// a new cluster made with initdb in a temporary directory and run with
// pg_ctl on loopback, on a free port, with password (SCRAM) sign-in for one
// role that owns one database. PostgreSQL refuses to run as root, and CI
// runs as root: then every command runs as the unprivileged `nobody`
// (runuser), who owns the cluster's directory. Header-only.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "testing/process/child_process.h"

namespace skillpath::testing {

class PostgresServer {
 public:
  // Where Debian installs the server's programs.
  static constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";
  static bool Installed() { return std::filesystem::exists(std::string(kBinDir) + "/initdb"); }

  // `durable` false: no fsync, for tests of what the stores do and not of
  // what survives a crash (the store fixture's many databases).
  explicit PostgresServer(bool durable = true) : durable_(durable) {
    char tmpl[] = "/tmp/skillpath-pg-XXXXXX";
    const char* made = ::mkdtemp(tmpl);
    if (made == nullptr) {
      log_ = "cannot make a temporary directory for the cluster\n";
      return;
    }
    dir_ = made;
    std::ofstream(dir_ + "/pw") << password_ << "\n";
    if (::geteuid() == 0) {
      // nobody owns the cluster and runs the server.
      std::string out;
      RunCommand("chown -R nobody: " + dir_, &out);
      as_ = "runuser -u nobody -- ";
    }
  }
  ~PostgresServer() {
    Stop();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // initdb (once) and pg_ctl start on a free loopback port; false with the
  // output in log() if either fails.
  bool Start() {
    if (dir_.empty()) return false;
    if (!initialised_) {
      if (!Run(std::string(kBinDir) + "/initdb -D " + data() + " -U " + user_ + " --pwfile=" + dir_ +
               "/pw -A scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync")) {
        return false;
      }
      std::ofstream(data() + "/postgresql.conf", std::ios::app)
          << (durable_ ? "fsync = on\nsynchronous_commit = on\n" : "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
          << "max_connections = 200\nlisten_addresses = '127.0.0.1'\n";
      initialised_ = true;
    }
    // A free port now may be taken by another test before the server binds
    // it: then another one (a restart keeps its port, as replicas expect).
    const bool keep_port = port_ != 0;
    bool started = false;
    for (int attempt = 0; attempt < (keep_port ? 1 : 3) && !started; ++attempt) {
      if (!keep_port) port_ = FreePort();
      started = Run(std::string(kBinDir) + "/pg_ctl -D " + data() + " -l " + dir_ + "/server.log -w -t 60 -o \"-p " +
                    std::to_string(port_) + " -k " + dir_ + "\" start");
    }
    if (!started) return false;
    running_ = true;
    if (!watched_) {
      // Stopped and removed even when the test dies without its destructor
      // (an abort, SIGKILL): a watcher waits for this process to end.
      std::string out;
      RunCommand("setsid sh -c 'while kill -0 " + std::to_string(::getpid()) + " 2>/dev/null; do sleep 1; done; " + as_ +
                     kBinDir + "/pg_ctl -D " + data() + " -m immediate stop; rm -rf " + dir_ +
                     "' </dev/null >/dev/null 2>&1 &",
                 &out);
      watched_ = true;
    }
    if (!database_made_) {
      if (!Sql("postgres", "CREATE DATABASE " + database_ + " OWNER " + user_)) {
        Stop("immediate");  // no server left behind by a start that failed
        return false;
      }
      database_made_ = true;
    }
    return true;
  }

  // pg_ctl stop: "fast" ends every session at once, "immediate" is a crash
  // (recovery at the next start).
  bool Stop(const std::string& mode = "fast") {
    if (!running_) return true;
    running_ = false;
    return Run(std::string(kBinDir) + "/pg_ctl -D " + data() + " -w -t 60 -m " + mode + " stop");
  }

  // A libpq connection URI for the test database, or for database `db`.
  std::string uri() const { return uri(database_); }
  std::string uri(const std::string& db) const {
    return "postgresql://" + user_ + ":" + password_ + "@127.0.0.1:" + std::to_string(port_) + "/" + db;
  }
  int port() const { return port_; }
  const std::string& log() const { return log_; }

  // Runs `sql` with psql in database `db`; false (output in log()) on error.
  bool Sql(const std::string& db, const std::string& sql) {
    // A client over TCP with the password: no need to be the server's user.
    return Run("PGPASSWORD=" + password_ + " psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " + std::to_string(port_) +
                   " -U " + user_ + " -d " + db + " -c \"" + sql + "\"",
               /*as_server=*/false);
  }

 private:
  std::string data() const { return dir_ + "/data"; }
  bool Run(const std::string& command, bool as_server = true) {
    std::string out;
    const int status = RunCommand((as_server ? as_ : std::string()) + command, &out);
    log_ += "$ " + command + "\n" + out;
    return status == 0;
  }
  static int FreePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      port = ntohs(addr.sin_port);
    }
    ::close(fd);
    return port;
  }

  bool durable_;
  std::string dir_;
  std::string as_;
  const std::string user_ = "skillpath";
  const std::string password_ = "skillpath-test-" + std::to_string(::getpid());
  const std::string database_ = "skillpath";
  int port_ = 0;
  bool initialised_ = false;
  bool running_ = false;
  bool database_made_ = false;
  bool watched_ = false;
  std::string log_;
};

}  // namespace skillpath::testing
