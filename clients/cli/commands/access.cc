// skillpath whoami|token|audit|person export|person erase: tokens, the audit log and personal data.
#include <google/protobuf/util/time_util.h>

#include <iostream>
#include <map>

#include "clients/cli/client.h"
#include "clients/cli/commands.h"
#include "clients/cli/format.h"
#include "clients/cli/table.h"

namespace skillpath::cli {
namespace {

v1::Grant ParseGrantName(const std::string& text) {
  v1::Grant g;
  if (!v1::Grant_Parse("GRANT_" + Upper(text), &g) || g == v1::GRANT_UNSPECIFIED) {
    throw Failure{"--grant: '" + text + "' is not one of EMPLOYEE, MANAGER, HR, ADMIN, AGGREGATE"};
  }
  return g;
}

void TokenCreate(Client& c, const std::string& grant, const std::string& person, const std::string& expires,
                 const std::string& description) {
  v1::CreateTokenRequest req;
  req.set_grant(ParseGrantName(grant));
  req.set_person_id(person);
  if (!expires.empty()) *req.mutable_expires_at() = ParseTime("--expires", expires);
  req.set_description(description);
  const auto resp = c.Call(c.auth(), &v1::AuthService::Stub::CreateToken, req, "CreateToken");
  if (PrintedJson(c, resp)) return;
  std::cout << resp.token() << "\n";  // only the token: `export SKILLPATH_TOKEN=$(skillpath token create ...)`
}

void WhoAmI(Client& c) {
  const auto resp = c.Call(c.auth(), &v1::AuthService::Stub::WhoAmI, {}, "WhoAmI");
  if (PrintedJson(c, resp)) return;
  const auto& t = resp.token();
  const char* kind = t.kind() == v1::SESSION ? "session " : t.kind() == v1::PROVIDER_TOKEN ? "sign-in " : "token   ";
  std::cout << kind << t.id() << (t.description().empty() ? "" : " (" + t.description() + ")") << "\n";
  std::cout << "grant   " << GrantLabel(t.grant()) << "\n";
  if (resp.has_person()) {
    std::cout << "person  " << resp.person().name() << " (" << resp.person().id() << "), unit "
              << resp.person().org_unit_id() << "\n";
    if (resp.person().manages_unit_ids_size()) std::cout << "manages " << Join(resp.person().manages_unit_ids()) << "\n";
  }
  if (t.has_expires_at()) std::cout << "expires " << Time(t.expires_at()) << "\n";
}

void TokenList(Client& c, bool sessions, bool valid) {
  v1::ListTokensRequest req;
  if (sessions) req.set_kind(v1::SESSION);
  req.set_valid_only(valid);
  const auto resp = c.Call(c.auth(), &v1::AuthService::Stub::ListTokens, req, "ListTokens");
  if (PrintedJson(c, resp)) return;
  Table t({"ID", "KIND", "GRANT", "PERSON", "CREATED", "EXPIRES", "STATE", "DESCRIPTION"});
  for (const auto& k : resp.tokens()) {
    std::string state = k.has_revoked_at() ? "revoked " + Date(k.revoked_at()) : "valid";
    if (!k.has_revoked_at() && k.kind() == v1::SESSION && k.has_last_used_at()) {
      state += ", used " + Time(k.last_used_at());
    }
    const char* kind = k.kind() == v1::SESSION ? "session" : k.kind() == v1::CALENDAR_FEED ? "calendar" : "api";
    t.Add({k.id(), kind, GrantLabel(k.grant()), k.person_id(),
           Date(k.created_at()), Date(k.expires_at()), state, k.description()});
  }
  t.Print(std::cout);
}

void TokenRevoke(Client& c, const std::string& id) {
  v1::RevokeTokenRequest req;
  req.set_id(id);
  const auto info = c.Call(c.auth(), &v1::AuthService::Stub::RevokeToken, req, "RevokeToken");
  if (PrintedJson(c, info)) return;
  std::cout << (info.kind() == v1::SESSION ? "session " : info.kind() == v1::CALENDAR_FEED ? "calendar feed " : "token ") << id << " revoked " << Time(info.revoked_at())
            << "\n";
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
    const auto page = c.Call(c.auth(), &v1::AuthService::Stub::ListAuditEvents, req, "ListAuditEvents");
    for (const auto& e : page.events()) *all.add_events() = e;
    req.set_page_token(page.next_page_token());
  } while (!req.page_token().empty() && all.events_size() < limit);
  if (PrintedJson(c, all)) return;
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
  const auto resp = c.Call(c.privacy(), &v1::PrivacyService::Stub::ExportPersonData, req, "ExportPersonData");
  std::cout << resp.json();  // always JSON: the export is the document
}

void PersonErase(Client& c, const std::string& id, bool yes) {
  if (!yes) throw Failure{"erasing " + id + " removes the person and all their data for good; add --yes to do it"};
  v1::ErasePersonRequest req;
  req.set_person_id(id);
  const auto resp = c.Call(c.privacy(), &v1::PrivacyService::Stub::ErasePerson, req, "ErasePerson");
  if (PrintedJson(c, resp)) return;
  std::cout << "person " << id << " erased; the audit log now calls them " << resp.pseudonym() << "\n";
}

}  // namespace

void AddAccessCommands(Commands& c) {
  struct Args {
    std::string id, grant, expires, description, subject, actor, since, until;
    int limit = 1000;
    bool yes = false, sessions = false, valid = false;
  };
  auto& a = c.Keep<Args>();
  CLI::App& app = c.app();
  CLI::App* person = app.get_subcommand("person");  // AddOrgCommands made it
  c.OnArgument(person, "export", "Everything stored about a person, as JSON (GDPR art. 15/20)", "PERSON", a.id,
               PersonExport);
  auto* perase = person->add_subcommand("erase", "Remove a person and all their data (GDPR art. 17; ADMIN)");
  perase->add_option("PERSON", a.id)->required();
  perase->add_flag("--yes", a.yes, "Yes, erase for good");
  c.On(perase, [&a](Client& cl) { PersonErase(cl, a.id, a.yes); });

  c.On(app.add_subcommand("whoami", "Which token this is: its grant and person"), [](Client& cl) { WhoAmI(cl); });

  auto* token = app.add_subcommand("token", "API tokens (ADMIN)")->require_subcommand(1);
  auto* tcreate = token->add_subcommand("create", "Make a token; prints it once");
  tcreate->add_option("--grant", a.grant, "EMPLOYEE, MANAGER, HR, ADMIN or AGGREGATE")->required();
  tcreate->add_option("--person", a.id, "The person it belongs to (required for EMPLOYEE and MANAGER)");
  tcreate->add_option("--expires", a.expires, "Last moment it is valid (YYYY-MM-DD or RFC 3339)");
  tcreate->add_option("--description", a.description, "What the token is for");
  c.On(tcreate, [&a](Client& cl) { TokenCreate(cl, a.grant, a.id, a.expires, a.description); });
  auto* tlist = token->add_subcommand("list", "List tokens and sign-in sessions (never their secrets)");
  tlist->add_flag("--sessions", a.sessions, "Only sign-in sessions");
  tlist->add_flag("--valid", a.valid, "Only those valid now");
  c.On(tlist, [&a](Client& cl) { TokenList(cl, a.sessions, a.valid); });
  auto* trevoke = token->add_subcommand("revoke", "Revoke a token or end a session; it stops working at once");
  trevoke->add_option("ID", a.id, "Token or session id (tok_..., ses_...)")->required();
  c.On(trevoke, [&a](Client& cl) { TokenRevoke(cl, a.id); });

  auto* audit = app.add_subcommand("audit", "The audit log: who read or changed whose data (ADMIN)");
  audit->add_option("--subject", a.subject, "Only events about this person");
  audit->add_option("--actor", a.actor, "Only events by this person");
  audit->add_option("--since", a.since, "From this date or time");
  audit->add_option("--until", a.until, "Before this date or time");
  audit->add_option("--limit", a.limit, "At most this many events")->capture_default_str()->check(CLI::Range(1, 1000000));
  c.On(audit, [&a](Client& cl) { AuditList(cl, a.subject, a.actor, a.since, a.until, a.limit); });
}
}  // namespace skillpath::cli
