#pragma once
// An e-mail as it goes on the wire (RFC 5322 with MIME, RFC 2045/2047): a
// plain-text UTF-8 message with the headers a mail client expects, CRLF
// line ends, the subject and display names as encoded words where they are
// not ASCII, the body quoted-printable so no line is too long and nothing in
// it can end the SMTP data early. Knows nothing of skillpath.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace skillpath::mail {

struct Message {
  std::string from_name;        // display name, UTF-8; may be empty
  std::string from_address;     // addr-spec, e.g. "kompetanse@kommune.no"
  std::vector<std::string> to;  // addr-specs
  std::string subject;          // UTF-8, one line (CR and LF become spaces)
  std::string body;             // UTF-8 text, LF or CRLF line ends
  std::string language;         // Content-Language, e.g. "nb"; empty: none
  std::string message_id;       // without the angle brackets, e.g. "<uuid>@skillpath"
  int64_t date_unix = 0;        // the Date header, seconds since the epoch (UTC)
};

// Whether `address` is an addr-spec this sends to: local@domain, printable
// ASCII without spaces, angle brackets, commas or quotes, at most 254
// octets; the error names what is wrong.
absl::Status CheckAddress(absl::string_view address);

// The message as sent: headers and body, CRLF line ends. The addresses
// must pass CheckAddress.
std::string Compose(const Message& message);

// RFC 2047 encoded words ("=?UTF-8?B?...?=", each at most 75 octets, joined
// by CRLF SP) for `text` if it is not printable ASCII; else `text` itself.
std::string EncodeWords(absl::string_view text);

// Quoted-printable (RFC 2045 6.7) of UTF-8 text: CRLF line ends, lines of
// at most 76 octets with soft breaks, "=" and non-ASCII octets encoded, as
// are a trailing space or tab and a "." that starts a line.
std::string QuotedPrintable(absl::string_view text);

}  // namespace skillpath::mail
