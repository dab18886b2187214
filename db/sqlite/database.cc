#include "db/sqlite/database.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "db/sqlite/migrations.h"

namespace skillpath::db {

absl::Status FromSqliteError(const SQLite::Exception& e) {
  const int code = e.getErrorCode() & 0xff;
  switch (code) {
    case SQLITE_CONSTRAINT:
      return absl::FailedPreconditionError(absl::StrCat("storage constraint: ", e.what()));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError(absl::StrCat("database busy: ", e.what()));
    case SQLITE_FULL:
      return absl::ResourceExhaustedError(absl::StrCat("disk full: ", e.what()));
    default:
      return absl::InternalError(absl::StrCat("storage error: ", e.what()));
  }
}

namespace {

// A server on a database it cannot write would answer every write INTERNAL
// (SQLite opens a write-protected file read-only without a word), so this
// says so at open, naming the file. WAL needs the directory too (-wal and
// -shm are created beside the file).
absl::Status CheckWritable(SQLite::Database& db, const std::string& path) {
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) return absl::OkStatus();
  if (sqlite3_db_readonly(db.getHandle(), "main") == 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("database '", path, "' is read-only (file mode, owner or a read-only file system); ",
                     "skillpathd must be able to write it"));
  }
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    return absl::FailedPreconditionError(absl::StrCat("the directory '", dir.string(), "' of database '", path,
                                                      "' is not writable (", std::strerror(errno),
                                                      "): WAL keeps its -wal and -shm files there"));
  }
  // Permissions can pass and the write still fail (a read-only mount, an
  // immutable file): take the write lock once, as the first write would.
  try {
    db.exec("BEGIN IMMEDIATE");
    db.exec("ROLLBACK");
  } catch (const SQLite::Exception& e) {
    return absl::FailedPreconditionError(
        absl::StrCat("database '", path, "' cannot be written: ", e.what()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<SQLite::Database>> OpenDatabase(const std::string& path, OpenMode mode) {
  try {
    const int flags = mode == OpenMode::kReadWrite ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX
                                                   : SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX;
    auto db = std::make_unique<SQLite::Database>(path, flags, /*busyTimeoutMs=*/5000);
    if (mode == OpenMode::kReadWrite) {
      if (absl::Status s = CheckWritable(*db, path); !s.ok()) return s;
      db->exec("PRAGMA journal_mode=WAL");
      // Checkpoint every 10,000 WAL pages (40 MiB) instead of 1,000: an
      // import commit of 32,000 rows writes more than 1,000 pages, so the
      // default checkpointed after every commit, copying the same index
      // pages into the database file again each time (6% of the writer's
      // time in a profile). Durability is the WAL's fsync at each commit.
      db->exec("PRAGMA wal_autocheckpoint=10000");
    }
    db->exec("PRAGMA foreign_keys=ON");
    // FULL: an acknowledged write survives a crash and a power cut.
    db->exec("PRAGMA synchronous=FULL");
    db->exec("PRAGMA temp_store=MEMORY");
    // A larger page cache and memory-mapped reads: without them SQLite
    // re-reads index pages through read() on every insert of a bulk import
    // (the kernel copies dominated a profile). Both grow only as used.
    db->exec(mode == OpenMode::kReadWrite ? "PRAGMA cache_size=-65536" : "PRAGMA cache_size=-16384");
    db->exec("PRAGMA mmap_size=268435456");
    return db;
  } catch (const SQLite::Exception& e) {
    return absl::UnavailableError(absl::StrCat("cannot open database '", path, "': ", e.what()));
  }
}

absl::StatusOr<int> SchemaVersion(SQLite::Database& db) {
  return SqliteGuard([&]() -> absl::StatusOr<int> { return db.execAndGet("PRAGMA user_version").getInt(); });
}

absl::Status Migrate(SQLite::Database& db) {
  return SqliteGuard([&]() -> absl::Status {
    SQLite::Transaction txn(db, SQLite::TransactionBehavior::IMMEDIATE);
    const int current = db.execAndGet("PRAGMA user_version").getInt();
    const auto& all = Migrations();
    const int latest = all.empty() ? 0 : all.back().version;
    if (current > latest) {
      return absl::FailedPreconditionError(absl::StrCat("database schema version ", current,
                                                        " is newer than this build knows (", latest, ")"));
    }
    for (const Migration& m : all) {
      if (m.version <= current) continue;
      db.exec(std::string(m.sql));
      db.exec(absl::StrCat("PRAGMA user_version=", m.version));
    }
    txn.commit();
    return absl::OkStatus();
  });
}

absl::Status Backup(const std::string& from, const std::string& to) {
  auto src = OpenDatabase(from, OpenMode::kReadOnly);
  if (!src.ok()) return src.status();
  return SqliteGuard([&]() -> absl::Status {
    SQLite::Database dest(to, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Backup backup(dest, **src);
    // One step copies every page inside one read transaction: a consistent
    // snapshot, however the server writes meanwhile.
    const int rc = backup.executeStep(-1);
    if (rc != SQLITE_DONE) return absl::InternalError(absl::StrCat("backup did not finish (sqlite code ", rc, ")"));
    // The copy holds the same personal data and pseudonym salt: owner only,
    // whatever the caller's umask.
    std::error_code ec;
    std::filesystem::permissions(to, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
    if (ec) return absl::InternalError(absl::StrCat("cannot make backup '", to, "' owner-only: ", ec.message()));
    return absl::OkStatus();
  });
}

}  // namespace skillpath::db
