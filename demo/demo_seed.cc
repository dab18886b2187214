#include "demo/demo_seed.h"

#include <google/protobuf/util/json_util.h>
#include <sys/stat.h>

#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/model/auth.h"
#include "core/model/errors.h"
#include "demo/seed_data.h"
#include "http/connect/json.h"
#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/auth.grpc.pb.h"
#include "skillpath/v1/catalog.grpc.pb.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"

namespace skillpath::services {
namespace {

absl::Status FromGrpc(const grpc::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()), absl::StrCat(what, ": ", s.error_message()));
}

template <typename Message>
absl::StatusOr<Message> Parse(const std::string& path) {
  for (const SeedFile& f : SeedFiles()) {
    if (f.path != path) continue;
    Message m;
    auto status = google::protobuf::util::JsonStringToMessage(std::string(f.content), &m);
    if (!status.ok()) {
      return absl::InternalError(absl::StrCat("seed file ", path, " does not parse: ", status.ToString()));
    }
    return m;
  }
  return absl::InternalError(absl::StrCat("seed file ", path, " is not compiled in"));
}

// Creates or replaces `m` with `upsert` on `stub`; `what` names it in an error.
template <typename Stub, typename M>
absl::Status Upsert(Stub& stub, grpc::Status (Stub::*upsert)(grpc::ClientContext*, const M&, M*), const M& m,
                    absl::string_view what) {
  grpc::ClientContext ctx;
  M stored;
  return FromGrpc((stub.*upsert)(&ctx, m, &stored), what);
}

// Upserts every message of the seed file `path` (a list response whose
// `items` are the messages, in the file's order), counting them in `count`;
// "<kind> <id>" names one in an error.
template <typename List, typename Stub, typename M>
absl::Status UpsertAll(const std::string& path, const google::protobuf::RepeatedPtrField<M>& (List::*items)() const,
                       Stub& stub, grpc::Status (Stub::*upsert)(grpc::ClientContext*, const M&, M*),
                       absl::string_view kind, int& count) {
  auto list = Parse<List>(path);
  if (!list.ok()) return list.status();
  for (const M& m : ((*list).*items)()) {
    absl::Status s = Upsert(stub, upsert, m, absl::StrCat(kind, " ", m.id()));
    if (!s.ok()) return s;
    ++count;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<bool> DatabaseIsEmpty(const std::shared_ptr<grpc::Channel>& channel) {
  auto frameworks = v1::FrameworkService::NewStub(channel);
  auto org = v1::OrgService::NewStub(channel);
  grpc::ClientContext c1, c2;
  v1::ListFrameworksResponse fw;
  absl::Status s = FromGrpc(frameworks->ListFrameworks(&c1, {}, &fw), "ListFrameworks");
  if (!s.ok()) return s;
  v1::ListOrgUnitsResponse units;
  s = FromGrpc(org->ListOrgUnits(&c2, {}, &units), "ListOrgUnits");
  if (!s.ok()) return s;
  return fw.frameworks_size() == 0 && units.org_units_size() == 0;
}

absl::StatusOr<SeedCounts> SeedDemo(const std::shared_ptr<grpc::Channel>& channel) {
  SeedCounts counts;
  auto frameworks = v1::FrameworkService::NewStub(channel);
  auto org = v1::OrgService::NewStub(channel);
  auto catalog = v1::CatalogService::NewStub(channel);
  auto assessments = v1::AssessmentService::NewStub(channel);

  // The frameworks skillpath ships, installed as an ADMIN would.
  v1::ListAvailableFrameworksResponse available;
  {
    grpc::ClientContext ctx;
    RETURN_IF_ERROR(FromGrpc(frameworks->ListAvailableFrameworks(&ctx, {}, &available), "ListAvailableFrameworks"));
  }
  for (const v1::AvailableFramework& a : available.frameworks()) {
    v1::InstallFrameworkRequest req;
    req.set_name(a.id());
    grpc::ClientContext ctx;
    v1::Framework installed;
    RETURN_IF_ERROR(FromGrpc(frameworks->InstallFramework(&ctx, req, &installed), "framework " + a.id()));
    ++counts.frameworks;
  }

  // Parents come first in org_units.json, prerequisites first in resources.json.
  RETURN_IF_ERROR(UpsertAll("demo/org_units.json", &v1::ListOrgUnitsResponse::org_units, *org,
                            &v1::OrgService::Stub::UpsertOrgUnit, "org unit", counts.org_units));
  RETURN_IF_ERROR(UpsertAll("demo/roles.json", &v1::ListRolesResponse::roles, *org, &v1::OrgService::Stub::UpsertRole,
                            "role", counts.roles));
  RETURN_IF_ERROR(UpsertAll("demo/people.json", &v1::ListPeopleResponse::people, *org,
                            &v1::OrgService::Stub::UpsertPerson, "person", counts.people));
  RETURN_IF_ERROR(UpsertAll("demo/resources.json", &v1::ListResourcesResponse::resources, *catalog,
                            &v1::CatalogService::Stub::UpsertResource, "resource", counts.resources));

  auto history = Parse<v1::ListAssessmentsResponse>("demo/assessments.json");
  if (!history.ok()) return history.status();
  grpc::ClientContext ctx;
  v1::ImportSummary summary;
  auto writer = assessments->ImportAssessments(&ctx, &summary);
  for (const v1::Assessment& a : history->assessments()) {
    if (!writer->Write(a)) break;
  }
  writer->WritesDone();
  absl::Status s = FromGrpc(writer->Finish(), "ImportAssessments");
  if (!s.ok()) return s;
  if (summary.rejected() > 0) {
    return absl::InternalError(absl::StrCat("demo assessments: ", summary.rejected(), " rejected, first: row ",
                                            summary.errors(0).index(), ": ", summary.errors(0).message()));
  }
  counts.assessments = summary.accepted();
  return counts;
}

absl::StatusOr<std::vector<DemoToken>> CreateDemoTokens(const std::shared_ptr<grpc::Channel>& channel) {
  auto auth = v1::AuthService::NewStub(channel);
  auto wanted = Parse<v1::ListTokensResponse>("demo/tokens.json");
  if (!wanted.ok()) return wanted.status();
  std::vector<DemoToken> made;
  for (const v1::TokenInfo& t : wanted->tokens()) {
    grpc::ClientContext ctx;
    v1::CreateTokenRequest req;
    req.set_grant(t.grant());
    req.set_person_id(t.person_id());
    req.set_description("demo: " + t.description());
    v1::CreateTokenResponse resp;
    absl::Status s = FromGrpc(auth->CreateToken(&ctx, req, &resp), absl::StrCat("demo token for ", t.person_id()));
    if (!s.ok()) return s;
    made.push_back({core::GrantName(static_cast<core::Grant>(t.grant())), t.person_id(), t.description(), resp.token()});
  }
  return made;
}

std::string DemoTokensPath(const std::string& db_path) { return db_path + ".demo-tokens"; }

std::string DemoUsersJson(const std::vector<DemoToken>& tokens) {
  std::string json = "[";
  for (const DemoToken& t : tokens) {
    absl::StrAppend(&json, json.size() > 1 ? "," : "", "{\"grant\":", JsonQuote(t.grant), ",\"personId\":",
                    JsonQuote(t.person_id), ",\"description\":", JsonQuote(t.description), ",\"token\":",
                    JsonQuote(t.token), "}");
  }
  return json + "]";
}

absl::Status WriteDemoTokens(const std::string& path, const std::vector<DemoToken>& tokens) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", tmp));
    ::chmod(tmp.c_str(), 0600);
    for (const DemoToken& t : tokens) {
      out << t.grant << '\t' << t.person_id << '\t' << t.token << '\t' << t.description << '\n';
    }
    out.flush();
    if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", tmp));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return absl::UnavailableError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<DemoToken>> ReadDemoTokens(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("no demo tokens at ", path));
  std::vector<DemoToken> tokens;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f = absl::StrSplit(line, absl::MaxSplits('\t', 3));
    if (f.size() != 4) return absl::DataLossError(absl::StrCat(path, ": a line is not GRANT, PERSON, TOKEN, DESCRIPTION"));
    tokens.push_back({f[0], f[1], f[3], f[2]});
  }
  return tokens;
}

}  // namespace skillpath::services
