#pragma once
// The words of the e-mail notifications (core/notify/notices.h), in the
// recipient's language: Norwegian bokmål unless they chose English. Times
// in the organisation's time zone. Pure.
#include <string>

#include "absl/time/time.h"
#include "core/notify/notices.h"

namespace skillpath::core {

struct MailText {
  std::string subject;  // one line
  std::string body;     // plain text, LF line ends
};

// `base_url`: where people reach skillpath ("https://skillpath.kommune.no"),
// for a link to the page where the notice is dealt with; empty: no link.
MailText RenderNotice(const Notice& notice, const absl::TimeZone& zone, const std::string& base_url);

}  // namespace skillpath::core
