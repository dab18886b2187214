// End-to-end tests against `skillpathd --demo`: the skillpath CLI (tables,
// JSON, errors, a plan's life, confirmations, what a tillitsvalgt sees), and
// every demo person's gap compared with an independent calculation.
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "skillpath/v1/gap.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "skillpath/v1/plan.grpc.pb.h"
#include "testing/process/server_process.h"
#include "testing/skillpathd_commands.h"

namespace skillpath {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::Connect;
using testing::CountJsonArray;
using testing::DemoTokens;
using testing::ReadSource;
using testing::RunCommand;
using testing::ServerProcess;
using testing::TempPath;

TEST(Cli, ShowsTablesJsonAndErrorsAgainstTheDemo) {
  const std::string db = TempPath("cli.db");
  ServerProcess server(SKILLPATHD_BIN, {"--db", db, "--demo"});
  ASSERT_TRUE(server.Start()) << server.log();
  const auto demo = DemoTokens(db);
  ASSERT_EQ(demo.size(), 5u) << "one token per demo user";
  EXPECT_THAT(server.log(), HasSubstr(demo.at("EMPLOYEE"))) << "skillpathd shows the demo tokens";
  const std::string bare = std::string(SKILLPATH_CLI_BIN) + " --server " + server.address();
  const std::string cli = bare + " --token " + demo.at("HR");

  // Who may call: no token, the token from the environment, an employee
  // asking about someone else.
  std::string denied;
  EXPECT_EQ(RunCommand(bare + " framework list", &denied), 1);
  EXPECT_THAT(denied, HasSubstr("UNAUTHENTICATED"));
  EXPECT_EQ(RunCommand("SKILLPATH_TOKEN=" + demo.at("EMPLOYEE") + " " + bare + " gap person E1062", &denied), 0)
      << denied;
  EXPECT_EQ(RunCommand("SKILLPATH_TOKEN=" + demo.at("EMPLOYEE") + " " + bare + " gap person E1001", &denied), 1);
  EXPECT_THAT(denied, HasSubstr("PERMISSION_DENIED"));
  std::string who;
  ASSERT_EQ(RunCommand(bare + " --token " + demo.at("MANAGER") + " whoami", &who), 0) << who;
  EXPECT_THAT(who, HasSubstr("grant   MANAGER"));
  EXPECT_THAT(who, HasSubstr("(E1061), unit ho.hjemme"));
  EXPECT_THAT(who, HasSubstr("manages ho.hjemme"));

  google::protobuf::Struct people;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadSource("db/seed/demo/people.json"), &people).ok());
  const auto& first = people.fields().at("people").list_value().values(0).struct_value().fields();
  const std::string id = first.at("id").string_value(), name = first.at("name").string_value();

  std::string out;
  ASSERT_EQ(RunCommand(cli + " person show " + id, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr(name));
  EXPECT_THAT(out, HasSubstr("Assessments ("));

  ASSERT_EQ(RunCommand(cli + " --json framework list", &out), 0) << out;
  v1::ListFrameworksResponse frameworks;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out, &frameworks).ok()) << out;
  EXPECT_GE(frameworks.frameworks_size(), 2);

  ASSERT_EQ(RunCommand(cli + " assess " + id + " do.personvern.grunnlag 3 --source manager --note Testet", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("recorded " + id + " do.personvern.grunnlag = 3 (manager"));
  ASSERT_EQ(RunCommand(cli + " assessments " + id + " --competence do.personvern.grunnlag", &out), 0);
  EXPECT_THAT(out, HasSubstr("Testet"));

  EXPECT_EQ(RunCommand(cli + " assess " + id + " do.personvern.grunnlag 9 --source manager", &out), 1);
  EXPECT_THAT(out, HasSubstr("INVALID_ARGUMENT: level: level 9 is outside the scale"));
  EXPECT_EQ(RunCommand(cli + " person show ghost", &out), 1);
  EXPECT_THAT(out, HasSubstr("NOT_FOUND"));

  ASSERT_EQ(RunCommand(cli + " resource list --competence do.personvern.grunnlag", &out), 0);
  EXPECT_THAT(out, HasSubstr("kurs.personvern-grunnkurs"));

  const std::string csv = TempPath("import.csv");
  std::ofstream(csv) << "person_id,competence_id,level,source,assessed_at\n"
                     << id << ",do.lean.forbedring,2,self,2026-01-15\n"
                     << "ghost,do.lean.forbedring,2,self,2026-01-15\n";
  EXPECT_EQ(RunCommand(cli + " import " + csv, &out), 3) << out;  // some rows rejected
  EXPECT_THAT(out, HasSubstr("accepted 1, rejected 1"));
  EXPECT_THAT(out, HasSubstr("line 3: person_id: unknown person 'ghost'")) << "the file's line, not the row number";
  EXPECT_EQ(out.find('\r'), std::string::npos) << "no progress line when stderr is not a terminal";

  ASSERT_EQ(RunCommand(cli + " gap person " + id, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("required met"));
  ASSERT_EQ(RunCommand(cli + " gap team it", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("cell: current/target level"));
  EXPECT_THAT(out, HasSubstr("HOLDERS"));
  EXPECT_EQ(out.find('\033'), std::string::npos) << "no colour codes when not a terminal";
  ASSERT_EQ(RunCommand(cli + " gap team it --color", &out), 0) << out;
  EXPECT_NE(out.find("\033["), std::string::npos);
  ASSERT_EQ(RunCommand(cli + " --json gap org", &out), 0) << out;
  v1::OrgSummary org;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out, &org).ok()) << out;
  EXPECT_EQ(org.total().people(), CountJsonArray("db/seed/demo/people.json", "people"));
  EXPECT_GT(org.top_gaps_size(), 0);
  EXPECT_EQ(RunCommand(cli + " gap team ghost", &out), 1);
  EXPECT_THAT(out, HasSubstr("NOT_FOUND"));

  // A plan through its life: generate and save, approve, a step done.
  ASSERT_EQ(RunCommand(cli + " --json plan generate " + id + " --weekly-hours 3 --save", &out), 0) << out;
  v1::LearningPlan plan;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out, &plan).ok()) << out;
  ASSERT_GT(plan.steps_size(), 0);
  EXPECT_EQ(plan.status(), v1::DRAFT);
  ASSERT_EQ(RunCommand(cli + " plan show " + plan.id(), &out), 0) << out;
  EXPECT_THAT(out, HasSubstr(" 1. "));
  EXPECT_THAT(out, HasSubstr(plan.steps(0).rationale()));
  EXPECT_EQ(RunCommand(cli + " plan step " + plan.id() + " 1 done", &out), 1);
  EXPECT_THAT(out, HasSubstr("FAILED_PRECONDITION"));
  for (const char* status : {"proposed", "approved"}) {
    ASSERT_EQ(RunCommand(cli + " plan status " + plan.id() + " " + status, &out), 0) << out;
  }
  ASSERT_EQ(RunCommand(cli + " plan step " + plan.id() + " 1 done", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("step 1 is DONE; plan " + plan.id() + " is IN_PROGRESS"));
  ASSERT_EQ(RunCommand(cli + " assessments " + id + " --competence " + plan.steps(0).changes(0).competence_id(), &out), 0);
  EXPECT_THAT(out, HasSubstr("evidence"));
  ASSERT_EQ(RunCommand(cli + " plan list " + id, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("IN_PROGRESS"));
  ASSERT_EQ(RunCommand(cli + " demand it --budget 50000", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Budget 50000 kr: fund"));
  EXPECT_THAT(out, HasSubstr("dynamic programming"));
  EXPECT_THAT(out, HasSubstr("UNSCHEDULED"));

  // The learner's own DONE awaits their manager's confirmation (issue #10).
  const std::string employee = bare + " --token " + demo.at("EMPLOYEE");
  const std::string manager = bare + " --token " + demo.at("MANAGER");
  const std::string aggregate_first = bare + " --token " + demo.at("AGGREGATE");
  ASSERT_EQ(RunCommand(cli + " --json plan generate E1062 --save", &out), 0) << out;
  v1::LearningPlan own;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out, &own).ok()) << out;
  ASSERT_GT(own.steps_size(), 0);
  ASSERT_EQ(RunCommand(employee + " plan status " + own.id() + " proposed", &out), 0) << out;
  ASSERT_EQ(RunCommand(manager + " plan status " + own.id() + " approved", &out), 0) << out;
  ASSERT_EQ(RunCommand(employee + " plan step " + own.id() + " 1 done", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("step 1 is AWAITING_CONFIRMATION"));
  ASSERT_EQ(RunCommand(employee + " plan show " + own.id(), &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("(AWAITING_CONFIRMATION since"));
  ASSERT_EQ(RunCommand(manager + " plan pending --unit ho.hjemme", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("E1062"));
  EXPECT_THAT(out, HasSubstr(own.id()));
  EXPECT_EQ(RunCommand(employee + " plan confirm " + own.id() + " 1", &out), 1);
  EXPECT_THAT(out, HasSubstr("PERMISSION_DENIED"));
  EXPECT_EQ(RunCommand(manager + " plan confirm " + own.id() + " 1 --reject", &out), 1);
  EXPECT_THAT(out, HasSubstr("INVALID_ARGUMENT: comment"));
  ASSERT_EQ(RunCommand(manager + " plan confirm " + own.id() + " 1", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("step 1 confirmed: it is DONE"));
  ASSERT_EQ(RunCommand(manager + " plan pending --unit ho.hjemme", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Nothing awaits confirmation"));

  // The plan for the learner's calendar (issue #14 item 4): an .ics of its
  // steps, a feed URL of their own, revoked; AGGREGATE reads no plan.
  ASSERT_EQ(RunCommand(employee + " plan ics " + own.id(), &out), 0) << out;
  EXPECT_EQ(out.rfind("BEGIN:VCALENDAR\r\n", 0), 0u) << out;
  for (const v1::PlanStep& s : own.steps()) {
    EXPECT_THAT(out, HasSubstr("\r\nUID:" + own.id() + "-" + std::to_string(s.seq()) + "@skillpath\r\n"));
  }
  ASSERT_EQ(RunCommand(employee + " plan feed create --base-url http://127.0.0.1:8080/", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("http://127.0.0.1:8080/calendar/cal_"));
  ASSERT_EQ(RunCommand(employee + " plan feed revoke", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("the calendar feed of E1062 is revoked"));
  EXPECT_EQ(RunCommand(aggregate_first + " plan ics " + own.id(), &out), 1);
  EXPECT_THAT(out, HasSubstr("PERMISSION_DENIED"));

  // A tillitsvalgt's view: figures withheld by the small-group rule are
  // marked, never printed as if they were 0.
  const std::string aggregate = bare + " --token " + demo.at("AGGREGATE");
  ASSERT_EQ(RunCommand(aggregate + " gap team ho", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("coverage only"));
  EXPECT_THAT(out, HasSubstr("(hidden)"));
  EXPECT_THAT(out, HasSubstr("withheld, it would rest on fewer than 5 people"));
  ASSERT_EQ(RunCommand(aggregate + " --json gap team ho", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Withheld\": true"));

  EXPECT_EQ(RunCommand(std::string(SKILLPATH_CLI_BIN) + " --server 127.0.0.1:1 --timeout 2 framework list", &out), 1);
  EXPECT_THAT(out, HasSubstr("UNAVAILABLE"));
}

// Plans that stay current (issue #14 item 3) through the CLI: the demo
// manager's own plan (nothing validated stands against their self-rating of
// Informasjonshåndtering og arkiv) shows its archive course as no longer
// needed, HR counts it, and `plan regenerate` replaces it.
TEST(Cli, PlansThatStayCurrent) {
  const std::string db = TempPath("cli-current.db");
  ServerProcess server(SKILLPATHD_BIN, {"--db", db, "--demo"});
  ASSERT_TRUE(server.Start()) << server.log();
  const auto demo = DemoTokens(db);
  const std::string bare = std::string(SKILLPATH_CLI_BIN) + " --server " + server.address();
  const std::string manager = bare + " --token " + demo.at("MANAGER");
  const std::string hr = bare + " --token " + demo.at("HR");
  std::string out;
  ASSERT_EQ(RunCommand(manager + " --json plan generate E1061 --save", &out), 0) << out;
  v1::LearningPlan plan;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out, &plan).ok()) << out;
  ASSERT_EQ(RunCommand(manager + " plan show " + plan.id(), &out), 0) << out;
  EXPECT_THAT(out, Not(HasSubstr("NO LONGER NEEDED")));
  EXPECT_THAT(out, HasSubstr("[kurs.arkiv]"));

  ASSERT_EQ(RunCommand(manager + " assess E1061 do.verktoy.informasjonshandtering 1 --source self", &out), 0) << out;
  ASSERT_EQ(RunCommand(manager + " plan show " + plan.id(), &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("OUT OF DATE"));
  EXPECT_THAT(out, HasSubstr("[kurs.arkiv]  NO LONGER NEEDED"));
  EXPECT_THAT(out, HasSubstr("is at 1 now (self-rated), which meets the target of 1"));
  ASSERT_EQ(RunCommand(manager + " plan list E1061", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("OUT OF DATE"));
  ASSERT_EQ(RunCommand(hr + " plan out-of-date", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("1 of 1 open plans are out of date"));

  ASSERT_EQ(RunCommand(manager + " plan regenerate " + plan.id(), &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Replaces plan " + plan.id()));
  EXPECT_THAT(out, HasSubstr("plan " + plan.id() + " is now CANCELLED (replaced by "));
  EXPECT_THAT(out, Not(HasSubstr("[kurs.arkiv]")));
  ASSERT_EQ(RunCommand(hr + " plan out-of-date", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("0 of 1 open plans are out of date"));
  EXPECT_EQ(RunCommand(manager + " plan regenerate " + plan.id(), &out), 1);
  EXPECT_THAT(out, HasSubstr("FAILED_PRECONDITION"));
}

// An independent reading of DESIGN.md's gap rules, written separately from
// core/gap/gap.cc, applied to the demo data files and compared with what the
// running server answers for every demo person.
struct ExpectedEntry {
  int target = 0;
  int current = 0;
  bool required = false;
};

TEST(DemoGaps, EveryPersonsGapMatchesAnIndependentCalculation) {
  const std::string db = TempPath("demo-gaps.db");
  ServerProcess server(SKILLPATHD_BIN, {"--db", db, "--demo"});
  ASSERT_TRUE(server.Start()) << server.log();
  auto gaps = v1::GapService::NewStub(Connect(server));

  v1::ListRolesResponse roles;
  v1::ListPeopleResponse people;
  v1::ListAssessmentsResponse history;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadSource("db/seed/demo/roles.json"), &roles).ok());
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadSource("db/seed/demo/people.json"), &people).ok());
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadSource("db/seed/demo/assessments.json"), &history).ok());
  std::map<std::string, const v1::Role*> role_by_id;
  for (const auto& r : roles.roles()) role_by_id[r.id()] = &r;
  const int64_t as_of = 1793577600;  // 2026-11-01T00:00:00Z: fixed, so expiries are deterministic

  for (const auto& person : people.people()) {
    // Targets: the highest level per priority over all roles and the roles
    // they inherit, each role once.
    std::map<std::string, int> required, desired;
    std::set<std::string> seen;
    std::vector<std::string> todo(person.role_ids().begin(), person.role_ids().end());
    while (!todo.empty()) {
      std::string id = todo.back();
      todo.pop_back();
      if (!seen.insert(id).second) continue;
      const v1::Role* r = role_by_id.at(id);
      for (const auto& t : r->targets()) {
        auto& m = t.priority() == v1::REQUIRED ? required : desired;
        m[t.competence_id()] = std::max(m[t.competence_id()], t.level());
      }
      for (const auto& parent : r->inherits_role_ids()) todo.push_back(parent);
    }
    // Current level: latest valid validated, else latest valid self (the file
    // is in time order; equal times keep file order, which is recorded order).
    std::map<std::string, std::pair<int64_t, int>> validated, self;
    for (const auto& a : history.assessments()) {
      if (a.person_id() != person.id()) continue;
      const int64_t at = a.assessed_at().seconds();
      if (at > as_of || (a.has_expires_at() && a.expires_at().seconds() <= as_of)) continue;
      auto& m = a.source() == v1::SELF ? self : validated;
      auto it = m.find(a.competence_id());
      if (it == m.end() || at >= it->second.first) m[a.competence_id()] = {at, a.level()};
    }
    auto current = [&](const std::string& c) {
      if (validated.count(c)) return validated[c].second;
      if (self.count(c)) return self[c].second;
      return 0;
    };
    std::map<std::pair<std::string, bool>, ExpectedEntry> expected;
    for (auto& [c, level] : required) expected[{c, true}] = {level, current(c), true};
    for (auto& [c, level] : desired) {
      if (level > (required.count(c) ? required[c] : 0)) expected[{c, false}] = {level, current(c), false};
    }

    grpc::ClientContext ctx;
    v1::GetPersonGapRequest req;
    req.set_person_id(person.id());
    req.mutable_as_of()->set_seconds(as_of);
    v1::PersonGap got;
    ASSERT_TRUE(gaps->GetPersonGap(&ctx, req, &got).ok()) << person.id();
    ASSERT_EQ(got.gaps_size(), static_cast<int>(expected.size())) << person.id();
    int required_met = 0, required_total = 0;
    for (const auto& g : got.gaps()) {
      auto it = expected.find({g.competence_id(), g.priority() == v1::REQUIRED});
      ASSERT_NE(it, expected.end()) << person.id() << " " << g.competence_id();
      EXPECT_EQ(g.target_level(), it->second.target) << person.id() << " " << g.competence_id();
      EXPECT_EQ(g.current_level(), it->second.current) << person.id() << " " << g.competence_id();
      EXPECT_EQ(g.gap(), std::max(0, it->second.target - it->second.current));
      if (it->second.required) {
        ++required_total;
        required_met += it->second.current >= it->second.target;
      }
    }
    EXPECT_EQ(got.required_total(), required_total) << person.id();
    EXPECT_EQ(got.required_met(), required_met) << person.id();
  }
}

}  // namespace
}  // namespace skillpath
