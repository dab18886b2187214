#pragma once
// E-mail notifications as stored (issue #15): one queued mail of the outbox
// and the outbox's counts.
#include <cstdint>
#include <string>

#include "core/model/types.h"

namespace skillpath::core {

// How long after a plan was sent back its person is still told of it (a
// notifier that was down longer sends nothing stale; core/notify/notices.h).
inline constexpr Time kSentBackWindow = 30LL * 86400 * 1000000;

struct OutboxMail {
  int64_t id = 0;
  std::string key;              // the event (core/notify/notices.h): queued once
  std::string kind;             // NoticeKindName
  std::string recipient_id;     // a person
  std::string about_person_id;  // whose plan it is about
  std::string address;
  std::string language;
  std::string subject;
  std::string body;
  Time created_at = 0;
  int attempts = 0;
  Time next_attempt_at = 0;
  Time sent_at = 0;  // 0: not sent
  bool given_up = false;
  std::string last_error;
};

struct OutboxCounts {
  int64_t waiting = 0;  // not sent, still to be tried
  int64_t sent = 0;
  int64_t given_up = 0;
  Time oldest_waiting = 0;  // created_at of the oldest waiting mail (0: none)
};

}  // namespace skillpath::core
