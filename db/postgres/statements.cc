#include "db/postgres/statements.h"

#include <cctype>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace skillpath::db {

namespace {

// PostgreSQL's type OIDs (pg_type.h) for what the stores bind.
constexpr unsigned kInt8 = 20, kText = 25, kFloat8 = 701, kBytea = 17;

// `status` unless it is OK; else nothing.
void ThrowIfError(const absl::Status& status) {
  if (!status.ok()) throw SqlError(status);
}

}  // namespace

std::string NumberedParameters(absl::string_view sql, int* count, std::vector<bool>* used) {
  std::string out;
  out.reserve(sql.size() + 16);
  int largest = 0;
  char quote = 0;  // ' or " while inside a literal or a quoted name
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      out += c;
      if (c == quote) quote = 0;  // a doubled quote reopens at once: same result
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c != '?') {
      out += c;
      continue;
    }
    size_t j = i + 1;
    while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
    const int n = j > i + 1 ? std::atoi(std::string(sql.substr(i + 1, j - i - 1)).c_str()) : largest + 1;
    if (n > largest) largest = n;
    if (used) {
      if (static_cast<int>(used->size()) < n) used->resize(n, false);
      (*used)[n - 1] = true;
    }
    absl::StrAppend(&out, "$", n);
    i = j - 1;
  }
  if (count) *count = largest;
  return out;
}

PostgresStatement::PostgresStatement(PostgresStatements& owner, const char* sql) : owner_(owner) {
  int count = 0;
  sql_ = NumberedParameters(sql, &count, &used_);
  params_.assign(count, pg::Param(std::nullopt));
  types_.assign(count, 0);
  Reset();
}

void PostgresStatement::Bind(int index, pg::Param param, unsigned type) {
  if (index < 1 || index > static_cast<int>(params_.size())) {
    throw SqlError(absl::InternalError(absl::StrCat("parameter ", index, " is out of range for: ", sql_)));
  }
  params_[index - 1] = std::move(param);
  types_[index - 1] = type;
}

void PostgresStatement::BindNull(int index) {
  const bool used = index >= 1 && index <= static_cast<int>(used_.size()) && used_[index - 1];
  Bind(index, pg::Param(std::nullopt), used ? 0 : kText);
}
void PostgresStatement::BindInt64(int index, int64_t value) { Bind(index, pg::Param(absl::StrCat(value)), kInt8); }
void PostgresStatement::BindDouble(int index, double value) {
  Bind(index, pg::Param(absl::StrFormat("%.17g", value)), kFloat8);
}
void PostgresStatement::BindText(int index, const std::string& text, bool) { Bind(index, pg::Param(text), kText); }
void PostgresStatement::BindBlob(int index, absl::string_view bytes) {
  Bind(index, pg::Param::Bytes(std::string(bytes)), kBytea);
}

void PostgresStatement::Run() {
  const std::string& name = owner_.Prepared(sql_, types_);
  absl::StatusOr<pg::Result> r = owner_.connection().ExecPrepared(name, params_);
  ThrowIfError(r.status());
  result_ = std::move(*r);
  row_ = -1;
}

bool PostgresStatement::Step() {
  if (!result_) Run();
  if (row_ < result_->rows()) ++row_;
  return row_ < result_->rows();
}

int PostgresStatement::Exec() {
  Run();
  return static_cast<int>(result_->Affected());
}

void PostgresStatement::Send() {
  const std::string& name = owner_.Prepared(sql_, types_);
  ThrowIfError(owner_.connection().SendPrepared(name, params_));
}

void PostgresStatement::Reset() noexcept {
  result_.reset();
  row_ = -1;
  for (pg::Param& p : params_) p = pg::Param(std::nullopt);
  // A NULL is left for the server to type from where it is used; one the
  // text never uses (a store binds the same list to several texts) is text.
  for (size_t i = 0; i < types_.size(); ++i) types_[i] = used_[i] ? 0 : kText;
}

int PostgresStatement::Row() const {
  if (!result_ || row_ < 0 || row_ >= result_->rows()) {
    throw SqlError(absl::InternalError(absl::StrCat("no current row for: ", sql_)));
  }
  return row_;
}

bool PostgresStatement::IsNull(int column) { return result_->IsNull(Row(), column); }
int64_t PostgresStatement::Int64(int column) {
  const int row = Row();
  if (result_->IsNull(row, column)) return 0;
  // A boolean (a comparison, EXISTS) reads as SQLite's 1 or 0.
  const absl::string_view text = result_->Text(row, column);
  if (text == "t") return 1;
  if (text == "f") return 0;
  return result_->Int(row, column);
}
double PostgresStatement::Double(int column) {
  const int row = Row();
  return result_->IsNull(row, column) ? 0 : result_->Double(row, column);
}
std::string PostgresStatement::Text(int column) { return std::string(result_->Text(Row(), column)); }
std::string PostgresStatement::Blob(int column) { return result_->Bytes(Row(), column); }

void PostgresStatements::Finish() { ThrowIfError(conn_.Sync()); }

Query PostgresStatements::Prepare(const char* sql) {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<PostgresStatement>(*this, sql);
  return Query(*slot);
}

const std::string& PostgresStatements::Prepared(const std::string& sql, const std::vector<unsigned>& types) {
  if (generation_ != conn_.generation()) {
    prepared_.clear();  // a new connection has none of them
    generation_ = conn_.generation();
  }
  std::string key = sql;
  for (unsigned t : types) absl::StrAppend(&key, "\x1f", t);
  auto it = prepared_.find(key);
  if (it != prepared_.end()) return it->second;
  std::string name = conn_.NewStatementName();
  ThrowIfError(conn_.Prepare(name, sql, types));
  return prepared_.emplace(std::move(key), std::move(name)).first->second;
}

}  // namespace skillpath::db
