#pragma once
// Sending one e-mail to an SMTP server (RFC 5321) with libcurl: STARTTLS
// (required unless the configuration says otherwise) or TLS from the start
// (smtps://), AUTH with a user and password when one is configured, the
// server's certificate checked against the system's or a given CA file.
// Blocking: the caller runs it off the request threads.
#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "mail/message.h"

namespace skillpath::mail {

struct SmtpConfig {
  std::string url;           // "smtp://host:587" (STARTTLS) or "smtps://host:465"
  bool require_tls = true;   // smtp://: refuse to send if the server offers no STARTTLS
  std::string username;      // empty: no AUTH
  std::string password;
  std::string ca_file;       // PEM; empty: the system's store
  std::chrono::seconds timeout{30};
};

// What an SMTP URL names, for the configuration's errors: "" if it is
// usable, else what is wrong with it.
std::string CheckSmtpUrl(const std::string& url);

// Sends `message` (Compose) to its recipients. Errors (never with the
// password in them):
//  - UNAVAILABLE: the server could not be reached, timed out or answered
//    4xx; worth trying again later;
//  - PERMISSION_DENIED: the server refused the user and password, or TLS
//    could not be had (a configuration to fix; trying again later is fine);
//  - FAILED_PRECONDITION: the server refused the message or a recipient
//    for good (5xx); trying again will not help.
absl::Status Send(const SmtpConfig& config, const Message& message);

}  // namespace skillpath::mail
