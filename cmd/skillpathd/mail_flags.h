#pragma once
// skillpathd's e-mail settings (issue #15), as flags and in the TOML file
// (a key is the flag without its dashes):
//   smtp-url = "smtp://smtp.kommune.no:587"   # STARTTLS; smtps://...:465 for TLS from the start
//   smtp-user = "skillpath"                   smtp-password-file = "/etc/skillpath/smtp-password"
//   mail-from = "kompetanse@kommune.no"       mail-from-name = "skillpath – Eksempel kommune"
//   public-url = "https://skillpath.kommune.no"  # the links in the mails
// Without smtp-url nothing is sent.

#include <CLI/CLI.hpp>
#include <string>

#include "absl/status/status.h"
#include "server/server.h"

namespace skillpath::services {

struct MailFlags {
  std::string url, user, password_file, ca_file, from, from_name = "skillpath", time_zone = "Europe/Oslo";
  bool allow_plaintext = false;
  int interval_seconds = 30;
  int retry_seconds = 60;
};

void AddMailFlags(CLI::App& app, MailFlags& flags);

// Into `options.notify`: checks the address, reads the password's file
// (which must not be readable by others) and the time zone.
// INVALID_ARGUMENT naming the flag otherwise.
absl::Status ApplyMailFlags(const MailFlags& flags, ServerOptions& options);

}  // namespace skillpath::services
