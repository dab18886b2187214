#include "cmd/skillpathd/mail_flags.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "cmd/skillpathd/private_file.h"
#include "mail/message.h"

namespace skillpath::services {

void AddMailFlags(CLI::App& app, MailFlags& f) {
  const std::string group = "E-mail notifications";
  app.add_option("--smtp-url", f.url,
                 "The SMTP server: smtp://HOST:587 (STARTTLS) or smtps://HOST:465; sets e-mail notifications on")
      ->group(group);
  app.add_option("--smtp-user", f.user, "The user to authenticate as (none: no AUTH)")->group(group);
  app.add_option("--smtp-password-file", f.password_file, "A file holding the SMTP password (mode 0600)")->group(group);
  app.add_option("--smtp-ca-file", f.ca_file, "CA certificates for the SMTP server's TLS (default: the system's)")
      ->group(group);
  app.add_flag("--smtp-allow-plaintext", f.allow_plaintext,
               "Send without TLS when the server offers no STARTTLS (a relay on the same host only)")
      ->group(group);
  app.add_option("--mail-from", f.from, "The sender's address, e.g. kompetanse@kommune.no")->group(group);
  app.add_option("--mail-from-name", f.from_name, "The sender's name")->capture_default_str()->group(group);
  app.add_option("--mail-interval", f.interval_seconds, "Seconds between looks for what to send")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600))
      ->group(group);
  app.add_option("--mail-retry-after", f.retry_seconds,
                 "Seconds before a mail that failed is tried again; the pause doubles each time, to 6 hours at most")
      ->capture_default_str()
      ->check(CLI::Range(1, 6 * 3600))
      ->group(group);
  app.add_option("--time-zone", f.time_zone, "The time zone of the times in the mails")
      ->capture_default_str()
      ->group(group);
}

absl::Status ApplyMailFlags(const MailFlags& f, ServerOptions& options) {
  if (f.url.empty()) {
    if (!f.from.empty() || !f.user.empty()) return absl::InvalidArgumentError("--smtp-url: required with --mail-from and --smtp-user");
    return absl::OkStatus();
  }
  if (const std::string bad = mail::CheckSmtpUrl(f.url); !bad.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--smtp-url: '", f.url, "' ", bad));
  }
  if (f.from.empty()) return absl::InvalidArgumentError("--mail-from: required with --smtp-url");
  if (absl::Status s = mail::CheckAddress(f.from); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--mail-from: ", s.message()));
  }
  NotifierOptions& n = options.notify;
  n.smtp.url = f.url;
  n.smtp.require_tls = !f.allow_plaintext;
  n.smtp.username = f.user;
  n.smtp.ca_file = f.ca_file;
  if (!f.password_file.empty()) {
    if (f.user.empty()) return absl::InvalidArgumentError("--smtp-user: required with --smtp-password-file");
    absl::StatusOr<std::string> password = ReadPrivateFile(f.password_file, "--smtp-password-file");
    if (!password.ok()) return password.status();
    n.smtp.password = std::string(absl::StripTrailingAsciiWhitespace(*password));
  }
  n.from_address = f.from;
  n.from_name = f.from_name;
  n.public_url = options.public_url;
  n.interval = std::chrono::seconds(f.interval_seconds);
  n.retry_after = std::chrono::seconds(f.retry_seconds);
  if (!absl::LoadTimeZone(f.time_zone, &n.zone)) {
    return absl::InvalidArgumentError(absl::StrCat("--time-zone: '", f.time_zone, "' is not a time zone this machine knows"));
  }
  return absl::OkStatus();
}

}  // namespace skillpath::services
