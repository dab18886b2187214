// skillpath unit import / person import FILE: org units and people from an
// HR system's export (OrgService.ImportOrgUnits / ImportPeople, issue #13).
// The file goes to the server as it is, in 64 KiB messages; the server
// reads it (CSV or JSON Lines), checks every row and answers the
// difference, which it writes only without --dry-run and without rejected
// rows.
#include <iostream>

#include "absl/strings/str_split.h"
#include "clients/cli/client.h"
#include "clients/cli/commands.h"
#include "clients/cli/format.h"

namespace skillpath::cli {
namespace {

struct ImportArgs {
  std::string file;
  std::vector<std::string> map, ignore, sync_units;
  std::string format;
  bool dry_run = false, sync = false, all = false;
};

constexpr size_t kChunk = 64 * 1024;
constexpr int kCreatedShown = 50;  // created rows listed without --all

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

v1::OrgImportOptions Options(const ImportArgs& a) {
  v1::OrgImportOptions o;
  o.set_file_name(a.file);
  o.set_format(!a.format.empty() ? a.format
               : EndsWith(Lower(a.file), ".jsonl") || EndsWith(Lower(a.file), ".ndjson") ? "jsonl"
                                                                                      : "");
  for (const std::string& list : a.map) {
    for (absl::string_view pair : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
      std::vector<std::string> kv = absl::StrSplit(pair, absl::MaxSplits('=', 1));
      if (kv.size() != 2 || kv[0].empty() || kv[1].empty()) {
        throw Failure{"--map: '" + std::string(pair) + "' is not FIELD=Header (e.g. --map id=Ansattnr)", 2};
      }
      if (o.map().count(kv[0])) throw Failure{"--map: field '" + kv[0] + "' is mapped twice", 2};
      (*o.mutable_map())[kv[0]] = kv[1];
    }
  }
  for (const std::string& list : a.ignore) {
    for (absl::string_view h : absl::StrSplit(list, ',', absl::SkipWhitespace())) o.add_ignore(std::string(h));
  }
  o.set_dry_run(a.dry_run);
  o.set_sync(a.sync || !a.sync_units.empty());
  for (const std::string& u : a.sync_units) o.add_sync_unit_ids(u);
  return o;
}

std::string Mb(size_t bytes) { return Fixed(static_cast<double>(bytes) / 1e6, 1) + " MB"; }

void PrintChange(const v1::OrgImportChange& ch) {
  const char* mark = ch.kind() == v1::OrgImportChange::CREATED   ? "+"
                     : ch.kind() == v1::OrgImportChange::CHANGED ? "~"
                                                                 : "-";
  std::cout << "  " << mark << " " << PadRight(ch.id(), 12) << " " << PadRight(Shorten(ch.name(), 40), 40);
  if (ch.kind() == v1::OrgImportChange::DEACTIVATED) {
    std::cout << " deactivated (not in the file)";
  } else if (ch.line() > 0) {
    std::cout << " line " << ch.line();
  }
  std::cout << "\n";
  for (const auto& f : ch.fields()) {
    std::cout << "      " << f.field() << ": " << (f.before().empty() ? "(none)" : f.before()) << " -> "
              << (f.after().empty() ? "(none)" : f.after()) << "\n";
  }
}

void PrintProblem(const v1::OrgImportProblem& p) {
  std::cout << "  line " << p.line();
  if (!p.column().empty()) std::cout << ", column " << p.column();
  std::cout << ": " << p.message() << "\n";
}

void RunImport(Client& c, bool people, const ImportArgs& a) {
  const v1::OrgImportOptions options = Options(a);
  const std::string content = ReadFile(a.file);
  auto ctx = c.Context();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
  v1::OrgImportResult result;
  auto stream = people ? c.org().ImportPeople(ctx.get(), &result) : c.org().ImportOrgUnits(ctx.get(), &result);
  const bool progress = !c.options().json && content.size() > 4 * kChunk;
  v1::OrgImportChunk first;
  *first.mutable_options() = options;
  first.mutable_options()->set_content_length(static_cast<int64_t>(content.size()));
  bool open = true;
  size_t sent = 0;
  do {
    v1::OrgImportChunk chunk;
    if (sent == 0) chunk = first;
    const size_t n = std::min(kChunk, content.size() - sent);
    chunk.set_content(content.substr(sent, n));
    open = stream->Write(chunk);
    sent += n;
    if (progress && (sent % (16 * kChunk) == 0 || sent == content.size())) {
      std::cerr << "\rsent " << Mb(sent) << " of " << Mb(content.size()) << std::flush;
    }
  } while (open && sent < content.size());
  if (progress) std::cerr << "\nthe server is checking the rows...\n";
  stream->WritesDone();
  Check(stream->Finish(), people ? "ImportPeople" : "ImportOrgUnits");
  if (PrintedJson(c, result)) {
    if (result.rejected() > 0) throw Failure{"", 3};
    return;
  }
  std::cout << a.file << ": " << result.rows() << " rows (" << Upper(result.format())
            << (result.separator().empty() ? "" : ", separated by '" + result.separator() + "'") << ")\n";
  int created_shown = 0;
  for (const auto& ch : result.changes()) {
    if (ch.kind() == v1::OrgImportChange::CREATED && !a.all && created_shown++ >= kCreatedShown) continue;
    PrintChange(ch);
  }
  if (created_shown > kCreatedShown) {
    std::cout << "  ... and " << created_shown - kCreatedShown << " more to create (--all lists every row)\n";
  }
  if (result.changes_truncated()) std::cout << "  ... more changes than the server lists (--json for the counts)\n";
  if (result.warnings_size()) {
    std::cout << "warnings:\n";
    for (const auto& w : result.warnings()) PrintProblem(w);
  }
  if (result.errors_size()) {
    std::cout << "rejected rows:\n";
    for (const auto& e : result.errors()) PrintProblem(e);
    if (result.errors_truncated()) std::cout << "  ... more errors than the server lists\n";
  }
  std::cout << result.summary() << "\n";
  if (result.rejected() > 0) throw Failure{"", 3};
}

void AddImport(Commands& c, CLI::App* parent, bool people) {
  auto& a = c.Keep<ImportArgs>();
  const std::string what = people ? "people" : "org units";
  auto* cmd = parent->add_subcommand(
      "import", "Bring " + what + " in from an HR export (CSV with , ; or TAB, or JSON Lines): the difference, "
                "then written in one transaction");
  cmd->add_option("FILE", a.file)->required()->check(CLI::ExistingFile);
  cmd->add_option("--map", a.map,
                  "FIELD=Header for a column with another name, e.g. --map id=Ansattnr,org_unit_id=Enhetskode");
  cmd->add_option("--ignore", a.ignore, "A column to leave out (repeat, or separate with commas)");
  cmd->add_option("--format", a.format, "csv or jsonl (default: by the file's name and content)");
  cmd->add_flag("--dry-run", a.dry_run, "Show the difference against what is stored; write nothing");
  cmd->add_flag("--all", a.all, "List every row to create, not the first 50");
  if (people) {
    cmd->add_flag("--sync", a.sync,
                  "The file is the whole truth: anyone not in it becomes inactive (never deleted), their "
                  "tokens and sessions stop");
    cmd->add_option("--sync-unit", a.sync_units, "With --sync: only people in this unit's subtree (repeat)");
  }
  c.On(cmd, [&a, people](Client& cl) { RunImport(cl, people, a); });
}

}  // namespace

void AddOrgImportCommands(Commands& c, CLI::App* unit, CLI::App* person) {
  AddImport(c, unit, false);
  AddImport(c, person, true);
}

}  // namespace skillpath::cli
