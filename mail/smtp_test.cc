// Sending e-mail (mail/smtp.h) to a real SMTP server on loopback (Debian's
// python3-aiosmtpd, testing/process/smtp_server.h) that requires STARTTLS and
// AUTH: what arrives is read back with Python's own e-mail parser; a wrong
// password, an untrusted certificate, a server that is down and a refused
// recipient each give the error a sender needs to decide whether to try
// again.
#include "mail/smtp.h"

#include <gtest/gtest.h>

#include "testing/process/smtp_server.h"

namespace skillpath::mail {
namespace {

using skillpath::testing::SmtpServerProcess;

class Smtp : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<SmtpServerProcess>(SKILLPATH_SMTP_PYTHON, SKILLPATH_SOURCE_DIR "/tests/smtp/smtp_server.py",
                                                  "skillpath", "hemmelig-passord");
    ASSERT_TRUE(server_->Start({}, {"ukjent@kommune.no"})) << server_->log();
    config_.url = server_->url();
    config_.username = "skillpath";
    config_.password = "hemmelig-passord";
    config_.ca_file = server_->ca_file();
    config_.timeout = std::chrono::seconds(10);
  }
  Message Sample() const {
    Message m;
    m.from_name = "skillpath – Eksempel kommune";
    m.from_address = "kompetanse@eksempel.kommune.no";
    m.to = {"leder@eksempel.kommune.no"};
    m.subject = "Læringsplan for Åse Ødegård venter på godkjenning";
    m.body = "Hei,\n\nÅse har sendt planen sin til godkjenning.\n.\nÅpne den i skillpath: https://skillpath.eksempel.no/#/team\n" +
             std::string(120, 'x') + "\n";
    m.language = "nb";
    m.message_id = "plan-1@skillpath";
    m.date_unix = 1798761600;
    return m;
  }
  std::unique_ptr<SmtpServerProcess> server_;
  SmtpConfig config_;
};

TEST_F(Smtp, AMessageArrivesOverStartTlsWithAuthAsWritten) {
  const Message m = Sample();
  for (int i = 0; i < 2; ++i) {  // twice: each is a message of its own
    const absl::Status s = Send(config_, m);
    ASSERT_TRUE(s.ok()) << s << server_->log();
  }
  auto got = server_->WaitFor(2);
  ASSERT_EQ(got.size(), 2u) << server_->log();
  const auto& mail = got[0];
  EXPECT_TRUE(mail.fields().at("tls").bool_value());
  EXPECT_TRUE(mail.fields().at("auth").bool_value());
  EXPECT_EQ(SmtpServerProcess::Field(mail, "mail_from"), "kompetanse@eksempel.kommune.no");
  ASSERT_EQ(mail.fields().at("rcpt_tos").list_value().values_size(), 1);
  EXPECT_EQ(mail.fields().at("rcpt_tos").list_value().values(0).string_value(), "leder@eksempel.kommune.no");
  EXPECT_EQ(SmtpServerProcess::Field(mail, "subject"), m.subject);
  EXPECT_EQ(SmtpServerProcess::Field(mail, "from"), "skillpath – Eksempel kommune <kompetanse@eksempel.kommune.no>");
  EXPECT_EQ(SmtpServerProcess::Field(mail, "body"), m.body) << "the lone dot and the long line survive";
  EXPECT_EQ(SmtpServerProcess::Field(mail, "content_type"), "text/plain");
  EXPECT_EQ(SmtpServerProcess::Field(mail, "language"), "nb");
  EXPECT_EQ(mail.fields().at("defects").list_value().values_size(), 0);
}

TEST_F(Smtp, AWrongPasswordIsRefusedAndNothingIsSent) {
  config_.password = "feil";
  const absl::Status s = Send(config_, Sample());
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << s;
  EXPECT_EQ(s.message().find("feil"), absl::string_view::npos) << "the password is not in the error";
  EXPECT_TRUE(server_->Received().empty());
}

TEST_F(Smtp, AnUntrustedCertificateIsRefused) {
  config_.ca_file.clear();  // the system's store does not know the test's certificate
  EXPECT_EQ(Send(config_, Sample()).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(server_->Received().empty());
}

TEST_F(Smtp, AServerThatIsDownIsWorthTryingAgain) {
  server_->Stop();
  const absl::Status s = Send(config_, Sample());
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
}

TEST_F(Smtp, ARefusedRecipientIsFinal) {
  Message m = Sample();
  m.to = {"ukjent@kommune.no"};
  const absl::Status s = Send(config_, m);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_NE(s.message().find("550"), absl::string_view::npos) << s;
}

TEST(SmtpConfig, BadAddressesAndRecipientsAreNamedBeforeAnythingIsSent) {
  SmtpConfig config;
  config.url = "http://mail.example.no";
  Message m;
  m.from_address = "a@example.no";
  m.to = {"b@example.no"};
  EXPECT_EQ(Send(config, m).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(CheckSmtpUrl("smtp://user:pw@mail.example.no").find("user or password"), std::string::npos);
  EXPECT_EQ(CheckSmtpUrl("smtps://mail.example.no:465"), "");
  config.url = "smtp://127.0.0.1:1";
  m.to = {"b@example.no\r\nRCPT TO:<x@y.no>"};
  const absl::Status s = Send(config, m);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
}

}  // namespace
}  // namespace skillpath::mail
