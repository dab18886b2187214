#include "db/replication/replica.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/model/errors.h"
#include "db/postgres/connection.h"
#include "db/replication/change_log.h"

namespace skillpath::db {
namespace {

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

constexpr int kEntriesPerRead = 500;

// How long entries stay in the change log: a replica away for longer finds
// a gap and rebuilds its index whole.
constexpr core::Time kKeepEntries = 3600LL * 1000000;

}  // namespace

absl::StatusOr<int64_t> Replica::LoadConsistently(Connection& conn, Stores& store,
                                                  const std::function<absl::Status()>& load) {
  RETURN_IF_ERROR(Guard([&] {
    conn.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    return absl::OkStatus();
  }));
  absl::StatusOr<int64_t> last = ChangeLog::Last(store);
  absl::Status loaded = last.ok() ? load() : last.status();
  absl::Status ended = Guard([&] {
    conn.Execute(loaded.ok() ? "COMMIT" : "ROLLBACK");
    return absl::OkStatus();
  });
  RETURN_IF_ERROR(loaded);
  RETURN_IF_ERROR(ended);
  return last;
}

Replica::Replica(Writer& writer, std::string uri, int64_t loaded, Options options, Apply apply)
    : writer_(writer), uri_(std::move(uri)), options_(std::move(options)), apply_(std::move(apply)), applied_(loaded) {
  caught_up_at_ = SteadyMs();
  writer_.SetPrepareHook([this](const core::ChangeSet& changes, Stores& store) -> absl::Status {
    const core::Time now = options_.now();
    if (changes.purged && !changes.people.empty()) {
      // An erasure: earlier entries naming the person lose the name, and
      // its own names nobody (the others rebuild their index whole, and
      // forget the erased person's tokens by their ids).
      RETURN_IF_ERROR(ChangeLog::Scrub(store, changes.people));
      core::ChangeSet nameless = changes;
      nameless.people.clear();
      ASSIGN_OR_RETURN(own_seq_, ChangeLog::Append(store, options_.origin, nameless, now));
    } else {
      ASSIGN_OR_RETURN(own_seq_, ChangeLog::Append(store, options_.origin, changes, now));
    }
    if (own_seq_ % 1000 == 0) RETURN_IF_ERROR(ChangeLog::PruneBefore(store, now - kKeepEntries));
    return absl::OkStatus();
  });
  writer_.SetCommitHook([this](const core::ChangeSet& changes, Stores& store) {
    // What the others committed before this batch comes first; this batch's
    // own changes are applied at once either way (read your own writes).
    const absl::Status s = CatchUp(store, own_seq_);
    if (!s.ok()) spdlog::warn("replica: catching up before applying a write failed ({})", s.ToString());
    apply_(changes, store, /*own=*/true);
    if (applied_ + 1 == own_seq_) {
      applied_ = own_seq_;
    } else {
      applied_ahead_.insert(own_seq_);  // CatchUp skips it when it gets there
    }
  });
  listener_ = std::thread([this] { Listen(); });
}

Replica::~Replica() { Stop(); }

void Replica::Stop() {
  if (stopping_.exchange(true)) return;
  if (listener_.joinable()) listener_.join();
}

bool Replica::Current(std::chrono::milliseconds max_lag) const { return SteadyMs() - caught_up_at_ <= max_lag.count(); }

absl::Status Replica::CatchUp(Stores& store, int64_t before) {
  while (true) {
    ASSIGN_OR_RETURN(std::vector<ChangeEntry> entries, ChangeLog::After(store, applied_, kEntriesPerRead));
    for (ChangeEntry& e : entries) {
      if (before != 0 && e.seq >= before) return absl::OkStatus();
      if (e.seq != applied_ + 1) {
        // Entries this replica never saw were pruned: everything it holds
        // is rebuilt from the database.
        spdlog::warn("replica: change log entries {}..{} are gone (pruned); rebuilding the read index", applied_ + 1,
                     e.seq - 1);
        core::ChangeSet everything;
        everything.purged = true;
        apply_(everything, store, /*own=*/false);
      }
      if (applied_ahead_.erase(e.seq) == 0) apply_(e.changes, store, /*own=*/false);
      applied_ = e.seq;
    }
    if (entries.size() < static_cast<size_t>(kEntriesPerRead)) break;
  }
  if (before == 0) caught_up_at_ = SteadyMs();
  return absl::OkStatus();
}

void Replica::Listen() {
  std::unique_ptr<pg::Connection> conn;
  int64_t last_poll = 0;
  std::chrono::milliseconds backoff{100};
  while (!stopping_) {
    if (!conn || !conn->Healthy()) {
      auto opened = pg::Connection::Open(uri_);
      absl::Status listening =
          opened.ok() ? (*opened)->ExecScript(std::string("LISTEN ") + kChangeChannel) : opened.status();
      if (!listening.ok()) {
        conn.reset();
        spdlog::warn("replica: cannot listen for changes ({}); retrying in {} ms", listening.ToString(),
                     backoff.count());
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
        continue;
      }
      conn = std::move(*opened);
      backoff = std::chrono::milliseconds(100);
      last_poll = 0;  // catch up at once: entries may have come while not listening
    }
    absl::StatusOr<int> notified = conn->AwaitNotifications(100);
    if (!notified.ok()) continue;  // reconnects above
    const int64_t now = SteadyMs();
    if (*notified == 0 && now - last_poll < options_.poll.count()) continue;
    last_poll = now;
    // One catch-up queued at a time: notifications that come meanwhile are
    // covered by it, as it reads everything after what is applied.
    if (catch_up_posted_.exchange(true)) continue;
    writer_.Post([this](Stores* store) {
      catch_up_posted_ = false;
      if (store == nullptr) return;  // the writer cannot reach the database: Current() turns false
      const absl::Status s = CatchUp(*store, 0);
      if (!s.ok()) spdlog::warn("replica: catching up failed ({})", s.ToString());
    });
  }
}

}  // namespace skillpath::db
