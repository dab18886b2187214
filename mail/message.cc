#include "mail/message.h"

#include <cstdio>
#include <ctime>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace skillpath::mail {
namespace {

bool PrintableAscii(absl::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

std::string OneLine(absl::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  }
  return out;
}

// The Date header's value (RFC 5322 3.3), in UTC.
std::string DateHeader(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

}  // namespace

absl::Status CheckAddress(absl::string_view address) {
  if (address.empty()) return absl::InvalidArgumentError("the e-mail address is empty");
  if (address.size() > 254) return absl::InvalidArgumentError("the e-mail address is longer than 254 characters");
  for (unsigned char c : address) {
    if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' || c == ',' || c == '"' || c == '(' || c == ')' ||
        c == ';' || c == '\\' || c == '[' || c == ']') {
      return absl::InvalidArgumentError(
          absl::StrCat("the e-mail address \"", absl::CHexEscape(address), "\" has a character it cannot have"));
    }
  }
  const size_t at = address.rfind('@');
  if (at == absl::string_view::npos || at == 0 || at + 1 == address.size() || address.find('@') != at) {
    return absl::InvalidArgumentError(absl::StrCat("the e-mail address \"", address, "\" is not local@domain"));
  }
  const absl::string_view domain = address.substr(at + 1);
  if (domain.find('.') == absl::string_view::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat("the e-mail address \"", address, "\" has no valid domain"));
  }
  return absl::OkStatus();
}

std::string EncodeWords(absl::string_view text) {
  if (PrintableAscii(text)) return std::string(text);
  // Each word holds at most 45 octets of text (60 of base64 in 75), cut
  // only between UTF-8 characters.
  std::vector<std::string> words;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = std::min(text.size(), i + 45);
    while (end < text.size() && end > i && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (end == i) end = std::min(text.size(), i + 45);  // not UTF-8: cut anyway
    words.push_back(absl::StrCat("=?UTF-8?B?", absl::Base64Escape(text.substr(i, end - i)), "?="));
    i = end;
  }
  return absl::StrJoin(words, "\r\n ");
}

std::string QuotedPrintable(absl::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    const bool last = end == absl::string_view::npos;
    if (last) end = text.size();
    absl::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (last && line.empty() && start > 0) break;  // the text ended with a line end
    std::string encoded;
    size_t width = 0;
    auto put = [&](absl::string_view piece) {
      if (width + piece.size() > 75) {  // a soft break: "=" ends the line at 76
        encoded += "=\r\n";
        width = 0;
      }
      encoded.append(piece.data(), piece.size());
      width += piece.size();
    };
    for (size_t k = 0; k < line.size(); ++k) {
      const unsigned char c = static_cast<unsigned char>(line[k]);
      const bool trailing_space = (c == ' ' || c == '\t') && k + 1 == line.size();
      const bool leading_dot = c == '.' && width == 0;
      if (c == '=' || c > 0x7e || (c < 0x20 && c != '\t') || trailing_space || leading_dot) {
        const char hex[3] = {'=', kHex[c >> 4], kHex[c & 15]};
        put(absl::string_view(hex, 3));
      } else {
        const char one = static_cast<char>(c);
        put(absl::string_view(&one, 1));
      }
    }
    out += encoded;
    out += "\r\n";
    if (last) break;
    start = end + 1;
  }
  return out;
}

std::string Compose(const Message& m) {
  std::string from = m.from_address;
  if (!m.from_name.empty()) {
    const std::string name = OneLine(m.from_name);
    from = PrintableAscii(name) && name.find_first_of("\"\\") == std::string::npos
               ? absl::StrCat("\"", name, "\" <", m.from_address, ">")
               : absl::StrCat(EncodeWords(name), " <", m.from_address, ">");
  }
  std::string out;
  absl::StrAppend(&out, "From: ", from, "\r\n");
  absl::StrAppend(&out, "To: ", absl::StrJoin(m.to, ",\r\n "), "\r\n");
  absl::StrAppend(&out, "Subject: ", EncodeWords(OneLine(m.subject)), "\r\n");
  absl::StrAppend(&out, "Date: ", DateHeader(m.date_unix), "\r\n");
  if (!m.message_id.empty()) absl::StrAppend(&out, "Message-ID: <", OneLine(m.message_id), ">\r\n");
  absl::StrAppend(&out, "MIME-Version: 1.0\r\n");
  absl::StrAppend(&out, "Content-Type: text/plain; charset=UTF-8\r\n");
  absl::StrAppend(&out, "Content-Transfer-Encoding: quoted-printable\r\n");
  if (!m.language.empty()) absl::StrAppend(&out, "Content-Language: ", OneLine(m.language), "\r\n");
  absl::StrAppend(&out, "Auto-Submitted: auto-generated\r\n");
  absl::StrAppend(&out, "\r\n", QuotedPrintable(m.body));
  return out;
}

}  // namespace skillpath::mail
