// skillpath assess|assessments|import: assessed levels, one by one or in bulk.
#include <google/protobuf/util/time_util.h>

#include <iostream>
#include <map>

#include "clients/cli/client.h"
#include "clients/cli/commands.h"
#include "clients/cli/csv.h"
#include "clients/cli/format.h"
#include "clients/cli/progress.h"
#include "clients/cli/table.h"

namespace skillpath::cli {
namespace {

struct AssessArgs {
  std::string person, competence, source = "self", assessor, note, evidence, at, expires;
  int level = 0;
};

void Assess(Client& c, const AssessArgs& a) {
  v1::Assessment req;
  req.set_person_id(a.person);
  req.set_competence_id(a.competence);
  req.set_level(a.level);
  req.set_source(ParseSource(a.source));
  req.set_assessor_id(a.assessor);
  req.set_note(a.note);
  req.set_evidence_uri(a.evidence);
  if (!a.at.empty()) *req.mutable_assessed_at() = ParseTime("--at", a.at);
  if (!a.expires.empty()) *req.mutable_expires_at() = ParseTime("--expires", a.expires);
  const auto stored = c.Call(c.assessments(), &v1::AssessmentService::Stub::RecordAssessment, req, "RecordAssessment");
  if (PrintedJson(c, stored)) return;
  std::cout << "recorded " << stored.person_id() << " " << stored.competence_id() << " = " << stored.level() << " ("
            << SourceName(stored.source()) << ", " << Date(stored.assessed_at()) << "), id " << stored.id() << "\n";
}

void AssessmentList(Client& c, const std::string& person, const std::string& competence) {
  v1::ListAssessmentsRequest req;
  req.set_person_id(person);
  req.set_competence_id(competence);
  const auto resp = c.Call(c.assessments(), &v1::AssessmentService::Stub::ListAssessments, req, "ListAssessments");
  if (PrintedJson(c, resp)) return;
  Table t({"DATE", "COMPETENCE", "LEVEL", "SOURCE", "BY", "EXPIRES", "NOTE"});
  for (const auto& a : resp.assessments()) {
    t.Add({Date(a.assessed_at()), a.competence_id(), std::to_string(a.level()), SourceName(a.source()),
           a.assessor_id(), a.has_expires_at() ? Date(a.expires_at()) : "", a.note()});
  }
  t.Print(std::cout);
}

// Rows per ImportAssessments stream message (Assessment.rows): large
// enough that the server handles messages, not rows, small enough (about
// 100 KB) to stay far below any message size limit.
constexpr int kRowsPerMessage = 1000;

// Reads assessments from a table file (common/table_file.h: CSV with ',' ';'
// or TAB, with or without a byte order mark, or JSON Lines) whose header
// names the columns (person_id, competence_id, level, source, assessor_id,
// assessed_at, expires_at, note, evidence_uri, id), or from JSON
// ({"assessments": [...]}, no line numbers).
AssessmentFile ReadAssessments(const std::string& file) {
  if (file.size() >= 5 && file.substr(file.size() - 5) == ".json") {
    auto list = ParseJsonFile<v1::ListAssessmentsResponse>(file);
    return {{list.assessments().begin(), list.assessments().end()}, {}};
  }
  auto rows = skillpath::cli::ReadAssessmentFile(file, ReadFile(file));
  if (!rows.ok()) throw Failure{std::string(rows.status().message())};
  return std::move(*rows);
}

void Import(Client& c, const std::string& file) {
  AssessmentFile rows = ReadAssessments(file);
  Progress progress(std::cerr, !c.options().json && StderrIsTerminal());
  auto ctx = c.Context();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
  v1::ImportSummary summary;
  auto stream = c.assessments().ImportAssessments(ctx.get(), &summary);
  const size_t total = rows.rows.size();
  v1::Assessment message;
  size_t sent = 0;
  for (size_t i = 0; i < total; ++i) {
    *message.add_rows() = std::move(rows.rows[i]);
    if (message.rows_size() < kRowsPerMessage && i + 1 < total) continue;
    // A failed write ends the stream; Finish says why.
    if (!stream->Write(message)) break;
    sent += static_cast<size_t>(message.rows_size());
    message.clear_rows();
    progress.Sent(sent, total);
  }
  progress.Waiting(total);
  stream->WritesDone();
  const grpc::Status status = stream->Finish();
  progress.Done();
  Check(status, "ImportAssessments");
  if (PrintedJson(c, summary)) return;
  std::cout << "accepted " << summary.accepted() << ", rejected " << summary.rejected() << "\n";
  // The server numbers rows from 0 in the order sent; the file's lines are
  // what a person fixes.
  for (const auto& e : summary.errors()) {
    if (e.index() >= 0 && static_cast<size_t>(e.index()) < rows.lines.size()) {
      std::cout << "  line " << rows.lines[static_cast<size_t>(e.index())] << ": " << e.message() << "\n";
    } else {
      std::cout << "  row " << e.index() << ": " << e.message() << "\n";
    }
  }
  if (summary.errors_truncated()) {
    std::cout << "  ... " << summary.rejected() - summary.errors_size() << " more rejected rows not listed\n";
  }
  if (summary.rejected() > 0) throw Failure{"", 3};
}

}  // namespace

void AddAssessmentCommands(Commands& c) {
  CLI::App& app = c.app();
  auto& aargs = c.Keep<AssessArgs>();
  auto* assess = app.add_subcommand("assess", "Record an assessed level");
  assess->add_option("PERSON", aargs.person)->required();
  assess->add_option("COMPETENCE", aargs.competence)->required();
  assess->add_option("LEVEL", aargs.level)->required();
  assess->add_option("--source", aargs.source, "self, manager, evidence or certification")->capture_default_str();
  assess->add_option("--assessor", aargs.assessor, "Person id of the assessor");
  assess->add_option("--note", aargs.note);
  assess->add_option("--evidence", aargs.evidence, "Link to the evidence");
  assess->add_option("--at", aargs.at, "When assessed (YYYY-MM-DD or RFC 3339; default now)");
  assess->add_option("--expires", aargs.expires, "When it stops counting (YYYY-MM-DD)");
  c.On(assess, [&aargs](Client& cl) { Assess(cl, aargs); });

  auto& id = c.Keep<std::string>();
  auto& competence = c.Keep<std::string>();
  auto* history = app.add_subcommand("assessments", "A person's assessment history, oldest first");
  history->add_option("PERSON", id)->required();
  history->add_option("--competence", competence);
  c.On(history, [&](Client& cl) { AssessmentList(cl, id, competence); });

  auto& file = c.Keep<std::string>();
  auto* import = app.add_subcommand(
      "import", "Bulk-import assessments from CSV (',' ';' or TAB, with a header), JSON Lines or JSON; "
                "errors name the file's lines, progress shows on a terminal");
  import->add_option("FILE", file)->required()->check(CLI::ExistingFile);
  c.On(import, [&file](Client& cl) { Import(cl, file); });
}
}  // namespace skillpath::cli
