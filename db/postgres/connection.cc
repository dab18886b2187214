#include "db/postgres/connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/model/errors.h"

namespace skillpath::db::pg {

bool IsPostgresUri(absl::string_view address) {
  return absl::StartsWith(address, "postgresql://") || absl::StartsWith(address, "postgres://");
}

std::string Redacted(absl::string_view uri) {
  std::string out(uri);
  // postgresql://user:password@host... : the password is between the first
  // ':' after the scheme and the '@' (which ends the user part, before any
  // '/' or '?').
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t end = out.find_first_of("/?", scheme + 3);
    const size_t at = out.rfind('@', end == std::string::npos ? std::string::npos : end);
    const size_t colon = out.find(':', scheme + 3);
    if (at != std::string::npos && at > scheme && colon != std::string::npos && colon < at) {
      out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // ...?password=secret&...: up to the next '&'.
  for (size_t at = out.find("password="); at != std::string::npos; at = out.find("password=", at + 1)) {
    if (at > 0 && out[at - 1] != '?' && out[at - 1] != '&') continue;
    const size_t from = at + 9;
    const size_t to = out.find('&', from);
    out.replace(from, (to == std::string::npos ? out.size() : to) - from, "***");
  }
  return out;
}

Result::Result(pg_result* result) : result_(result) {}
Result::~Result() {
  if (result_) PQclear(result_);
}
Result::Result(Result&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
Result& Result::operator=(Result&& other) noexcept {
  if (this != &other) {
    if (result_) PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}
int Result::rows() const { return PQntuples(result_); }
int Result::columns() const { return PQnfields(result_); }
std::string Result::ColumnName(int column) const { return PQfname(result_, column); }
bool Result::IsTextColumn(int column) const {
  const Oid type = PQftype(result_, column);
  return type == 25 || type == 1043 || type == 1042 || type == 19;  // text, varchar, bpchar, name
}
bool Result::IsNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }
absl::string_view Result::Text(int row, int column) const {
  return absl::string_view(PQgetvalue(result_, row, column), PQgetlength(result_, row, column));
}
int64_t Result::Int(int row, int column) const { return std::strtoll(PQgetvalue(result_, row, column), nullptr, 10); }
std::string Result::Bytes(int row, int column) const {
  size_t n = 0;
  unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row, column)), &n);
  if (bytes == nullptr) return std::string();
  std::string out(reinterpret_cast<const char*>(bytes), n);
  PQfreemem(bytes);
  return out;
}
double Result::Double(int row, int column) const { return std::strtod(PQgetvalue(result_, row, column), nullptr); }
int64_t Result::Affected() const {
  const char* n = PQcmdTuples(result_);
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

absl::Status StatusOf(const pg_conn* conn, const pg_result* result) {
  std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "";
  const std::string text = sqlstate.empty() ? absl::StrCat("PostgreSQL: ", message)
                                            : absl::StrCat("PostgreSQL ", sqlstate, ": ", message);
  // No SQLSTATE, or the connection is gone: the server cannot be reached.
  if (sqlstate.empty() || PQstatus(conn) != CONNECTION_OK) return absl::UnavailableError(text);
  // Class 08 connection exceptions, 57P0x shutdown / cannot connect now.
  if (absl::StartsWith(sqlstate, "08") || absl::StartsWith(sqlstate, "57P")) return absl::UnavailableError(text);
  // A transaction that lost a race: serialization failure, deadlock.
  if (sqlstate == "40001" || sqlstate == "40P01") return absl::AbortedError(text);
  // Any integrity constraint (unique, foreign key, check, a trigger's
  // refusal): FAILED_PRECONDITION, as SQLite's SQLITE_CONSTRAINT is.
  if (absl::StartsWith(sqlstate, "23")) return absl::FailedPreconditionError(text);
  // Insufficient resources (disk full, too many connections).
  if (absl::StartsWith(sqlstate, "53")) return absl::ResourceExhaustedError(text);
  // Read-only transaction (a standby): not where writes go now.
  if (sqlstate == "25006") return absl::UnavailableError(text);
  return absl::InternalError(text);
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& uri) {
  pg_conn* conn = PQconnectdb(uri.c_str());
  if (conn == nullptr) return absl::ResourceExhaustedError("PostgreSQL: out of memory connecting");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    PQfinish(conn);
    return absl::UnavailableError(absl::StrCat("cannot connect to ", Redacted(uri), ": ", why));
  }
  auto c = std::unique_ptr<Connection>(new Connection(conn));
  // Notices (e.g. "relation already exists, skipping") are not errors.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  return c;
}

Connection::~Connection() { PQfinish(conn_); }

namespace {

// `raw`, or the error it holds (a NULL result: the connection's error).
absl::StatusOr<Result> Checked(pg_conn* conn, pg_result* raw) {
  const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Result(raw);
  absl::Status error = StatusOf(conn, raw);
  if (raw) PQclear(raw);
  return error;
}

}  // namespace

namespace {

// libpq's parallel arrays for `params`.
struct ParamArrays {
  explicit ParamArrays(const std::vector<Param>& params) {
    values.reserve(params.size());
    for (const Param& p : params) {
      values.push_back(p.value ? p.value->data() : nullptr);
      lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
      formats.push_back(p.binary ? 1 : 0);
    }
  }
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
};

}  // namespace

absl::StatusOr<Result> Connection::Exec(absl::string_view sql, const std::vector<Param>& params) {
  if (pending_ > 0) RETURN_IF_ERROR(Sync());
  const ParamArrays a(params);
  const std::string text(sql);
  return Checked(conn_, PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr, a.values.data(),
                                     a.lengths.data(), a.formats.data(), 0));
}

absl::Status Connection::Prepare(const std::string& name, const std::string& sql, const std::vector<unsigned>& types) {
  if (pending_ > 0) RETURN_IF_ERROR(Sync());
  std::vector<Oid> oids(types.begin(), types.end());
  return Checked(conn_, PQprepare(conn_, name.c_str(), sql.c_str(), static_cast<int>(oids.size()), oids.data()))
      .status();
}

absl::StatusOr<Result> Connection::ExecPrepared(const std::string& name, const std::vector<Param>& params) {
  if (pending_ > 0) RETURN_IF_ERROR(Sync());
  const ParamArrays a(params);
  return Checked(conn_, PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), a.values.data(),
                                       a.lengths.data(), a.formats.data(), 0));
}

absl::Status Connection::ExecScript(absl::string_view sql) {
  if (pending_ > 0) RETURN_IF_ERROR(Sync());
  const std::string text(sql);
  return Checked(conn_, PQexec(conn_, text.c_str())).status();
}

absl::Status Connection::SendPrepared(const std::string& name, const std::vector<Param>& params) {
  // Bounded, so the server's replies never fill the socket while this side
  // is still sending (the deadlock libpq's documentation warns of).
  constexpr size_t kMaxPending = 256;
  if (pending_ >= kMaxPending) RETURN_IF_ERROR(Sync());
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF && PQenterPipelineMode(conn_) != 1) return StatusOf(conn_, nullptr);
  const ParamArrays a(params);
  if (PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(params.size()), a.values.data(), a.lengths.data(),
                          a.formats.data(), 0) != 1) {
    absl::Status error = StatusOf(conn_, nullptr);
    Sync().IgnoreError();  // whatever was sent before is read; this one was not sent
    return error;
  }
  ++pending_;
  return absl::OkStatus();
}

absl::Status Connection::Sync() {
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF) {
    pending_ = 0;
    return absl::OkStatus();
  }
  absl::Status first;
  if (PQpipelineSync(conn_) != 1) first = StatusOf(conn_, nullptr);
  // Each statement's result, then a NULL; the sync point's own result last.
  // A lost connection answers NULL for ever: stop after more NULLs than
  // there were statements.
  size_t nulls = 0;
  while (first.ok() || PQstatus(conn_) == CONNECTION_OK) {
    pg_result* r = PQgetResult(conn_);
    if (r == nullptr) {
      if (++nulls > pending_ + 1) {
        if (first.ok()) first = StatusOf(conn_, nullptr);
        break;
      }
      continue;
    }
    const ExecStatusType status = PQresultStatus(r);
    if (status == PGRES_PIPELINE_SYNC) {
      PQclear(r);
      break;
    }
    // PGRES_PIPELINE_ABORTED: skipped after the first failure.
    if (status == PGRES_FATAL_ERROR && first.ok()) first = StatusOf(conn_, r);
    PQclear(r);
  }
  pending_ = 0;
  if (PQstatus(conn_) == CONNECTION_OK) PQexitPipelineMode(conn_);
  return first;
}

bool Connection::Healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

absl::StatusOr<int> Connection::AwaitNotifications(int timeout_ms) {
  const int fd = PQsocket(conn_);
  if (fd < 0 || PQstatus(conn_) != CONNECTION_OK) return StatusOf(conn_, nullptr);
  pollfd p{fd, POLLIN, 0};
  const int ready = ::poll(&p, 1, timeout_ms);
  if (ready < 0 && errno != EINTR) return absl::UnavailableError(absl::StrCat("poll: ", std::strerror(errno)));
  if (ready > 0 && PQconsumeInput(conn_) != 1) return StatusOf(conn_, nullptr);
  int taken = 0;
  while (PGnotify* n = PQnotifies(conn_)) {
    ++taken;
    PQfreemem(n);
  }
  if (PQstatus(conn_) != CONNECTION_OK) return StatusOf(conn_, nullptr);
  return taken;
}

absl::Status Connection::Reset() {
  pending_ = 0;
  PQreset(conn_);
  ++generation_;
  if (PQstatus(conn_) == CONNECTION_OK) return absl::OkStatus();
  std::string why = PQerrorMessage(conn_);
  while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
  return absl::UnavailableError(absl::StrCat("PostgreSQL: cannot connect again: ", why));
}
int Connection::ServerVersion() const { return PQserverVersion(conn_); }

}  // namespace skillpath::db::pg
