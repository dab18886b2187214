#pragma once
// A fresh database for one test on either backend (issue #16): an SQLite
// file under $TMPDIR (db_files.h), or a PostgreSQL database of its own, made
// from a migrated template ("migrated") on the one PostgreSQL 15 a test
// binary starts at its first use and stops when it exits
// (postgres_server.h). address() is what --db takes.
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "db/postgres/connection.h"
#include "db/postgres/migrations.h"
#include "testing/db/db_files.h"
#include "testing/process/postgres_server.h"

namespace skillpath::db::testing {

enum class Backend { kSqlite, kPostgres };

inline const char* BackendName(Backend backend) { return backend == Backend::kSqlite ? "SQLite" : "PostgreSQL"; }

// The backend of a test binary's whole run: PostgreSQL when
// SKILLPATH_TEST_BACKEND is "postgresql" (ctest's server_test.Postgres runs
// the service suites so), SQLite otherwise.
inline Backend BackendOfThisRun() {
  const char* env = std::getenv("SKILLPATH_TEST_BACKEND");
  return env != nullptr && std::string(env) == "postgresql" ? Backend::kPostgres : Backend::kSqlite;
}

// The binary's one PostgreSQL, started at the first use with database
// "migrated" holding the schema, and the databases tests take from it:
// CREATE DATABASE costs about 0.3 s, so a thread makes the next two while
// the tests run (the server works on the other core). nullptr (with why in
// *why) if it could not start.
class SharedPostgres {
 public:
  static SharedPostgres* Get(std::string* why) {
    static SharedPostgres shared;
    if (why) *why = shared.error_;
    return shared.server_ ? &shared : nullptr;
  }

  skillpath::testing::PostgresServer& server() { return *server_; }

  // A fresh migrated database of its own ("" if one could not be made).
  std::string Take() {
    std::unique_lock<std::mutex> lock(mu_);
    wanted_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return !ready_.empty() || failed_; });
    if (ready_.empty()) return "";
    std::string name = std::move(ready_.front());
    ready_.pop_front();
    changed_.notify_all();
    return name;
  }

  ~SharedPostgres() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      changed_.notify_all();
    }
    if (maker_.joinable()) maker_.join();
  }

 private:
  SharedPostgres() {
    if (!skillpath::testing::PostgresServer::Installed()) {
      error_ = "postgresql-15 is not installed: ./dev test installs it";
      return;
    }
    server_ = std::make_unique<skillpath::testing::PostgresServer>(/*durable=*/false);
    if (!server_->Start() || !server_->Sql("postgres", "CREATE DATABASE migrated")) {
      error_ = server_->log();
      server_.reset();
      return;
    }
    auto conn = pg::Connection::Open(server_->uri("migrated"));
    absl::Status migrated = conn.ok() ? pg::Migrate(**conn) : conn.status();
    if (!migrated.ok()) {
      error_ = migrated.ToString();
      server_.reset();
      return;
    }
    maker_ = std::thread([this] { Make(); });
  }

  void Make() {
    auto admin = pg::Connection::Open(server_->uri("postgres"));
    int made = 0;
    std::unique_lock<std::mutex> lock(mu_);
    if (!admin.ok()) {
      failed_ = true;
      changed_.notify_all();
      return;
    }
    while (true) {
      changed_.wait(lock, [&] { return stopping_ || (wanted_ && ready_.size() < 2); });
      if (stopping_) return;
      const std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(made++);
      lock.unlock();
      const bool ok = (*admin)->Exec("CREATE DATABASE " + name + " TEMPLATE migrated STRATEGY FILE_COPY").ok();
      lock.lock();
      if (!ok) {
        failed_ = true;
        changed_.notify_all();
        return;
      }
      ready_.push_back(name);
      changed_.notify_all();
    }
  }

  std::unique_ptr<skillpath::testing::PostgresServer> server_;
  std::string error_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::string> ready_;
  bool wanted_ = false, failed_ = false, stopping_ = false;
  std::thread maker_;
};

class TestDatabase {
 public:
  explicit TestDatabase(Backend backend) : backend_(backend) {
    if (backend == Backend::kSqlite) {
      address_ = file_.path();
      return;
    }
    std::string why;
    SharedPostgres* shared = SharedPostgres::Get(&why);
    if (shared == nullptr) {
      std::fprintf(stderr, "PostgreSQL did not start: %s\n", why.c_str());
      std::abort();
    }
    name_ = shared->Take();
    auto admin = pg::Connection::Open(shared->server().uri("postgres"));
    if (name_.empty() || !admin.ok()) {
      std::fprintf(stderr, "cannot make a test database on PostgreSQL\n");
      std::abort();
    }
    admin_ = std::move(*admin);
    address_ = shared->server().uri(name_);
  }
  ~TestDatabase() {
    if (admin_) admin_->Exec("DROP DATABASE " + name_ + " WITH (FORCE)").IgnoreError();
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Backend backend() const { return backend_; }
  // An SQLite file path or a PostgreSQL connection URI.
  const std::string& address() const { return address_; }

 private:
  Backend backend_;
  TempDbPath file_;
  std::unique_ptr<pg::Connection> admin_;
  std::string name_, address_;
};

}  // namespace skillpath::db::testing
