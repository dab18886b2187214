// skillpath notifications show|set: what skillpath e-mails a person (issue
// #15): on or off, and in which language. A person's own (an ADMIN may set
// anyone's with --person).
#include <iostream>

#include "clients/cli/client.h"
#include "clients/cli/commands.h"
#include "clients/cli/format.h"

namespace skillpath::cli {
namespace {

struct Args {
  std::string person, email, language;
  bool language_given = false;
};

// The person asked about: --person, or the caller's own.
std::string PersonOf(Client& c, const std::string& person) {
  if (!person.empty()) return person;
  const v1::WhoAmIResponse me = c.Call(c.auth(), &v1::AuthService::Stub::WhoAmI, {}, "WhoAmI");
  if (!me.has_person() || me.person().id().empty()) throw Failure{"this token is no person's: say whose settings with --person ID"};
  return me.person().id();
}

void Print(Client& c, const v1::Person& p) {
  if (PrintedJson(c, p)) return;
  std::cout << "e-mail notifications for " << p.name() << " (" << p.id() << "): "
            << (p.email_notifications() ? "on" : "off") << (p.email().empty() ? " (no address on record)" : "")
            << "\nlanguage: " << (p.language() == "en" ? "English" : "bokmål") << "\n";
}

void Show(Client& c, const Args& a) {
  v1::GetRequest req;
  req.set_id(PersonOf(c, a.person));
  Print(c, c.Call(c.org(), &v1::OrgService::Stub::GetPerson, req, "GetPerson"));
}

void Set(Client& c, const Args& a) {
  if (a.email.empty() && !a.language_given) throw Failure{"say --email on|off, --language nb|en, or both"};
  v1::NotificationSettingsRequest req;
  req.set_person_id(PersonOf(c, a.person));
  if (!a.email.empty()) req.set_email_notifications(a.email == "on");
  if (a.language_given) req.set_language(a.language);
  Print(c, c.Call(c.org(), &v1::OrgService::Stub::SetNotificationSettings, req, "SetNotificationSettings"));
}

}  // namespace

void AddNotificationCommands(Commands& c) {
  CLI::App* n = c.app()
                    .add_subcommand("notifications", "What skillpath e-mails you: plans to approve, steps to confirm, "
                                                     "sessions a week ahead")
                    ->require_subcommand(1);
  auto& a = c.Keep<Args>();
  CLI::App* show = n->add_subcommand("show", "Show the settings");
  show->add_option("--person", a.person, "Whose (default: your own)");
  c.On(show, [&a](Client& cl) { Show(cl, a); });
  CLI::App* set = n->add_subcommand("set", "Change them; what is not given stays as it is");
  set->add_option("--email", a.email, "on or off")->check(CLI::IsMember({"on", "off"}));
  set->add_option("--language", a.language, "nb or en")
      ->check(CLI::IsMember({"nb", "en"}))
      ->each([&a](const std::string&) { a.language_given = true; });
  set->add_option("--person", a.person, "Whose (default: your own; anyone's for an ADMIN)");
  c.On(set, [&a](Client& cl) { Set(cl, a); });
}

}  // namespace skillpath::cli
