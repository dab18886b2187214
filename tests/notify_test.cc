// E-mail notifications end to end (issue #15 item 5): `skillpathd --demo`
// with a real SMTP server on loopback (Debian's python3-aiosmtpd, STARTTLS
// and AUTH required). A plan proposed and a step marked done reach the
// manager with the texts and links expected; a manager who turned e-mail
// off gets none, and in English once they turn it on again in English;
// while the SMTP server is down nothing is lost, across a restart of
// skillpathd, and nothing goes twice.
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <thread>

#include "testing/process/server_process.h"
#include "testing/skillpathd_commands.h"
#include "testing/process/smtp_server.h"

namespace skillpath {
namespace {

using ::testing::HasSubstr;
using testing::DemoTokens;
using testing::RunCommand;
using testing::ServerProcess;
using testing::SmtpServerProcess;
using testing::TempPath;

// The mails received whose subject has `text` in it.
std::vector<google::protobuf::Struct> With(const std::vector<google::protobuf::Struct>& mails, const std::string& text) {
  std::vector<google::protobuf::Struct> out;
  for (const auto& m : mails) {
    if (SmtpServerProcess::Field(m, "subject").find(text) != std::string::npos) out.push_back(m);
  }
  return out;
}

// Waits until a mail whose subject has `text` arrived (or 30 s pass).
std::vector<google::protobuf::Struct> WaitForSubject(const SmtpServerProcess& smtp, const std::string& text) {
  for (int i = 0; i < 300; ++i) {
    auto got = With(smtp.Received(), text);
    if (!got.empty()) return got;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return {};
}

std::string Rcpt(const google::protobuf::Struct& m) {
  const auto& list = m.fields().at("rcpt_tos").list_value();
  return list.values_size() == 1 ? list.values(0).string_value() : "";
}

TEST(Notifications, ManagersAreMailedTheyMayTurnItOffAndADownServerDelaysNeverLoses) {
  SmtpServerProcess smtp(SKILLPATH_SMTP_PYTHON, SKILLPATH_SOURCE_DIR "/tests/smtp/smtp_server.py", "skillpath",
                         "hemmelig");
  ASSERT_TRUE(smtp.Start()) << smtp.log();
  const int port = smtp.port();
  const std::string password = TempPath("smtp-password");
  std::ofstream(password) << "hemmelig\n";
  ::chmod(password.c_str(), 0600);
  const std::string db = TempPath("notify.db");
  const std::vector<std::string> args = {
      "--db", db, "--demo", "--smtp-url", smtp.url(), "--smtp-user", "skillpath", "--smtp-password-file", password,
      "--smtp-ca-file", smtp.ca_file(), "--mail-from", "kompetanse@eksempel.kommune.no", "--mail-from-name",
      "skillpath – Eksempel kommune", "--mail-interval", "1", "--mail-retry-after", "1", "--public-url",
      "https://skillpath.eksempel.kommune.no", "--http", "off"};
  auto server = std::make_unique<ServerProcess>(SKILLPATHD_BIN, args);
  ASSERT_TRUE(server->Start()) << server->log();
  const auto demo = DemoTokens(db);
  auto cli = [&](const std::string& grant) {
    return std::string(SKILLPATH_CLI_BIN) + " --server " + server->address() + " --token " + demo.at(grant);
  };
  std::string out;

  // Magnus (E1062) proposes a plan: his manager Ole (E1061) is told.
  ASSERT_EQ(RunCommand(cli("EMPLOYEE") + " --json plan generate E1062 --save", &out), 0) << out;
  google::protobuf::Struct plan;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out, &plan).ok()) << out;
  const std::string id = plan.fields().at("id").string_value();
  const auto& steps = plan.fields().at("steps").list_value();
  ASSERT_GE(steps.values_size(), 3) << out;
  auto title = [&](int i) { return steps.values(i).struct_value().fields().at("title").string_value(); };
  ASSERT_EQ(RunCommand(cli("EMPLOYEE") + " plan status " + id + " proposed", &out), 0) << out;
  auto proposed = WaitForSubject(smtp, "Læringsplan venter på godkjenning: Magnus Jacobsen");
  ASSERT_EQ(proposed.size(), 1u) << server->log() << smtp.log();
  EXPECT_EQ(Rcpt(proposed[0]), "ole.mathisen@eksempel.kommune.no");
  EXPECT_EQ(SmtpServerProcess::Field(proposed[0], "from"), "skillpath – Eksempel kommune <kompetanse@eksempel.kommune.no>");
  EXPECT_TRUE(proposed[0].fields().at("tls").bool_value());
  EXPECT_TRUE(proposed[0].fields().at("auth").bool_value());
  const std::string body = SmtpServerProcess::Field(proposed[0], "body");
  EXPECT_THAT(body, HasSubstr("Hei Ole Mathisen,"));
  EXPECT_THAT(body, HasSubstr("Magnus Jacobsen har sendt læringsplanen sin til deg for godkjenning"));
  EXPECT_THAT(body, HasSubstr("https://skillpath.eksempel.kommune.no/#/team"));
  EXPECT_EQ(server->log().find("ole.mathisen@"), std::string::npos) << "the log holds no addresses";

  // Ole approves; Magnus marks step 1 done: it waits for Ole.
  ASSERT_EQ(RunCommand(cli("MANAGER") + " plan status " + id + " approved", &out), 0) << out;
  ASSERT_EQ(RunCommand(cli("EMPLOYEE") + " plan step " + id + " 1 done", &out), 0) << out;
  auto claimed = WaitForSubject(smtp, "Fullført steg venter på bekreftelse: Magnus Jacobsen – " + title(0));
  ASSERT_EQ(claimed.size(), 1u) << server->log();
  EXPECT_EQ(Rcpt(claimed[0]), "ole.mathisen@eksempel.kommune.no");

  // Ole turns e-mail off: step 2 done reaches nobody. On again, in English:
  // the step still waits for him, and he is told so in English.
  ASSERT_EQ(RunCommand(cli("MANAGER") + " notifications set --email off", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("e-mail notifications for Ole Mathisen (E1061): off"));
  ASSERT_EQ(RunCommand(cli("EMPLOYEE") + " plan step " + id + " 2 done", &out), 0) << out;
  std::this_thread::sleep_for(std::chrono::seconds(3));  // three looks of the notifier
  EXPECT_TRUE(With(smtp.Received(), title(1)).empty());
  ASSERT_EQ(RunCommand(cli("MANAGER") + " notifications set --email on --language en", &out), 0) << out;
  auto english = WaitForSubject(smtp, "A completed step awaits confirmation: Magnus Jacobsen – " + title(1));
  ASSERT_EQ(english.size(), 1u) << server->log();
  EXPECT_THAT(SmtpServerProcess::Field(english[0], "body"), HasSubstr("Hello Ole Mathisen,"));
  // Magnus may not change Ole's settings.
  EXPECT_NE(RunCommand(cli("EMPLOYEE") + " notifications set --email off --person E1061", &out), 0);
  EXPECT_THAT(out, HasSubstr("PERMISSION_DENIED"));

  // The SMTP server goes down; step 3 is marked done; skillpathd restarts;
  // the server comes back: the mail arrives, once.
  smtp.Stop();
  ASSERT_EQ(RunCommand(cli("EMPLOYEE") + " plan step " + id + " 3 done", &out), 0) << out;
  for (int i = 0; i < 100 && server->log().find("not sent (attempt 2") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_THAT(server->log(), HasSubstr("not sent (attempt 2"));
  ASSERT_EQ(server->Terminate(), 0) << server->log();
  ASSERT_TRUE(smtp.Start(port)) << smtp.log();
  server = std::make_unique<ServerProcess>(SKILLPATHD_BIN, args);
  ASSERT_TRUE(server->Start()) << server->log();
  auto late = WaitForSubject(smtp, title(2));
  ASSERT_EQ(late.size(), 1u) << server->log();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const auto all = smtp.Received();
  EXPECT_EQ(With(all, title(2)).size(), 1u) << "sent once";
  EXPECT_EQ(With(all, "godkjenning: Magnus Jacobsen").size(), 1u) << "the proposal is not sent again after the restart";
  ASSERT_EQ(server->Terminate(), 0);
}

}  // namespace
}  // namespace skillpath
