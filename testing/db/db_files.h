#pragma once
// Helpers for tests that need a real database file.
#include <SQLiteCpp/Database.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>

#include "db/sqlite/database.h"

namespace skillpath::db::testing {

// A fresh database file path under $TMPDIR, removed (with -wal/-shm) at the end.
class TempDbPath {
 public:
  TempDbPath() {
    static std::atomic<int> counter{0};
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir ? dir : "/tmp") + "/skillpath-test-" + std::to_string(getpid()) + "-" +
            std::to_string(counter++) + ".db";
    Remove();
  }
  ~TempDbPath() { Remove(); }
  const std::string& path() const { return path_; }

 private:
  void Remove() {
    std::remove(path_.c_str());
    std::remove((path_ + "-wal").c_str());
    std::remove((path_ + "-shm").c_str());
  }
  std::string path_;
};

// Opens and migrates a database at `path`; aborts the test on failure.
inline std::unique_ptr<SQLite::Database> OpenMigrated(const std::string& path) {
  auto db = OpenDatabase(path, OpenMode::kReadWrite);
  if (!db.ok() || !Migrate(**db).ok()) std::abort();
  return std::move(*db);
}

}  // namespace skillpath::db::testing
