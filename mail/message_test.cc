// The wire form of an e-mail (mail/message.h): addresses checked, words
// and bodies encoded so that any text arrives as written and nothing in it
// can add a header or end the message early. The real parser's view of the
// same messages is in smtp_test.cc.
#include "mail/message.h"

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"

namespace skillpath::mail {
namespace {

TEST(MailAddress, PlainAddressesPassAndTheRestIsNamed) {
  EXPECT_TRUE(CheckAddress("kari.nordmann@kommune.no").ok());
  EXPECT_TRUE(CheckAddress("a+b@sub.example.org").ok());
  for (const char* bad : {"", "kari", "@kommune.no", "kari@", "kari@localhost", "kari@@kommune.no",
                          "kari nordmann@kommune.no", "kari@kommune.no\r\nBcc: x@y.no", "<kari@kommune.no>",
                          "kari@kommune..no", "kåri@kommune.no"}) {
    EXPECT_FALSE(CheckAddress(bad).ok()) << absl::CHexEscape(bad);
  }
  EXPECT_FALSE(CheckAddress(std::string(250, 'a') + "@x.no").ok());
}

TEST(MailWords, AsciiStaysAndUtf8IsEncodedInShortWordsCutBetweenCharacters) {
  EXPECT_EQ(EncodeWords("Plan to approve"), "Plan to approve");
  const std::string norwegian = "Planen til Åse Ødegård venter på godkjenning – «Personvern»";
  const std::string encoded = EncodeWords(norwegian);
  std::string decoded;
  for (absl::string_view word : absl::StrSplit(encoded, "\r\n ")) {
    ASSERT_LE(word.size(), 75u);
    ASSERT_TRUE(absl::ConsumePrefix(&word, "=?UTF-8?B?") && absl::ConsumeSuffix(&word, "?=")) << word;
    std::string part;
    ASSERT_TRUE(absl::Base64Unescape(word, &part));
    // Each word is whole UTF-8 on its own (RFC 2047 5: no character split).
    ASSERT_NE(static_cast<unsigned char>(part[0]) & 0xC0, 0x80u);
    decoded += part;
  }
  EXPECT_EQ(decoded, norwegian);
}

TEST(MailBody, QuotedPrintableKeepsLinesShortAndNothingCanEndTheData) {
  const std::string body = "Hei Kari,\n.\n..and a dot\nlinje med mellomrom på slutten \n= lik\n" +
                           std::string(200, 'x') + "\n\nHilsen skillpath\n";
  const std::string qp = QuotedPrintable(body);
  for (absl::string_view line : absl::StrSplit(qp, "\r\n")) {
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_FALSE(absl::StartsWith(line, ".")) << "a line starting with a dot could end the SMTP data";
    EXPECT_TRUE(line.empty() || (line.back() != ' ' && line.back() != '\t')) << line;
  }
  EXPECT_EQ(qp.find('\n'), qp.find("\r\n") + 1) << "CRLF line ends";
  EXPECT_NE(qp.find("=C3=A5"), std::string::npos) << "å as two encoded octets";
  EXPECT_NE(qp.find("slutten=20\r\n"), std::string::npos);
  EXPECT_NE(qp.find("=3D lik"), std::string::npos);
}

TEST(MailCompose, HeadersCannotBeInjectedAndTheDateIsRfc5322) {
  Message m;
  m.from_name = "skillpath – Bergen kommune";
  m.from_address = "kompetanse@bergen.kommune.no";
  m.to = {"kari@bergen.kommune.no"};
  m.subject = "Hei\r\nBcc: alle@bergen.kommune.no";
  m.body = "Tekst";
  m.language = "nb";
  m.message_id = "0192-abc@skillpath";
  m.date_unix = 1798761600;  // 2027-01-01 00:00 UTC, a Friday
  const std::string wire = Compose(m);
  EXPECT_NE(wire.find("Subject: Hei  Bcc: alle@bergen.kommune.no\r\n"), std::string::npos) << wire;
  EXPECT_EQ(wire.find("\r\nBcc:"), std::string::npos);
  EXPECT_NE(wire.find("Date: Fri, 01 Jan 2027 00:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(wire.find("From: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(wire.find(" <kompetanse@bergen.kommune.no>\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Message-ID: <0192-abc@skillpath>\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Content-Language: nb\r\n"), std::string::npos);
  EXPECT_NE(wire.find("\r\n\r\nTekst\r\n"), std::string::npos);
}

}  // namespace
}  // namespace skillpath::mail
