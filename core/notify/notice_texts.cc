#include "core/notify/notice_texts.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace skillpath::core {
namespace {

struct Words {
  bool en;
  const char* Pick(const char* nb, const char* english) const { return en ? english : nb; }
};

std::string Hours(double h) {
  const double rounded = std::round(h * 10) / 10;
  return rounded == std::floor(rounded) ? absl::StrCat(static_cast<long>(rounded)) : absl::StrFormat("%.1f", rounded);
}

std::string When(Time start, Time end, const absl::TimeZone& zone, const Words& w) {
  const absl::Time s = absl::FromUnixMicros(start), e = absl::FromUnixMicros(end);
  static const char* kDaysNb[] = {"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"};
  static const char* kDaysEn[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  const absl::CivilDay day = absl::ToCivilDay(s, zone);
  const int weekday = static_cast<int>(absl::GetWeekday(day));  // Monday = 0
  const char* name = w.en ? kDaysEn[(weekday + 1) % 7] : kDaysNb[(weekday + 1) % 7];
  const std::string date = w.en ? absl::FormatTime("%e %B %Y", s, zone) : absl::FormatTime("%d.%m.%Y", s, zone);
  std::string text = absl::StrCat(name, " ", absl::StripLeadingAsciiWhitespace(date), " ",
                                  absl::FormatTime("%H:%M", s, zone));
  if (end > start) absl::StrAppend(&text, "–", absl::FormatTime("%H:%M", e, zone));
  return text;
}

std::string Link(const std::string& base, const char* view) { return base.empty() ? "" : absl::StrCat(base, "/#/", view); }

std::string Greeting(const Notice& n, const Words& w) {
  return absl::StrCat(w.Pick("Hei", "Hello"), n.to.name.empty() ? "" : " ", n.to.name, ",\n\n");
}

// A comment as a quote, each line set off with "> ".
std::string Quoted(const std::string& text) {
  std::string out = "> ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "> ";
  }
  return out;
}

std::string Footer(const Words& w) {
  return w.Pick(
      "\n\n-- \nDenne e-posten er sendt automatisk av skillpath. Du kan slå av e-post fra skillpath på «Min "
      "læringssti» (Varsler på e-post).\n",
      "\n\n-- \nThis e-mail was sent automatically by skillpath. You can turn off e-mail from skillpath on «Min "
      "læringssti» (E-mail notifications).\n");
}

}  // namespace

MailText RenderNotice(const Notice& n, const absl::TimeZone& zone, const std::string& base_url) {
  const Words w{n.to.language == "en"};
  MailText t;
  std::string body = Greeting(n, w);
  std::string link;
  switch (n.kind) {
    case NoticeKind::kPlanAwaitsApproval:
      t.subject = absl::StrCat(w.Pick("Læringsplan venter på godkjenning: ", "Learning plan awaits your approval: "),
                               n.person_name);
      absl::StrAppend(&body, n.person_name,
                      w.Pick(" har sendt læringsplanen sin til deg for godkjenning (",
                             " has sent you their learning plan for approval ("),
                      n.step_count, w.Pick(" steg, ", " steps, "), Hours(n.total_hours), w.Pick(" timer).", " hours)."),
                      w.Pick("\nDu kan godkjenne den eller sende den tilbake på «Mitt team».",
                             "\nYou can approve it or send it back under «Mitt team» (my team)."));
      link = Link(base_url, "team");
      break;
    case NoticeKind::kStepAwaitsConfirmation:
      t.subject = absl::StrCat(w.Pick("Fullført steg venter på bekreftelse: ", "A completed step awaits confirmation: "),
                               n.person_name, " – ", n.step_title);
      absl::StrAppend(&body, n.person_name,
                      w.Pick(" har markert steget «", " has marked the step «"), n.step_title,
                      w.Pick("» som fullført. Bekreft det eller send det tilbake på «Mitt team»; først da teller "
                             "nivået som validert.",
                             "» as done. Confirm it or send it back under «Mitt team» (my team); only then does the "
                             "level count as validated."));
      link = Link(base_url, "team");
      break;
    case NoticeKind::kPlanSentBack:
      t.subject = w.Pick("Læringsplanen din er sendt tilbake", "Your learning plan was sent back");
      absl::StrAppend(&body, n.comment_author.empty() ? w.Pick("Lederen din", "Your manager") : n.comment_author,
                      w.Pick(" har sendt læringsplanen din tilbake med denne kommentaren:\n\n",
                             " has sent your learning plan back with this comment:\n\n"),
                      Quoted(n.comment),
                      w.Pick("\n\nDu kan endre planen eller lage den på nytt og sende den til godkjenning igjen på «Min "
                             "læringssti».",
                             "\n\nYou can change the plan or make it again and send it for approval once more on «Min "
                             "læringssti» (my learning path)."));
      link = Link(base_url, "learner");
      break;
    case NoticeKind::kSessionSoon:
      t.subject = absl::StrCat(w.Pick("Om en uke: ", "In a week: "), n.step_title, " ",
                               When(n.session_start, n.session_end, zone, w));
      absl::StrAppend(&body, w.Pick("Du har plass på «", "You have a seat at «"), n.step_title, "» ",
                      When(n.session_start, n.session_end, zone, w),
                      n.location.empty() ? "" : absl::StrCat(w.Pick(", sted: ", ", place: "), n.location), ".",
                      w.Pick("\nDet er steg ", "\nIt is step "), n.seq, w.Pick(" i læringsplanen din.", " of your learning plan."));
      link = Link(base_url, "learner");
      break;
  }
  if (!link.empty()) absl::StrAppend(&body, "\n\n", w.Pick("Åpne skillpath: ", "Open skillpath: "), link);
  absl::StrAppend(&body, Footer(w));
  t.body = std::move(body);
  return t;
}

}  // namespace skillpath::core
