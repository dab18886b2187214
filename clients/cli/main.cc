// skillpath: the command-line client of skillpathd (gRPC).
//
//   skillpath [--server HOST:PORT] [--token T] [--json] COMMAND ...
//
// Readable tables by default, protobuf JSON with --json. A failed call prints
// its status code and message on stderr and exits non-zero.

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <unistd.h>
#include <iomanip>

#include "clients/cli/csv.h"
#include "clients/cli/table.h"
#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/auth.grpc.pb.h"
#include "skillpath/v1/catalog.grpc.pb.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "skillpath/v1/gap.grpc.pb.h"
#include "skillpath/v1/plan.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"

namespace v1 = skillpath::v1;
using google::protobuf::util::TimeUtil;
using skillpath::cli::Table;

namespace {

struct Options {
  std::string server = "127.0.0.1:50051";
  std::string token;
  std::string tls_ca, tls_cert, tls_key;  // TLS: server CA, and a client certificate if asked
  bool json = false;
  int timeout_s = 30;
};

const char* CodeName(grpc::StatusCode c) {
  switch (c) {
    case grpc::OK: return "OK";
    case grpc::CANCELLED: return "CANCELLED";
    case grpc::UNKNOWN: return "UNKNOWN";
    case grpc::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::NOT_FOUND: return "NOT_FOUND";
    case grpc::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::ABORTED: return "ABORTED";
    case grpc::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::INTERNAL: return "INTERNAL";
    case grpc::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::DATA_LOSS: return "DATA_LOSS";
    case grpc::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

// Thrown inside the CLI only, caught in main: ends the command with a message.
struct Failure {
  std::string message;
  int exit_code = 1;
};

std::string ReadPemFile(const std::string& path, const std::string& flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure{flag + ": cannot read " + path};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class Client {
 public:
  explicit Client(const Options& o) : options_(o) {}

  std::unique_ptr<grpc::ClientContext> Context() const {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(options_.timeout_s));
    if (!options_.token.empty()) ctx->AddMetadata("authorization", "Bearer " + options_.token);
    return ctx;
  }
  std::shared_ptr<grpc::Channel> channel() {
    if (channel_) return channel_;
    if (options_.tls_ca.empty() && options_.tls_cert.empty()) {
      channel_ = grpc::CreateChannel(options_.server, grpc::InsecureChannelCredentials());
    } else {
      grpc::SslCredentialsOptions ssl;
      if (!options_.tls_ca.empty()) ssl.pem_root_certs = ReadPemFile(options_.tls_ca, "--tls-ca");
      if (!options_.tls_cert.empty()) {
        ssl.pem_cert_chain = ReadPemFile(options_.tls_cert, "--tls-cert");
        ssl.pem_private_key = ReadPemFile(options_.tls_key, "--tls-key");
      }
      channel_ = grpc::CreateChannel(options_.server, grpc::SslCredentials(ssl));
    }
    return channel_;
  }
  v1::FrameworkService::Stub& frameworks() { return Stub(frameworks_); }
  v1::OrgService::Stub& org() { return Stub(org_); }
  v1::AssessmentService::Stub& assessments() { return Stub(assessments_); }
  v1::CatalogService::Stub& catalog() { return Stub(catalog_); }
  v1::GapService::Stub& gaps() { return Stub(gaps_); }
  v1::PlanService::Stub& plans() { return Stub(plans_); }
  v1::AuthService::Stub& auth() { return Stub(auth_); }
  v1::PrivacyService::Stub& privacy() { return Stub(privacy_); }
  const Options& options() const { return options_; }

 private:
  template <typename S>
  typename S::element_type& Stub(S& slot) {
    if (!slot) slot = std::make_unique<typename S::element_type>(channel());
    return *slot;
  }
  Options options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::FrameworkService::Stub> frameworks_;
  std::unique_ptr<v1::OrgService::Stub> org_;
  std::unique_ptr<v1::AssessmentService::Stub> assessments_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::GapService::Stub> gaps_;
  std::unique_ptr<v1::PlanService::Stub> plans_;
  std::unique_ptr<v1::AuthService::Stub> auth_;
  std::unique_ptr<v1::PrivacyService::Stub> privacy_;
};

void Check(const grpc::Status& s, const std::string& what) {
  if (s.ok()) return;
  std::string hint;
  if (s.error_code() == grpc::UNAVAILABLE) hint = " (is skillpathd running? see --server)";
  throw Failure{what + " failed: " + CodeName(s.error_code()) + ": " + s.error_message() + hint};
}

std::string Json(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions opts;
  opts.add_whitespace = true;
  opts.always_print_primitive_fields = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, opts);
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure{"cannot read " + path};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

template <typename M>
M ParseJsonFile(const std::string& path) {
  M m;
  auto s = google::protobuf::util::JsonStringToMessage(ReadFile(path), &m);
  if (!s.ok()) throw Failure{path + ": not a valid " + m.GetTypeName() + " in JSON: " + s.ToString()};
  return m;
}

google::protobuf::Timestamp ParseTime(const std::string& field, const std::string& text) {
  google::protobuf::Timestamp t;
  std::string full = text.size() == 10 ? text + "T00:00:00Z" : text;
  if (!TimeUtil::FromString(full, &t)) {
    throw Failure{field + ": '" + text + "' is not a date (YYYY-MM-DD) or an RFC 3339 time"};
  }
  return t;
}

std::string Date(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  return TimeUtil::ToString(t).substr(0, 10);
}

std::string Money(double v) {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(0);
  o << v;
  return o.str();
}

std::string Number(double v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string SourceName(v1::AssessmentSource s) { return Lower(v1::AssessmentSource_Name(s)); }

v1::AssessmentSource ParseSource(const std::string& text) {
  v1::AssessmentSource s;
  if (!v1::AssessmentSource_Parse(Upper(text), &s) || s == v1::ASSESSMENT_SOURCE_UNSPECIFIED) {
    throw Failure{"--source: '" + text + "' is not one of self, manager, evidence, certification"};
  }
  return s;
}

std::string Join(const google::protobuf::RepeatedPtrField<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// ---------------------------------------------------------------------------

void FrameworkList(Client& c) {
  v1::ListFrameworksResponse resp;
  Check(c.frameworks().ListFrameworks(c.Context().get(), {}, &resp), "ListFrameworks");
  if (c.options().json) {
    std::cout << Json(resp);
    return;
  }
  Table t({"ID", "NAME", "VERSION", "AREAS", "COMPETENCES", "LEVELS"});
  for (const auto& f : resp.frameworks()) {
    int comps = 0;
    for (const auto& a : f.areas()) comps += a.competences_size();
    t.Add({f.id(), f.name(), f.version(), std::to_string(f.areas_size()), std::to_string(comps),
           std::to_string(f.scale().levels_size())});
  }
  t.Print(std::cout);
}

void FrameworkShow(Client& c, const std::string& id) {
  v1::GetRequest req;
  req.set_id(id);
  v1::Framework f;
  Check(c.frameworks().GetFramework(c.Context().get(), req, &f), "GetFramework");
  if (c.options().json) {
    std::cout << Json(f);
    return;
  }
  std::cout << f.name() << " (" << f.id() << (f.version().empty() ? "" : ", version " + f.version()) << ")\n";
  if (!f.description().empty()) std::cout << f.description() << "\n";
  std::cout << "\nScale:\n";
  for (const auto& l : f.scale().levels()) std::cout << "  " << l.level() << "  " << l.name() << "\n";
  for (const auto& a : f.areas()) {
    std::cout << "\n" << a.name() << " [" << a.id() << "]\n";
    for (const auto& comp : a.competences()) {
      std::cout << "  " << comp.id() << "  " << comp.name() << "\n";
    }
  }
}

void FrameworkApply(Client& c, const std::string& file) {
  auto f = ParseJsonFile<v1::Framework>(file);
  v1::Framework stored;
  Check(c.frameworks().UpsertFramework(c.Context().get(), f, &stored), "UpsertFramework");
  if (c.options().json) {
    std::cout << Json(stored);
    return;
  }
  std::cout << "framework " << stored.id() << " stored\n";
}

void UnitList(Client& c) {
  v1::ListOrgUnitsResponse resp;
  Check(c.org().ListOrgUnits(c.Context().get(), {}, &resp), "ListOrgUnits");
  if (c.options().json) {
    std::cout << Json(resp);
    return;
  }
  // Print as a tree: children under their parent, in id order.
  std::map<std::string, std::vector<const v1::OrgUnit*>> children;
  std::map<std::string, bool> known;
  for (const auto& u : resp.org_units()) known[u.id()] = true;
  for (const auto& u : resp.org_units()) children[known.count(u.parent_id()) ? u.parent_id() : ""].push_back(&u);
  Table t({"UNIT", "ID"});
  std::function<void(const std::string&, int)> walk = [&](const std::string& parent, int depth) {
    for (const v1::OrgUnit* u : children[parent]) {
      t.Add({std::string(depth * 2, ' ') + u->name(), u->id()});
      walk(u->id(), depth + 1);
    }
  };
  walk("", 0);
  t.Print(std::cout);
}

void UnitUpsert(Client& c, const std::string& id, const std::string& name, const std::string& parent) {
  v1::OrgUnit u, stored;
  u.set_id(id);
  u.set_name(name);
  u.set_parent_id(parent);
  Check(c.org().UpsertOrgUnit(c.Context().get(), u, &stored), "UpsertOrgUnit");
  if (c.options().json) {
    std::cout << Json(stored);
    return;
  }
  std::cout << "org unit " << stored.id() << " stored\n";
}

void RoleList(Client& c) {
  v1::ListRolesResponse resp;
  Check(c.org().ListRoles(c.Context().get(), {}, &resp), "ListRoles");
  if (c.options().json) {
    std::cout << Json(resp);
    return;
  }
  Table t({"ID", "NAME", "REQUIRED", "DESIRED", "INHERITS"});
  for (const auto& r : resp.roles()) {
    int req = 0, des = 0;
    for (const auto& tg : r.targets()) (tg.priority() == v1::REQUIRED ? req : des)++;
    t.Add({r.id(), r.name(), std::to_string(req), std::to_string(des), Join(r.inherits_role_ids())});
  }
  t.Print(std::cout);
}

void RoleShow(Client& c, const std::string& id) {
  v1::GetRequest req;
  req.set_id(id);
  v1::Role r;
  Check(c.org().GetRole(c.Context().get(), req, &r), "GetRole");
  if (c.options().json) {
    std::cout << Json(r);
    return;
  }
  std::cout << r.name() << " (" << r.id() << ")\n";
  if (!r.description().empty()) std::cout << r.description() << "\n";
  if (r.inherits_role_ids_size()) std::cout << "inherits: " << Join(r.inherits_role_ids()) << "\n";
  std::cout << "\n";
  Table t({"COMPETENCE", "LEVEL", "PRIORITY", "WEIGHT"});
  for (const auto& tg : r.targets()) {
    t.Add({tg.competence_id(), std::to_string(tg.level()), tg.priority() == v1::REQUIRED ? "skal" : "bør",
           Number(tg.weight())});
  }
  t.Print(std::cout);
}

void RoleApply(Client& c, const std::string& file) {
  auto r = ParseJsonFile<v1::Role>(file);
  v1::Role stored;
  Check(c.org().UpsertRole(c.Context().get(), r, &stored), "UpsertRole");
  if (c.options().json) {
    std::cout << Json(stored);
    return;
  }
  std::cout << "role " << stored.id() << " stored\n";
}

void PersonList(Client& c, const std::string& unit, bool subunits) {
  v1::ListPeopleRequest req;
  req.set_org_unit_id(unit);
  req.set_include_subunits(subunits);
  v1::ListPeopleResponse all;
  do {
    v1::ListPeopleResponse page;
    Check(c.org().ListPeople(c.Context().get(), req, &page), "ListPeople");
    all.mutable_people()->MergeFrom(page.people());
    req.set_page_token(page.next_page_token());
  } while (!req.page_token().empty());
  if (c.options().json) {
    std::cout << Json(all);
    return;
  }
  Table t({"ID", "NAME", "UNIT", "ROLES", "MANAGES"});
  for (const auto& p : all.people()) {
    t.Add({p.id(), p.name() + (p.active() ? "" : " (inactive)"), p.org_unit_id(), Join(p.role_ids()),
           Join(p.manages_unit_ids())});
  }
  t.Print(std::cout);
  std::cout << all.people_size() << " people\n";
}

void PersonShow(Client& c, const std::string& id) {
  v1::GetRequest req;
  req.set_id(id);
  v1::Person p;
  Check(c.org().GetPerson(c.Context().get(), req, &p), "GetPerson");
  v1::ListAssessmentsRequest areq;
  areq.set_person_id(id);
  v1::ListAssessmentsResponse history;
  Check(c.assessments().ListAssessments(c.Context().get(), areq, &history), "ListAssessments");
  if (c.options().json) {
    std::cout << Json(p);
    return;
  }
  std::cout << p.name() << " (" << p.id() << ")" << (p.active() ? "" : " - inactive") << "\n";
  if (!p.email().empty()) std::cout << "e-mail:  " << p.email() << "\n";
  std::cout << "unit:    " << p.org_unit_id() << "\n";
  std::cout << "roles:   " << Join(p.role_ids()) << "\n";
  if (p.manages_unit_ids_size()) std::cout << "manages: " << Join(p.manages_unit_ids()) << "\n";
  std::cout << "\nAssessments (" << history.assessments_size() << ", oldest first):\n";
  Table t({"DATE", "COMPETENCE", "LEVEL", "SOURCE", "BY", "EXPIRES"});
  for (const auto& a : history.assessments()) {
    t.Add({Date(a.assessed_at()), a.competence_id(), std::to_string(a.level()), SourceName(a.source()),
           a.assessor_id(), a.has_expires_at() ? Date(a.expires_at()) : ""});
  }
  t.Print(std::cout);
}

struct PersonArgs {
  std::string id, name, email, unit;
  std::vector<std::string> roles, manages;
  bool inactive = false;
};

void PersonUpsert(Client& c, const PersonArgs& a) {
  v1::Person p, stored;
  p.set_id(a.id);
  p.set_name(a.name);
  p.set_email(a.email);
  p.set_org_unit_id(a.unit);
  for (const auto& r : a.roles) p.add_role_ids(r);
  for (const auto& u : a.manages) p.add_manages_unit_ids(u);
  p.set_active(!a.inactive);
  Check(c.org().UpsertPerson(c.Context().get(), p, &stored), "UpsertPerson");
  if (c.options().json) {
    std::cout << Json(stored);
    return;
  }
  std::cout << "person " << stored.id() << " stored\n";
}

void PersonRole(Client& c, bool assign, const std::string& person, const std::string& role) {
  v1::RoleAssignment req;
  req.set_person_id(person);
  req.set_role_id(role);
  v1::Person stored;
  if (assign) {
    Check(c.org().AssignRole(c.Context().get(), req, &stored), "AssignRole");
  } else {
    Check(c.org().UnassignRole(c.Context().get(), req, &stored), "UnassignRole");
  }
  if (c.options().json) {
    std::cout << Json(stored);
    return;
  }
  std::cout << stored.name() << " now has roles: " << Join(stored.role_ids()) << "\n";
}

struct AssessArgs {
  std::string person, competence, source = "self", assessor, note, evidence, at, expires;
  int level = 0;
};

void Assess(Client& c, const AssessArgs& a) {
  v1::Assessment req, stored;
  req.set_person_id(a.person);
  req.set_competence_id(a.competence);
  req.set_level(a.level);
  req.set_source(ParseSource(a.source));
  req.set_assessor_id(a.assessor);
  req.set_note(a.note);
  req.set_evidence_uri(a.evidence);
  if (!a.at.empty()) *req.mutable_assessed_at() = ParseTime("--at", a.at);
  if (!a.expires.empty()) *req.mutable_expires_at() = ParseTime("--expires", a.expires);
  Check(c.assessments().RecordAssessment(c.Context().get(), req, &stored), "RecordAssessment");
  if (c.options().json) {
    std::cout << Json(stored);
    return;
  }
  std::cout << "recorded " << stored.person_id() << " " << stored.competence_id() << " = " << stored.level() << " ("
            << SourceName(stored.source()) << ", " << Date(stored.assessed_at()) << "), id " << stored.id() << "\n";
}

void AssessmentList(Client& c, const std::string& person, const std::string& competence) {
  v1::ListAssessmentsRequest req;
  req.set_person_id(person);
  req.set_competence_id(competence);
  v1::ListAssessmentsResponse resp;
  Check(c.assessments().ListAssessments(c.Context().get(), req, &resp), "ListAssessments");
  if (c.options().json) {
    std::cout << Json(resp);
    return;
  }
  Table t({"DATE", "COMPETENCE", "LEVEL", "SOURCE", "BY", "EXPIRES", "NOTE"});
  for (const auto& a : resp.assessments()) {
    t.Add({Date(a.assessed_at()), a.competence_id(), std::to_string(a.level()), SourceName(a.source()),
           a.assessor_id(), a.has_expires_at() ? Date(a.expires_at()) : "", a.note()});
  }
  t.Print(std::cout);
}

// Reads assessments from a CSV file with a header naming the columns
// (person_id, competence_id, level, source, assessor_id, assessed_at,
// expires_at, note, evidence_uri, id) or from JSON ({"assessments": [...]}).
std::vector<v1::Assessment> ReadAssessments(const std::string& file) {
  if (file.size() >= 5 && file.substr(file.size() - 5) == ".json") {
    auto list = ParseJsonFile<v1::ListAssessmentsResponse>(file);
    return {list.assessments().begin(), list.assessments().end()};
  }
  auto rows = skillpath::cli::ParseAssessmentsCsv(file, ReadFile(file));
  if (!rows.ok()) throw Failure{std::string(rows.status().message())};
  return std::move(*rows);
}

void Import(Client& c, const std::string& file) {
  std::vector<v1::Assessment> rows = ReadAssessments(file);
  auto ctx = c.Context();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
  v1::ImportSummary summary;
  auto stream = c.assessments().ImportAssessments(ctx.get(), &summary);
  size_t sent = 0;
  for (const auto& a : rows) {
    if (!stream->Write(a)) break;
    if (++sent % 10000 == 0 && !c.options().json) std::cerr << "\rsent " << sent << " of " << rows.size() << std::flush;
  }
  if (sent >= 10000 && !c.options().json) std::cerr << "\n";
  stream->WritesDone();
  Check(stream->Finish(), "ImportAssessments");
  if (c.options().json) {
    std::cout << Json(summary);
    return;
  }
  std::cout << "accepted " << summary.accepted() << ", rejected " << summary.rejected() << "\n";
  for (const auto& e : summary.errors()) std::cout << "  row " << e.index() << ": " << e.message() << "\n";
  if (summary.errors_truncated()) {
    std::cout << "  ... " << summary.rejected() - summary.errors_size() << " more rejected rows not listed\n";
  }
  if (summary.rejected() > 0) throw Failure{"", 3};
}

const char* ModeName(v1::LearningMode m) {
  switch (m) {
    case v1::ELEARNING: return "e-learning";
    case v1::CLASSROOM: return "classroom";
    case v1::WORKSHOP: return "workshop";
    case v1::ON_THE_JOB: return "on the job";
    case v1::MENTORING: return "mentoring";
    default: return "?";
  }
}

void ResourceList(Client& c, const std::string& competence) {
  v1::ListResourcesRequest req;
  req.set_competence_id(competence);
  v1::ListResourcesResponse resp;
  Check(c.catalog().ListResources(c.Context().get(), req, &resp), "ListResources");
  if (c.options().json) {
    std::cout << Json(resp);
    return;
  }
  Table t({"ID", "TITLE", "MODE", "HOURS", "COST", "OUTCOMES", "SESSIONS"});
  for (const auto& r : resp.resources()) {
    std::string outcomes;
    for (const auto& o : r.outcomes()) {
      outcomes += (outcomes.empty() ? "" : ", ") + o.competence_id() + " " + std::to_string(o.min_level()) + "->" +
                  std::to_string(o.reaches_level());
    }
    t.Add({r.id(), r.title(), ModeName(r.mode()), Number(r.hours()), Money(r.cost()), outcomes,
           std::to_string(r.sessions_size())});
  }
  t.Print(std::cout);
}

void ResourceShow(Client& c, const std::string& id) {
  v1::GetRequest req;
  req.set_id(id);
  v1::LearningResource r;
  Check(c.catalog().GetResource(c.Context().get(), req, &r), "GetResource");
  if (c.options().json) {
    std::cout << Json(r);
    return;
  }
  std::cout << r.title() << " (" << r.id() << ")\n"
            << ModeName(r.mode()) << ", " << Number(r.hours()) << " h, " << Money(r.cost()) << " kr per learner"
            << (r.provider().empty() ? "" : ", by " + r.provider())
            << (r.language().empty() ? "" : ", language " + r.language()) << "\n";
  if (!r.url().empty()) std::cout << r.url() << "\n";
  std::cout << "\nOutcomes:\n";
  for (const auto& o : r.outcomes()) {
    std::cout << "  " << o.competence_id() << ": from " << o.min_level() << " to " << o.reaches_level() << "\n";
  }
  if (r.prerequisite_ids_size()) std::cout << "Prerequisites: " << Join(r.prerequisite_ids()) << "\n";
  if (r.sessions_size()) {
    std::cout << "\nSessions:\n";
    Table t({"ID", "START", "END", "CAPACITY", "LOCATION", "FIXED COST"});
    for (const auto& s : r.sessions()) {
      t.Add({s.id(), Date(s.start()), Date(s.end()), std::to_string(s.capacity()), s.location(),
             Money(s.fixed_cost())});
    }
    t.Print(std::cout);
  }
}

void ResourceApply(Client& c, const std::string& file) {
  auto r = ParseJsonFile<v1::LearningResource>(file);
  v1::LearningResource stored;
  Check(c.catalog().UpsertResource(c.Context().get(), r, &stored), "UpsertResource");
  if (c.options().json) {
    std::cout << Json(stored);
    return;
  }
  std::cout << "resource " << stored.id() << " stored\n";
}

void ResourceDelete(Client& c, const std::string& id) {
  v1::DeleteResourceRequest req;
  req.set_id(id);
  v1::DeleteResourceResponse resp;
  Check(c.catalog().DeleteResource(c.Context().get(), req, &resp), "DeleteResource");
  if (!c.options().json) std::cout << "resource " << id << " deleted\n";
}


// ---------------------------------------------------------------------------
// Tokens, the audit log, personal data (ADMIN; export also the person)

std::string GrantLabel(v1::Grant g) {
  const std::string name = v1::Grant_Name(g);
  return name.rfind("GRANT_", 0) == 0 ? name.substr(6) : name;
}

v1::Grant ParseGrantName(const std::string& text) {
  v1::Grant g;
  if (!v1::Grant_Parse("GRANT_" + Upper(text), &g) || g == v1::GRANT_UNSPECIFIED) {
    throw Failure{"--grant: '" + text + "' is not one of EMPLOYEE, MANAGER, HR, ADMIN, AGGREGATE"};
  }
  return g;
}

std::string Time(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  return TimeUtil::ToString(t).substr(0, 19);
}

void TokenCreate(Client& c, const std::string& grant, const std::string& person, const std::string& expires,
                 const std::string& description) {
  v1::CreateTokenRequest req;
  req.set_grant(ParseGrantName(grant));
  req.set_person_id(person);
  if (!expires.empty()) *req.mutable_expires_at() = ParseTime("--expires", expires);
  req.set_description(description);
  v1::CreateTokenResponse resp;
  Check(c.auth().CreateToken(c.Context().get(), req, &resp), "CreateToken");
  if (c.options().json) {
    std::cout << Json(resp);
    return;
  }
  std::cout << resp.token() << "\n";  // only the token: `export SKILLPATH_TOKEN=$(skillpath token create ...)`
}

void WhoAmI(Client& c) {
  v1::WhoAmIResponse resp;
  Check(c.auth().WhoAmI(c.Context().get(), {}, &resp), "WhoAmI");
  if (c.options().json) {
    std::cout << Json(resp);
    return;
  }
  const auto& t = resp.token();
  std::cout << "token   " << t.id() << (t.description().empty() ? "" : " (" + t.description() + ")") << "\n";
  std::cout << "grant   " << GrantLabel(t.grant()) << "\n";
  if (resp.has_person()) {
    std::cout << "person  " << resp.person().name() << " (" << resp.person().id() << "), unit "
              << resp.person().org_unit_id() << "\n";
    if (resp.person().manages_unit_ids_size()) std::cout << "manages " << Join(resp.person().manages_unit_ids()) << "\n";
  }
  if (t.has_expires_at()) std::cout << "expires " << Time(t.expires_at()) << "\n";
}

void TokenList(Client& c) {
  v1::ListTokensResponse resp;
  Check(c.auth().ListTokens(c.Context().get(), {}, &resp), "ListTokens");
  if (c.options().json) {
    std::cout << Json(resp);
    return;
  }
  Table t({"ID", "GRANT", "PERSON", "CREATED", "EXPIRES", "STATE", "DESCRIPTION"});
  for (const auto& k : resp.tokens()) {
    t.Add({k.id(), GrantLabel(k.grant()), k.person_id(), Date(k.created_at()), Date(k.expires_at()),
           k.has_revoked_at() ? "revoked " + Date(k.revoked_at()) : "valid", k.description()});
  }
  t.Print(std::cout);
}

void TokenRevoke(Client& c, const std::string& id) {
  v1::RevokeTokenRequest req;
  req.set_id(id);
  v1::TokenInfo info;
  Check(c.auth().RevokeToken(c.Context().get(), req, &info), "RevokeToken");
  if (c.options().json) {
    std::cout << Json(info);
    return;
  }
  std::cout << "token " << id << " revoked " << Time(info.revoked_at()) << "\n";
}

void AuditList(Client& c, const std::string& subject, const std::string& actor, const std::string& since,
               const std::string& until, int limit) {
  v1::ListAuditEventsRequest req;
  req.set_subject(subject);
  req.set_actor_person(actor);
  if (!since.empty()) *req.mutable_from() = ParseTime("--since", since);
  if (!until.empty()) *req.mutable_to() = ParseTime("--until", until);
  v1::ListAuditEventsResponse all;
  do {
    req.set_page_size(std::min(limit - all.events_size(), 10000));
    v1::ListAuditEventsResponse page;
    Check(c.auth().ListAuditEvents(c.Context().get(), req, &page), "ListAuditEvents");
    for (const auto& e : page.events()) *all.add_events() = e;
    req.set_page_token(page.next_page_token());
  } while (!req.page_token().empty() && all.events_size() < limit);
  if (c.options().json) {
    std::cout << Json(all);
    return;
  }
  Table t({"TIME (UTC)", "ACTOR", "TOKEN", "METHOD", "SUBJECT", "OUTCOME"});
  for (const auto& e : all.events()) {
    std::string method = e.method();
    if (method.rfind("skillpath.v1.", 0) == 0) method = method.substr(13);
    t.Add({Time(e.at()), e.actor_person(), e.actor_token(), method, e.subject(),
           e.outcome().size() > 60 ? e.outcome().substr(0, 57) + "..." : e.outcome()});
  }
  t.Print(std::cout);
  if (!req.page_token().empty()) std::cout << "(more: raise --limit or narrow with --since/--subject)\n";
}

void PersonExport(Client& c, const std::string& id) {
  v1::ExportPersonDataRequest req;
  req.set_person_id(id);
  v1::ExportPersonDataResponse resp;
  Check(c.privacy().ExportPersonData(c.Context().get(), req, &resp), "ExportPersonData");
  std::cout << resp.json();  // always JSON: the export is the document
}

void PersonErase(Client& c, const std::string& id, bool yes) {
  if (!yes) throw Failure{"erasing " + id + " removes the person and all their data for good; add --yes to do it"};
  v1::ErasePersonRequest req;
  req.set_person_id(id);
  v1::ErasePersonResponse resp;
  Check(c.privacy().ErasePerson(c.Context().get(), req, &resp), "ErasePerson");
  if (c.options().json) {
    std::cout << Json(resp);
    return;
  }
  std::cout << "person " << id << " erased; the audit log now calls them " << resp.pseudonym() << "\n";
}

// ---------------------------------------------------------------------------
// Gaps

std::string Fixed(double v, int digits = 2) {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(digits);
  o << v;
  return o.str();
}

std::string Percent(int part, int whole) {
  if (whole == 0) return "-";
  return std::to_string((part * 100 + whole / 2) / whole) + "%";
}

std::string Shorten(const std::string& s, size_t width) {
  if (skillpath::cli::DisplayWidth(s) <= width) return s;
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80 && ++n > width - 1) break;
    out += s[i];
  }
  return out + "~";
}

std::string PadRight(const std::string& s, size_t width) {
  size_t w = skillpath::cli::DisplayWidth(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string PadLeft(const std::string& s, size_t width) {
  size_t w = skillpath::cli::DisplayWidth(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

// Sets the request's as_of only when given (an empty Timestamp would mean 1970).
template <typename Request>
void SetAsOf(const std::string& as_of, Request& req) {
  if (!as_of.empty()) *req.mutable_as_of() = ParseTime("--as-of", as_of);
}

// Shown for a figure withheld from an AGGREGATE token.
constexpr const char* kWithheld = "(hidden)";

void GapPerson(Client& c, const std::string& id, const std::string& as_of) {
  v1::GetPersonGapRequest req;
  req.set_person_id(id);
  SetAsOf(as_of, req);
  v1::PersonGap g;
  Check(c.gaps().GetPersonGap(c.Context().get(), req, &g), "GetPersonGap");
  if (c.options().json) {
    std::cout << Json(g);
    return;
  }
  Table t({"COMPETENCE", "PRIORITY", "CURRENT", "SOURCE", "SELF", "TARGET", "GAP", "WEIGHT", ""});
  for (const auto& e : g.gaps()) {
    std::string source = e.current_source() == v1::ASSESSMENT_SOURCE_UNSPECIFIED ? "none" : SourceName(e.current_source());
    if (e.current_source() == v1::SELF) source += " (unvalidated)";
    t.Add({e.competence_id(), e.priority() == v1::REQUIRED ? "skal" : "bør", std::to_string(e.current_level()), source,
           e.self_level() < 0 ? "-" : std::to_string(e.self_level()), std::to_string(e.target_level()),
           std::to_string(e.gap()), Number(e.weight()), e.met() ? "met" : ""});
  }
  if (g.gaps_size() == 0) {
    std::cout << g.person_id() << " has no targets (no roles with target profiles).\n";
    return;
  }
  t.Print(std::cout);
  std::cout << "\nrequired met " << g.required_met() << " of " << g.required_total() << " ("
            << Percent(g.required_met(), g.required_total()) << "), gap score " << Fixed(g.gap_score())
            << ", desired gap score " << Fixed(g.desired_gap_score()) << "\n";
}

// The heatmap: people x competences, a cell "current/target" coloured by the
// gap; plain characters when standard output is not a terminal.
void GapTeam(Client& c, const std::string& unit, bool no_subunits, const std::string& as_of, bool color) {
  v1::GetTeamGapRequest req;
  req.set_org_unit_id(unit);
  if (no_subunits) req.set_include_subunits(false);
  SetAsOf(as_of, req);
  v1::TeamGap t;
  Check(c.gaps().GetTeamGap(c.Context().get(), req, &t), "GetTeamGap");
  if (c.options().json) {
    std::cout << Json(t);
    return;
  }
  if (t.rows_size() == 0 && t.coverage_size() == 0) {
    std::cout << "No people in " << unit << (no_subunits ? "" : " or its sub-units") << ".\n";
    return;
  }
  const bool rows_withheld = t.rows_size() == 0;  // an AGGREGATE token sees coverage only
  const char* reset = "\033[0m";
  auto paint = [&](const v1::TeamCell& cell) -> std::string {
    if (!color) return "";
    if (cell.target_level() == 0) return "\033[90m";
    switch (std::min(cell.gap(), 3)) {
      case 0: return "\033[30;42m";
      case 1: return "\033[30;43m";
      case 2: return "\033[30;101m";
      default: return "\033[97;41m";
    }
  };
  const size_t name_width = 24;
  if (rows_withheld) std::cout << "(no rows per person for this token: coverage only)\n\n";
  if (!rows_withheld) {
  std::cout << PadRight("", name_width) << "  SCORE ";
  for (int i = 0; i < t.competence_ids_size(); ++i) std::cout << PadLeft(std::to_string(i + 1), 4);
  std::cout << "\n";
  for (const auto& row : t.rows()) {
    std::cout << PadRight(Shorten(row.name(), name_width), name_width) << "  " << PadLeft(Fixed(row.gap_score()), 5)
              << " ";
    for (const auto& cell : row.cells()) {
      std::string text = cell.target_level() == 0
                             ? (cell.current_level() > 0 ? "(" + std::to_string(cell.current_level()) + ")" : "-")
                             : std::to_string(cell.current_level()) + "/" + std::to_string(cell.target_level());
      std::cout << " " << paint(cell) << PadLeft(text, 3) << (color ? reset : "");
    }
    std::cout << "\n";
  }
  std::cout << "\ncell: current/target level";
  if (color) {
    std::cout << "; \033[30;42m met \033[0m \033[30;43m gap 1 \033[0m \033[30;101m gap 2 \033[0m \033[97;41m gap 3+ \033[0m";
  } else {
    std::cout << "; met when current >= target";
  }
  std::cout << "; (n) or - : no target, current level n\n\n";
  }
  Table cov({"#", "COMPETENCE", "REQUIRED MET", "HOLDERS", "MEAN GAP", ""});
  std::vector<std::string> warnings;
  for (int i = 0; i < t.coverage_size(); ++i) {
    const auto& k = t.coverage(i);
    // Figures withheld for an AGGREGATE token (fewer than min_group_size
    // people behind them, docs/PRIVACY.md) come as 0 with a marker.
    std::string met;
    if (k.required_count_withheld()) {
      met = kWithheld;
    } else if (k.required_count()) {
      met = (k.met_count_withheld() ? std::string(kWithheld) : std::to_string(k.met_count())) + "/" +
            std::to_string(k.required_count());
    } else {
      met = "-";
    }
    cov.Add({std::to_string(i + 1), k.competence_id(), met,
             k.holders_withheld() ? kWithheld : std::to_string(k.holders()),
             k.mean_gap_withheld() ? kWithheld : Fixed(k.mean_gap()),
             !k.holders_withheld() && k.single_point() ? "SINGLE POINT" : ""});
    if (!k.holders_withheld() && k.single_point()) {
      warnings.push_back(k.competence_id() + (k.holders() == 0 ? ": nobody holds the required level"
                                                                : ": only one person holds the required level"));
    }
  }
  cov.Print(std::cout);
  if (t.min_group_size() > 0) {
    std::cout << "\n" << kWithheld << ": withheld, it would rest on fewer than " << t.min_group_size()
              << " people (also combined with other answers)\n";
  }
  if (!warnings.empty()) {
    std::cout << "\nKnowledge that hangs on one person or none:\n";
    for (const auto& w : warnings) std::cout << "  ! " << w << "\n";
  }
}

void GapOrg(Client& c, const std::string& unit, const std::string& as_of, int top) {
  v1::GetOrgSummaryRequest req;
  req.set_org_unit_id(unit);
  req.set_top_n(top);
  SetAsOf(as_of, req);
  v1::OrgSummary s;
  Check(c.gaps().GetOrgSummary(c.Context().get(), req, &s), "GetOrgSummary");
  if (c.options().json) {
    std::cout << Json(s);
    return;
  }
  Table t({"UNIT", "PEOPLE", "REQUIRED MET", "", "GAP SCORE", "PER PERSON"});
  auto add = [&](const v1::UnitSummary& u) {
    if (u.totals_withheld()) {
      t.Add({u.name(), std::to_string(u.people()), kWithheld, "", kWithheld, kWithheld});
      return;
    }
    t.Add({u.name(), std::to_string(u.people()),
           std::to_string(u.required_met()) + "/" + std::to_string(u.required_total()),
           Percent(u.required_met(), u.required_total()), Fixed(u.gap_score(), 1),
           u.people() ? Fixed(u.gap_score() / u.people()) : "-"});
  };
  for (const auto& u : s.units()) add(u);
  add(s.total());
  t.Print(std::cout);
  std::cout << "\nBy area (" << s.total().name() << "):\n";
  Table areas({"AREA", "REQUIRED MET", "", "GAP SCORE"});
  for (const auto& a : s.total().areas()) {
    if (a.withheld()) {
      areas.Add({a.area_id(), kWithheld, "", kWithheld});
      continue;
    }
    areas.Add({a.area_id(), std::to_string(a.required_met()) + "/" + std::to_string(a.required_total()),
               Percent(a.required_met(), a.required_total()), Fixed(a.gap_score(), 1)});
  }
  areas.Print(std::cout);
  std::cout << "\nLargest gaps:\n";
  Table gaps({"COMPETENCE", "PEOPLE WITH GAP", "TOTAL WEIGHTED GAP"});
  for (const auto& g : s.top_gaps()) {
    gaps.Add({g.competence_id(), std::to_string(g.people_with_gap()), Fixed(g.total_weighted_gap(), 1)});
  }
  gaps.Print(std::cout);
  if (s.min_group_size() > 0) {
    std::cout << "\n" << kWithheld << ": withheld, it would rest on fewer than " << s.min_group_size()
              << " people (also combined with other answers)";
    if (s.top_gaps_incomplete()) std::cout << "; competences with withheld figures are left out of the largest gaps";
    std::cout << "\n";
  }
}

// ---------------------------------------------------------------------------
// Plans

struct PlanArgs {
  double weekly_hours = 0;
  std::string start;
  bool include_desired = false;
  double max_cost = 0, max_hours = 0;
  std::vector<std::string> modes;
  std::string language;
  std::string objective = "hours";
  bool save = false;
};

void FillOptions(const PlanArgs& a, v1::PlanOptions* o) {
  o->set_weekly_hours(a.weekly_hours);
  if (!a.start.empty()) *o->mutable_start() = ParseTime("--start", a.start);
  o->set_include_desired(a.include_desired);
  o->set_max_cost(a.max_cost);
  o->set_max_hours(a.max_hours);
  for (const std::string& m : a.modes) {
    v1::LearningMode mode;
    std::string name = Upper(m);
    for (char& ch : name) ch = ch == '-' ? '_' : ch;
    if (!v1::LearningMode_Parse(name, &mode) || mode == v1::LEARNING_MODE_UNSPECIFIED) {
      throw Failure{"--mode: '" + m + "' is not one of elearning, classroom, workshop, on_the_job, mentoring"};
    }
    o->add_modes(mode);
  }
  o->set_language(a.language);
  o->set_objective(a.objective == "cost" ? v1::MIN_COST : v1::MIN_HOURS);
}

void PrintPlan(const v1::LearningPlan& p) {
  std::cout << (p.id().empty() ? std::string("Plan (not saved)") : "Plan " + p.id()) << " for " << p.person_id();
  if (p.status() != v1::PLAN_STATUS_UNSPECIFIED) std::cout << " - " << v1::PlanStatus_Name(p.status());
  std::cout << "\n" << Number(p.total_hours()) << " hours, " << Money(p.total_cost()) << " kr, "
            << Number(p.options().weekly_hours()) << " hours a week"
            << (p.optimal() ? "" : " (best found within the search budget; may not be optimal)") << "\n\n";
  if (p.steps_size() == 0) std::cout << "Nothing to learn: every target is met.\n";
  for (const auto& s : p.steps()) {
    std::cout << std::setw(2) << s.seq() << ". " << Date(s.planned_start()) << " - " << Date(s.planned_end()) << "  "
              << s.title() << " [" << s.resource_id() << "]";
    if (!s.session_id().empty()) std::cout << " session " << s.session_id();
    if (s.status() == v1::AWAITING_CONFIRMATION) {
      std::cout << "  (AWAITING_CONFIRMATION since " << Date(s.claimed_at())
                << ": the manager or HR confirms it with `plan confirm`)";
    } else if (s.status() != v1::PLANNED && s.status() != v1::STEP_STATUS_UNSPECIFIED) {
      std::cout << "  (" << v1::StepStatus_Name(s.status()) << ")";
    }
    std::cout << "\n      " << s.rationale() << "\n";
    if (!s.problem().empty()) std::cout << "      ! " << s.problem() << "\n";
    if (!s.comment().empty()) std::cout << "      > " << s.comment() << "\n";
  }
  if (p.uncovered_size()) {
    std::cout << "\nNot covered:\n";
    for (const auto& u : p.uncovered()) {
      std::cout << "  " << u.competence_id() << ": target " << u.target_level() << ", reaches " << u.reachable_level()
                << " - " << u.reason() << "\n";
    }
  }
}

void PlanGenerate(Client& c, const std::string& person, const PlanArgs& a) {
  v1::GeneratePlanRequest req;
  req.set_person_id(person);
  req.set_save(a.save);
  FillOptions(a, req.mutable_options());
  v1::LearningPlan p;
  Check(c.plans().GeneratePlan(c.Context().get(), req, &p), "GeneratePlan");
  if (c.options().json) {
    std::cout << Json(p);
    return;
  }
  PrintPlan(p);
}

void PlanShow(Client& c, const std::string& id) {
  v1::GetRequest req;
  req.set_id(id);
  v1::LearningPlan p;
  Check(c.plans().GetPlan(c.Context().get(), req, &p), "GetPlan");
  if (c.options().json) {
    std::cout << Json(p);
    return;
  }
  PrintPlan(p);
}

void PlanList(Client& c, const std::string& person) {
  v1::ListPlansRequest req;
  req.set_person_id(person);
  v1::ListPlansResponse resp;
  Check(c.plans().ListPlans(c.Context().get(), req, &resp), "ListPlans");
  if (c.options().json) {
    std::cout << Json(resp);
    return;
  }
  Table t({"ID", "STATUS", "STEPS", "DONE", "HOURS", "COST", "CREATED"});
  for (const auto& p : resp.plans()) {
    int done = 0;
    for (const auto& s : p.steps()) done += s.status() == v1::DONE;
    t.Add({p.id(), v1::PlanStatus_Name(p.status()), std::to_string(p.steps_size()), std::to_string(done),
           Number(p.total_hours()), Money(p.total_cost()), Date(p.created_at())});
  }
  t.Print(std::cout);
}

void PlanStatus(Client& c, const std::string& id, const std::string& status) {
  v1::SetPlanStatusRequest req;
  req.set_plan_id(id);
  v1::PlanStatus st;
  if (!v1::PlanStatus_Parse(Upper(status), &st) || st == v1::PLAN_STATUS_UNSPECIFIED) {
    throw Failure{"STATUS: '" + status + "' is not one of draft, proposed, approved, in_progress, completed, cancelled"};
  }
  req.set_status(st);
  v1::LearningPlan p;
  Check(c.plans().SetPlanStatus(c.Context().get(), req, &p), "SetPlanStatus");
  if (c.options().json) {
    std::cout << Json(p);
    return;
  }
  std::cout << "plan " << p.id() << " is now " << v1::PlanStatus_Name(p.status()) << "\n";
}

void PlanStep(Client& c, const std::string& id, int seq, const std::string& status) {
  v1::UpdateStepRequest req;
  req.set_plan_id(id);
  req.set_seq(seq);
  v1::StepStatus st;
  if (!v1::StepStatus_Parse(Upper(status), &st) || st == v1::STEP_STATUS_UNSPECIFIED || st == v1::PLANNED) {
    throw Failure{"STATUS: '" + status + "' is not one of started, done, skipped"};
  }
  req.set_status(st);
  v1::LearningPlan p;
  Check(c.plans().UpdateStep(c.Context().get(), req, &p), "UpdateStep");
  if (c.options().json) {
    std::cout << Json(p);
    return;
  }
  std::cout << "step " << seq << " is " << v1::StepStatus_Name(p.steps(seq - 1).status()) << "; plan " << p.id()
            << " is " << v1::PlanStatus_Name(p.status()) << "\n";
  if (p.steps(seq - 1).status() == v1::AWAITING_CONFIRMATION) {
    std::cout << "your manager or HR confirms it (skillpath plan confirm " << p.id() << " " << seq << ")\n";
  }
}

void PlanConfirm(Client& c, const std::string& id, int seq, bool reject, const std::string& comment) {
  v1::ConfirmStepRequest req;
  req.set_plan_id(id);
  req.set_seq(seq);
  req.set_accept(!reject);
  req.set_comment(comment);
  v1::LearningPlan p;
  Check(c.plans().ConfirmStep(c.Context().get(), req, &p), "ConfirmStep");
  if (c.options().json) {
    std::cout << Json(p);
    return;
  }
  std::cout << "step " << seq << (reject ? " sent back" : " confirmed") << ": it is "
            << v1::StepStatus_Name(p.steps(seq - 1).status()) << "; plan " << p.id() << " is "
            << v1::PlanStatus_Name(p.status()) << "\n";
}

void PlanPending(Client& c, const std::string& unit) {
  v1::ListPendingConfirmationsRequest req;
  req.set_org_unit_id(unit);
  v1::ListPendingConfirmationsResponse resp;
  Check(c.plans().ListPendingConfirmations(c.Context().get(), req, &resp), "ListPendingConfirmations");
  if (c.options().json) {
    std::cout << Json(resp);
    return;
  }
  if (resp.pending_size() == 0) {
    std::cout << "Nothing awaits confirmation.\n";
    return;
  }
  Table t({"SINCE", "PERSON", "NAME", "PLAN", "SEQ", "STEP", "LEVELS"});
  for (const auto& w : resp.pending()) {
    std::string levels;
    for (const auto& ch : w.step().changes()) {
      levels += (levels.empty() ? "" : ", ") + ch.competence_id() + " " + std::to_string(ch.from_level()) + "->" +
                std::to_string(ch.to_level());
    }
    t.Add({Date(w.step().claimed_at()), w.person_id(), w.person_name(), w.plan_id(), std::to_string(w.step().seq()),
           Shorten(w.step().title(), 40), levels});
  }
  t.Print(std::cout);
  std::cout << "\nconfirm: skillpath plan confirm PLAN SEQ; send back: add --reject --comment \"why\"\n";
}

void Demand(Client& c, const std::string& unit, double budget, const PlanArgs& a) {
  v1::GetTrainingDemandRequest req;
  req.set_org_unit_id(unit);
  req.set_budget(budget);
  FillOptions(a, req.mutable_options());
  auto ctx = c.Context();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
  v1::TrainingDemand d;
  if (!c.options().json) std::cerr << "computing the training demand (plans for everyone without one)...\n";
  Check(c.plans().GetTrainingDemand(ctx.get(), req, &d), "GetTrainingDemand");
  if (c.options().json) {
    std::cout << Json(d);
    return;
  }
  Table t({"RESOURCE", "LEARNERS", "HOURS", "COST", "BY QUARTER", "SESSIONS", "UNSCHEDULED"});
  std::vector<const v1::ResourceDemand*> rows;
  for (const auto& r : d.resources()) rows.push_back(&r);
  std::sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->learners() > b->learners(); });
  for (const auto* r : rows) {
    std::string quarters, sessions;
    for (const auto& q : r->quarters()) quarters += (quarters.empty() ? "" : " ") + q.quarter() + ":" + std::to_string(q.learners());
    for (const auto& co : r->cohorts()) {
      sessions += (sessions.empty() ? "" : " ") + (co.session_id().empty() ? std::string("none") : co.session_id()) +
                  ":" + std::to_string(co.person_ids_size());
    }
    std::string unscheduled;
    if (r->unscheduled() > 0) {
      unscheduled = std::to_string(r->unscheduled());
      if (r->extra_sessions_needed() > 0) {
        unscheduled += " (" + std::to_string(r->extra_sessions_needed()) + " more session" +
                       (r->extra_sessions_needed() > 1 ? "s" : "") + " of " + std::to_string(r->session_capacity()) + ")";
      } else {
        unscheduled += " (no session planned)";
      }
    }
    t.Add({Shorten(r->title(), 40), std::to_string(r->learners()), Number(r->total_hours()), Money(r->total_cost()),
           quarters, sessions, unscheduled});
  }
  t.Print(std::cout);
  std::cout << "\nUNSCHEDULED: classroom and workshop learners without a seat in any session; they are in no quarter.\n";
  std::cout << "\ntotal " << Number(d.total_hours()) << " hours, " << Money(d.total_cost()) << " kr\n";
  if (budget > 0) {
    const auto& a = d.allocation();
    std::cout << "\nBudget " << Money(budget) << " kr: fund " << a.funded_size() << " steps for " << Money(a.spent())
              << " kr, closing a weighted REQUIRED gap of " << Fixed(a.closed_weighted_gap()) << "; "
              << a.unfunded_size() << " steps stay unfunded.\n"
              << "Method: " << a.algorithm() << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"skillpath - command-line client of the skillpath server"};
  app.require_subcommand(1);
  Options o;
  if (const char* env = std::getenv("SKILLPATH_SERVER")) o.server = env;
  if (const char* env = std::getenv("SKILLPATH_TOKEN")) o.token = env;
  app.add_option("--server", o.server, "skillpathd gRPC address (env SKILLPATH_SERVER)")->capture_default_str();
  app.add_option("--token", o.token, "Bearer token (env SKILLPATH_TOKEN)");
  app.add_flag("--json", o.json, "Print the answer as protobuf JSON");
  app.add_option("--timeout", o.timeout_s, "Seconds before a call gives up")->capture_default_str();
  app.add_option("--tls-ca", o.tls_ca, "Use TLS; PEM file of the CA that signed the server's certificate");
  app.add_option("--tls-cert", o.tls_cert, "PEM client certificate, when the server asks for one");
  app.add_option("--tls-key", o.tls_key, "PEM key of --tls-cert");

  std::function<void(Client&)> action;
  auto on = [&](CLI::App* cmd, std::function<void(Client&)> fn) { cmd->callback([&action, fn] { action = fn; }); };

  std::string id, id2, file, name, parent, unit, competence;
  bool subunits = false;

  auto* framework = app.add_subcommand("framework", "Competence frameworks")->require_subcommand(1);
  on(framework->add_subcommand("list", "List frameworks"), [&](Client& c) { FrameworkList(c); });
  auto* fshow = framework->add_subcommand("show", "Show a framework's scale, areas and competences");
  fshow->add_option("ID", id)->required();
  on(fshow, [&](Client& c) { FrameworkShow(c, id); });
  auto* fapply = framework->add_subcommand("apply", "Create or replace a framework from a JSON file");
  fapply->add_option("FILE", file)->required()->check(CLI::ExistingFile);
  on(fapply, [&](Client& c) { FrameworkApply(c, file); });

  auto* unitcmd = app.add_subcommand("unit", "Org units")->require_subcommand(1);
  on(unitcmd->add_subcommand("list", "The org tree"), [&](Client& c) { UnitList(c); });
  auto* uup = unitcmd->add_subcommand("upsert", "Create or change an org unit");
  uup->add_option("ID", id)->required();
  uup->add_option("--name", name)->required();
  uup->add_option("--parent", parent, "Parent unit (empty: a root)");
  on(uup, [&](Client& c) { UnitUpsert(c, id, name, parent); });

  auto* role = app.add_subcommand("role", "Roles and their target profiles")->require_subcommand(1);
  on(role->add_subcommand("list", "List roles"), [&](Client& c) { RoleList(c); });
  auto* rshow = role->add_subcommand("show", "A role's targets");
  rshow->add_option("ID", id)->required();
  on(rshow, [&](Client& c) { RoleShow(c, id); });
  auto* rapply = role->add_subcommand("apply", "Create or replace a role from a JSON file");
  rapply->add_option("FILE", file)->required()->check(CLI::ExistingFile);
  on(rapply, [&](Client& c) { RoleApply(c, file); });

  auto* person = app.add_subcommand("person", "People")->require_subcommand(1);
  auto* plist = person->add_subcommand("list", "List people");
  plist->add_option("--unit", unit, "Only people of this org unit");
  plist->add_flag("--subunits", subunits, "With --unit: include its sub-units");
  on(plist, [&](Client& c) { PersonList(c, unit, subunits); });
  auto* pshow = person->add_subcommand("show", "A person with their assessment history");
  pshow->add_option("ID", id)->required();
  on(pshow, [&](Client& c) { PersonShow(c, id); });
  PersonArgs pargs;
  auto* pup = person->add_subcommand("upsert", "Create or change a person");
  pup->add_option("ID", pargs.id)->required();
  pup->add_option("--name", pargs.name)->required();
  pup->add_option("--unit", pargs.unit)->required();
  pup->add_option("--email", pargs.email);
  pup->add_option("--role", pargs.roles, "Role id (repeat for several)");
  pup->add_option("--manages", pargs.manages, "Org unit the person manages (repeat for several)");
  pup->add_flag("--inactive", pargs.inactive, "Mark the person inactive");
  on(pup, [&](Client& c) { PersonUpsert(c, pargs); });
  auto* passign = person->add_subcommand("assign", "Give a person a role");
  passign->add_option("PERSON", id)->required();
  passign->add_option("ROLE", id2)->required();
  on(passign, [&](Client& c) { PersonRole(c, true, id, id2); });
  auto* punassign = person->add_subcommand("unassign", "Take a role from a person");
  punassign->add_option("PERSON", id)->required();
  punassign->add_option("ROLE", id2)->required();
  on(punassign, [&](Client& c) { PersonRole(c, false, id, id2); });

  AssessArgs aargs;
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
  on(assess, [&](Client& c) { Assess(c, aargs); });

  auto* history = app.add_subcommand("assessments", "A person's assessment history, oldest first");
  history->add_option("PERSON", id)->required();
  history->add_option("--competence", competence);
  on(history, [&](Client& c) { AssessmentList(c, id, competence); });

  auto* import = app.add_subcommand("import", "Bulk-import assessments from CSV (with a header) or JSON");
  import->add_option("FILE", file)->required()->check(CLI::ExistingFile);
  on(import, [&](Client& c) { Import(c, file); });

  auto* resource = app.add_subcommand("resource", "The catalogue of learning resources")->require_subcommand(1);
  auto* reslist = resource->add_subcommand("list", "List resources");
  reslist->add_option("--competence", competence, "Only resources with an outcome for this competence");
  on(reslist, [&](Client& c) { ResourceList(c, competence); });
  auto* resshow = resource->add_subcommand("show", "A resource with outcomes and sessions");
  resshow->add_option("ID", id)->required();
  on(resshow, [&](Client& c) { ResourceShow(c, id); });
  auto* resapply = resource->add_subcommand("apply", "Create or replace a resource from a JSON file");
  resapply->add_option("FILE", file)->required()->check(CLI::ExistingFile);
  on(resapply, [&](Client& c) { ResourceApply(c, file); });
  auto* resdel = resource->add_subcommand("delete", "Delete a resource");
  resdel->add_option("ID", id)->required();
  on(resdel, [&](Client& c) { ResourceDelete(c, id); });

  std::string as_of;
  bool no_subunits = false, force_color = false, no_color = false;
  int top = 0;
  auto* gap = app.add_subcommand("gap", "Competence gaps: a person, a team (heatmap), the organisation")
                  ->require_subcommand(1);
  auto* gperson = gap->add_subcommand("person", "A person's gaps against their roles' targets");
  gperson->add_option("ID", id)->required();
  gperson->add_option("--as-of", as_of, "Compute as of this date (YYYY-MM-DD or RFC 3339; default now)");
  on(gperson, [&](Client& c) { GapPerson(c, id, as_of); });
  auto* gteam = gap->add_subcommand("team", "A unit's people x competences heatmap with coverage");
  gteam->add_option("UNIT", id)->required();
  gteam->add_flag("--no-subunits", no_subunits, "Only the unit's own people");
  gteam->add_option("--as-of", as_of, "Compute as of this date");
  gteam->add_flag("--color", force_color, "Colour even when not writing to a terminal");
  gteam->add_flag("--no-color", no_color, "Plain characters even on a terminal");
  on(gteam, [&](Client& c) {
    const bool color = !no_color && (force_color || (isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr));
    GapTeam(c, id, no_subunits, as_of, color);
  });
  auto* gorg = gap->add_subcommand("org", "Summary per child unit and area, and the largest gaps");
  gorg->add_option("UNIT", id, "Unit (default: the whole organisation)");
  gorg->add_option("--as-of", as_of, "Compute as of this date");
  gorg->add_option("--top", top, "How many of the largest gaps (default 10)");
  on(gorg, [&](Client& c) { GapOrg(c, id, as_of, top); });

  PlanArgs pa;
  auto plan_options = [&pa](CLI::App* cmd) {
    cmd->add_option("--weekly-hours", pa.weekly_hours, "Hours a week for learning (default 2)");
    cmd->add_option("--start", pa.start, "First day (YYYY-MM-DD; default today)");
    cmd->add_flag("--include-desired", pa.include_desired, "Also close DESIRED («bør») gaps");
    cmd->add_option("--max-cost", pa.max_cost, "At most this many kroner");
    cmd->add_option("--max-hours", pa.max_hours, "At most this many hours");
    cmd->add_option("--mode", pa.modes, "Allowed mode (repeat): elearning, classroom, workshop, on_the_job, mentoring");
    cmd->add_option("--language", pa.language, "Only resources in this language (e.g. nb)");
    cmd->add_option("--objective", pa.objective, "Minimise hours or cost")
        ->check(CLI::IsMember({"hours", "cost"}))
        ->capture_default_str();
  };
  auto* plan = app.add_subcommand("plan", "Learning plans")->require_subcommand(1);
  auto* pgen = plan->add_subcommand("generate", "A plan that closes a person's gaps, as a dated timeline");
  pgen->add_option("PERSON", id)->required();
  plan_options(pgen);
  pgen->add_flag("--save", pa.save, "Save the plan (as DRAFT)");
  on(pgen, [&](Client& c) { PlanGenerate(c, id, pa); });
  auto* pshowp = plan->add_subcommand("show", "A saved plan");
  pshowp->add_option("ID", id)->required();
  on(pshowp, [&](Client& c) { PlanShow(c, id); });
  auto* plistp = plan->add_subcommand("list", "A person's saved plans, newest first");
  plistp->add_option("PERSON", id)->required();
  on(plistp, [&](Client& c) { PlanList(c, id); });
  std::string status;
  auto* pstatus = plan->add_subcommand("status", "Move a plan: proposed, approved, in_progress, completed, cancelled");
  pstatus->add_option("ID", id)->required();
  pstatus->add_option("STATUS", status)->required();
  on(pstatus, [&](Client& c) { PlanStatus(c, id, status); });
  int seq = 0;
  auto* pstep = plan->add_subcommand("step", "Mark a step started, done or skipped (your own done awaits confirmation)");
  pstep->add_option("ID", id)->required();
  pstep->add_option("SEQ", seq)->required();
  pstep->add_option("STATUS", status)->required();
  on(pstep, [&](Client& c) { PlanStep(c, id, seq, status); });
  bool reject = false;
  std::string comment;
  auto* pconfirm = plan->add_subcommand("confirm", "Confirm a step a learner marked done (manager or HR), or send it back");
  pconfirm->add_option("ID", id)->required();
  pconfirm->add_option("SEQ", seq)->required();
  pconfirm->add_flag("--reject", reject, "Send it back instead (needs --comment)");
  pconfirm->add_option("--comment", comment, "Why it is sent back, or a word on the confirmation");
  on(pconfirm, [&](Client& c) { PlanConfirm(c, id, seq, reject, comment); });
  auto* ppending = plan->add_subcommand("pending", "Steps awaiting your confirmation, oldest first");
  ppending->add_option("--unit", id, "Org unit (sub-units included; default: everyone, for HR)");
  on(ppending, [&](Client& c) { PlanPending(c, id); });
  double budget = 0;
  auto* demand = app.add_subcommand("demand", "Training demand of a unit: courses, learners, hours, cost, when");
  demand->add_option("UNIT", id, "Org unit (default: the whole organisation)");
  demand->add_option("--budget", budget, "Which steps to fund with this many kroner");
  plan_options(demand);
  on(demand, [&](Client& c) { Demand(c, id, budget, pa); });

  std::string grant, expires, description, subject, actor, since, until;
  int limit = 1000;
  bool yes = false;
  auto* pexport = person->add_subcommand("export", "Everything stored about a person, as JSON (GDPR art. 15/20)");
  pexport->add_option("PERSON", id)->required();
  on(pexport, [&](Client& c) { PersonExport(c, id); });
  auto* perase = person->add_subcommand("erase", "Remove a person and all their data (GDPR art. 17; ADMIN)");
  perase->add_option("PERSON", id)->required();
  perase->add_flag("--yes", yes, "Yes, erase for good");
  on(perase, [&](Client& c) { PersonErase(c, id, yes); });

  on(app.add_subcommand("whoami", "Which token this is: its grant and person"), [&](Client& c) { WhoAmI(c); });

  auto* token = app.add_subcommand("token", "API tokens (ADMIN)")->require_subcommand(1);
  auto* tcreate = token->add_subcommand("create", "Make a token; prints it once");
  tcreate->add_option("--grant", grant, "EMPLOYEE, MANAGER, HR, ADMIN or AGGREGATE")->required();
  tcreate->add_option("--person", id, "The person it belongs to (required for EMPLOYEE and MANAGER)");
  tcreate->add_option("--expires", expires, "Last moment it is valid (YYYY-MM-DD or RFC 3339)");
  tcreate->add_option("--description", description, "What the token is for");
  on(tcreate, [&](Client& c) { TokenCreate(c, grant, id, expires, description); });
  on(token->add_subcommand("list", "List tokens (never their secrets)"), [&](Client& c) { TokenList(c); });
  auto* trevoke = token->add_subcommand("revoke", "Revoke a token; it stops working at once");
  trevoke->add_option("ID", id, "Token id (tok_...)")->required();
  on(trevoke, [&](Client& c) { TokenRevoke(c, id); });

  auto* audit = app.add_subcommand("audit", "The audit log: who read or changed whose data (ADMIN)");
  audit->add_option("--subject", subject, "Only events about this person");
  audit->add_option("--actor", actor, "Only events by this person");
  audit->add_option("--since", since, "From this date or time");
  audit->add_option("--until", until, "Before this date or time");
  audit->add_option("--limit", limit, "At most this many events")->capture_default_str()->check(CLI::Range(1, 1000000));
  on(audit, [&](Client& c) { AuditList(c, subject, actor, since, until, limit); });

  CLI11_PARSE(app, argc, argv);
  try {
    Client client(o);
    if (action) action(client);
  } catch (const Failure& f) {
    if (!f.message.empty()) std::cerr << "skillpath: " << f.message << "\n";
    return f.exit_code;
  }
  return 0;
}
