#include "core/rules/validation.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>
#include <unordered_set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/model/errors.h"
#include "core/model/plan_types.h"

namespace skillpath::core {
namespace {

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == ':' || c == '-';
}

bool IsValidUtf8(absl::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t extra;
    if (c < 0x80) {
      extra = 0;
    } else if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
      extra = 1;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
    } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
      extra = 3;
    } else {
      return false;
    }
    if (n - i < extra + 1) return false;
    for (size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

bool IsAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// The first control character of valid UTF-8 `s` (C0, DEL, or C1 = U+0080..
// U+009F, encoded C2 80..C2 9F), other than those in `allowed`; npos if none.
size_t FindControl(absl::string_view s, absl::string_view allowed) {
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 || c == 0x7F) && allowed.find(static_cast<char>(c)) == absl::string_view::npos) return i;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) return i;
  }
  return absl::string_view::npos;
}

std::string DescribeControl(absl::string_view s, size_t at) {
  const unsigned char c = static_cast<unsigned char>(s[at]);
  const unsigned code = c == 0xC2 ? static_cast<unsigned char>(s[at + 1]) : c;
  char hex[8];
  std::snprintf(hex, sizeof hex, "U+%04X", code);
  return absl::StrCat("has a control character (", hex, ") at byte ", at);
}

absl::Status CheckTextWith(absl::string_view field, absl::string_view text, size_t max_length,
                           absl::string_view allowed_controls) {
  if (text.size() > max_length) {
    return InvalidField(field, absl::StrCat("longer than ", max_length, " bytes"));
  }
  if (!IsValidUtf8(text)) return InvalidField(field, "is not valid UTF-8");
  if (size_t at = FindControl(text, allowed_controls); at != absl::string_view::npos) {
    return InvalidField(field, DescribeControl(text, at));
  }
  return absl::OkStatus();
}

// Characters a URL may hold as they are (RFC 3986 unreserved, reserved and
// '%'), and any non-ASCII byte of valid UTF-8 (IRIs with ø/æ/å).
bool IsUrlChar(char ch) {
  const unsigned char c = static_cast<unsigned char>(ch);
  if (c >= 0x80) return true;
  if (IsAsciiAlnum(ch)) return true;
  return absl::string_view("-._~:/?#[]@!$&'()*+,;=%").find(ch) != absl::string_view::npos;
}

bool StartsWithNoCase(absl::string_view s, absl::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

std::string Quoted(absl::string_view s) {
  // Enough to recognise the value without echoing a long one whole.
  return absl::StrCat("'", s.size() > 80 ? absl::StrCat(s.substr(0, 77), "...") : std::string(s), "'");
}

// A BCP 47 language tag's alphabet: "nb", "en-GB", "se".
absl::Status CheckLanguage(absl::string_view field, absl::string_view tag) {
  if (tag.size() > 35) return InvalidField(field, "longer than 35 bytes");
  for (char c : tag) {
    if (!IsAsciiAlnum(c) && c != '-') {
      return InvalidField(field, "must be a language tag such as 'nb' or 'en-GB' (letters, digits, '-')");
    }
  }
  return absl::OkStatus();
}

std::string Path(absl::string_view prefix, absl::string_view field, size_t index) {
  return absl::StrCat(prefix, field, "[", index, "]");
}

}  // namespace

absl::Status CheckId(absl::string_view field, absl::string_view id) {
  if (id.empty()) return InvalidField(field, "must not be empty");
  if (id.size() > kMaxIdLength) {
    return InvalidField(field, absl::StrCat("longer than ", kMaxIdLength, " characters"));
  }
  bool alnum = false;
  for (char c : id) {
    if (!IsIdChar(c)) {
      // Printed only when it cannot carry a control character or bad UTF-8.
      const bool printable = IsValidUtf8(id) && FindControl(id, "") == absl::string_view::npos;
      return InvalidField(field, absl::StrCat(printable ? Quoted(id) : std::string("the id"),
                                              " has a character outside [A-Za-z0-9._:-]"));
    }
    alnum |= IsAsciiAlnum(c);
  }
  if (!alnum) return InvalidField(field, absl::StrCat(Quoted(id), " must contain a letter or digit"));
  return absl::OkStatus();
}

absl::Status CheckOptionalId(absl::string_view field, absl::string_view id) {
  return id.empty() ? absl::OkStatus() : CheckId(field, id);
}

namespace {
// `id` (at `field`) is a valid id that `seen` does not hold yet, and is added
// to it; "<kind> '<id>' appears twice" when it does. A link to another of
// the same kind passes its own id as `self`: `self_error` when it is that.
template <typename Set>
absl::Status CheckIdOnce(const std::string& field, const std::string& id, absl::string_view kind, Set& seen,
                         const std::string* self = nullptr, absl::string_view self_error = "") {
  RETURN_IF_ERROR(CheckId(field, id));
  if (self && id == *self) return InvalidField(field, self_error);
  if (!seen.insert(id).second) return InvalidField(field, absl::StrCat(kind, " '", id, "' appears twice"));
  return absl::OkStatus();
}
}  // namespace

absl::Status CheckName(absl::string_view field, absl::string_view name, size_t max_length) {
  if (name.find_first_not_of(" \t\r\n") == absl::string_view::npos) {
    return InvalidField(field, "must not be empty");
  }
  return CheckLine(field, name, max_length);
}

absl::Status CheckLine(absl::string_view field, absl::string_view text, size_t max_length) {
  return CheckTextWith(field, text, max_length, "");
}

absl::Status CheckText(absl::string_view field, absl::string_view text, size_t max_length) {
  return CheckTextWith(field, text, max_length, "\t\n\r");
}

absl::Status CheckNonNegative(absl::string_view field, double value) {
  if (!std::isfinite(value)) return InvalidField(field, "must be a finite number");
  if (value < 0) return InvalidField(field, absl::StrCat("must not be negative (got ", value, ")"));
  return absl::OkStatus();
}

absl::Status CheckRange(absl::string_view field, double value, double min, double max) {
  if (!std::isfinite(value)) return InvalidField(field, "must be a finite number");
  if (value < min || value > max) {
    return InvalidField(field, absl::StrCat("must be between ", min, " and ", max, " (got ", value, ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckTime(absl::string_view field, Time t) {
  if (t < kMinTime || t > kMaxTime) {
    return InvalidField(field, "must lie between 1970-01-01 and 2200-01-01 (UTC)");
  }
  return absl::OkStatus();
}

absl::Status CheckEmail(absl::string_view field, absl::string_view email) {
  if (email.empty()) return absl::OkStatus();
  RETURN_IF_ERROR(CheckLine(field, email, kMaxEmailLength));
  auto bad = [&](absl::string_view why) {
    return InvalidField(field, absl::StrCat(Quoted(email), " is not an e-mail address: ", why));
  };
  const size_t at = email.rfind('@');
  if (at == absl::string_view::npos) return bad("no '@'");
  const absl::string_view local = email.substr(0, at), domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64) return bad("the part before '@' must be 1..64 characters");
  if (local.front() == '.' || local.back() == '.' || local.find("..") != absl::string_view::npos) {
    return bad("misplaced '.' before '@'");
  }
  for (char ch : local) {
    if (static_cast<unsigned char>(ch) < 0x80 && !IsAsciiAlnum(ch) &&
        absl::string_view("!#$%&'*+/=?^_`{|}~.-").find(ch) == absl::string_view::npos) {
      return bad(absl::StrCat("'", std::string(1, ch), "' is not allowed before '@'"));
    }
  }
  std::vector<absl::string_view> labels;
  for (size_t from = 0;;) {
    const size_t dot = domain.find('.', from);
    labels.push_back(domain.substr(from, dot == absl::string_view::npos ? absl::string_view::npos : dot - from));
    if (dot == absl::string_view::npos) break;
    from = dot + 1;
  }
  if (labels.size() < 2) return bad("the domain needs a dot (e.g. kommune.no)");
  for (absl::string_view label : labels) {
    if (label.empty() || label.size() > 63) return bad("each part of the domain must be 1..63 characters");
    if (label.front() == '-' || label.back() == '-') return bad("a part of the domain starts or ends with '-'");
    for (char ch : label) {
      if (static_cast<unsigned char>(ch) < 0x80 && !IsAsciiAlnum(ch) && ch != '-') {
        return bad(absl::StrCat("'", std::string(1, ch), "' is not allowed in the domain"));
      }
    }
  }
  if (std::all_of(labels.back().begin(), labels.back().end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return bad("the domain must end in a name, not a number");
  }
  return absl::OkStatus();
}

absl::Status CheckUrl(absl::string_view field, absl::string_view url, bool allow_internal) {
  if (url.empty()) return absl::OkStatus();
  RETURN_IF_ERROR(CheckLine(field, url, kMaxUriLength));
  for (char ch : url) {
    if (!IsUrlChar(ch)) {
      return InvalidField(field, absl::StrCat("'", std::string(1, ch), "' is not allowed in a URL (escape it as %XX)"));
    }
  }
  if (allow_internal && StartsWithNoCase(url, "skillpath:")) {
    if (url.size() == 10) return InvalidField(field, "'skillpath:' must name what it refers to");
    return absl::OkStatus();
  }
  size_t rest;
  if (StartsWithNoCase(url, "https://")) {
    rest = 8;
  } else if (StartsWithNoCase(url, "http://")) {
    rest = 7;
  } else {
    return InvalidField(field, absl::StrCat(Quoted(url), " must be an http:// or https:// URL",
                                            allow_internal ? " (or a skillpath: reference)" : ""));
  }
  const size_t host_end = url.find_first_of("/?#", rest);
  const absl::string_view host =
      url.substr(rest, host_end == absl::string_view::npos ? absl::string_view::npos : host_end - rest);
  if (host.empty() || host.find_first_not_of("@:") == absl::string_view::npos) {
    return InvalidField(field, absl::StrCat(Quoted(url), " has no host"));
  }
  return absl::OkStatus();
}

// An entity's translations: each a language (once, and not the framework's
// own), a name and an optional description.
absl::Status CheckTranslations(absl::string_view field, const std::vector<Translation>& translations,
                               absl::string_view own_language) {
  std::set<std::string> seen;
  for (size_t i = 0; i < translations.size(); ++i) {
    const Translation& t = translations[i];
    const std::string p = Path(field, field.empty() ? "translations" : ".translations", i);
    if (t.language.empty()) return InvalidField(p + ".language", "must not be empty");
    RETURN_IF_ERROR(CheckLanguage(p + ".language", t.language));
    const std::string lower = absl::AsciiStrToLower(t.language);
    if (!seen.insert(lower).second) return InvalidField(p + ".language", absl::StrCat("'", t.language, "' appears twice"));
    if (lower == absl::AsciiStrToLower(own_language)) {
      return InvalidField(p + ".language",
                          absl::StrCat("'", t.language, "' is the framework's own language: its texts are the entity's own"));
    }
    RETURN_IF_ERROR(CheckName(p + ".name", t.name));
    RETURN_IF_ERROR(CheckText(p + ".description", t.description));
  }
  return absl::OkStatus();
}

absl::Status CheckScale(absl::string_view field, const Scale& scale, bool allow_empty, absl::string_view language) {
  if (scale.levels.empty()) {
    return allow_empty ? absl::OkStatus()
                       : InvalidField(absl::StrCat(field, ".levels"), "must list at least one level");
  }
  if (scale.levels.size() > static_cast<size_t>(kMaxScaleLevels)) {
    return InvalidField(absl::StrCat(field, ".levels"), absl::StrCat("at most ", kMaxScaleLevels, " levels"));
  }
  for (size_t i = 0; i < scale.levels.size(); ++i) {
    const ScaleLevel& l = scale.levels[i];
    std::string path = Path(field, ".levels", i);
    if (l.level != static_cast<int>(i) + 1) {
      return InvalidField(absl::StrCat(path, ".level"),
                          absl::StrCat("levels must be numbered 1..N in order; expected ", i + 1, ", got ", l.level));
    }
    RETURN_IF_ERROR(CheckName(absl::StrCat(path, ".name"), l.name));
    RETURN_IF_ERROR(CheckText(absl::StrCat(path, ".description"), l.description));
    RETURN_IF_ERROR(CheckTranslations(path, l.translations, language));
  }
  return absl::OkStatus();
}

absl::Status ValidateFrameworkShape(const Framework& f) {
  RETURN_IF_ERROR(CheckId("id", f.id));
  RETURN_IF_ERROR(CheckName("name", f.name));
  RETURN_IF_ERROR(CheckLine("version", f.version, kMaxNameLength));
  RETURN_IF_ERROR(CheckText("description", f.description));
  RETURN_IF_ERROR(CheckUrl("source_uri", f.source_uri));
  RETURN_IF_ERROR(CheckLanguage("language", f.language));
  RETURN_IF_ERROR(CheckTranslations("", f.translations, f.language));
  RETURN_IF_ERROR(CheckScale("scale", f.scale, /*allow_empty=*/false, f.language));
  std::unordered_set<std::string> area_ids, competence_ids;
  for (size_t a = 0; a < f.areas.size(); ++a) {
    const Area& area = f.areas[a];
    std::string ap = Path("", "areas", a);
    RETURN_IF_ERROR(CheckIdOnce(ap + ".id", area.id, "area", area_ids));
    RETURN_IF_ERROR(CheckName(ap + ".name", area.name));
    RETURN_IF_ERROR(CheckText(ap + ".description", area.description));
    RETURN_IF_ERROR(CheckUrl(ap + ".source_uri", area.source_uri));
    RETURN_IF_ERROR(CheckTranslations(ap, area.translations, f.language));
    for (size_t c = 0; c < area.competences.size(); ++c) {
      const Competence& comp = area.competences[c];
      std::string cp = Path(ap + ".", "competences", c);
      RETURN_IF_ERROR(CheckIdOnce(cp + ".id", comp.id, "competence", competence_ids));
      if (!comp.area_id.empty() && comp.area_id != area.id) {
        return InvalidField(cp + ".area_id",
                            absl::StrCat("'", comp.area_id, "' differs from the enclosing area '", area.id, "'"));
      }
      RETURN_IF_ERROR(CheckName(cp + ".name", comp.name));
      RETURN_IF_ERROR(CheckText(cp + ".description", comp.description));
      RETURN_IF_ERROR(CheckUrl(cp + ".source_uri", comp.source_uri));
      RETURN_IF_ERROR(CheckTranslations(cp, comp.translations, f.language));
      RETURN_IF_ERROR(CheckScale(cp + ".scale", comp.scale, /*allow_empty=*/true, f.language));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateOrgUnitShape(const OrgUnit& u) {
  RETURN_IF_ERROR(CheckId("id", u.id));
  RETURN_IF_ERROR(CheckOptionalId("parent_id", u.parent_id));
  if (u.parent_id == u.id) return InvalidField("parent_id", "a unit cannot be its own parent");
  RETURN_IF_ERROR(CheckOptionalId("manager_id", u.manager_id));
  return CheckName("name", u.name);
}

absl::Status ValidateRoleShape(const Role& r) {
  RETURN_IF_ERROR(CheckId("id", r.id));
  RETURN_IF_ERROR(CheckName("name", r.name));
  RETURN_IF_ERROR(CheckText("description", r.description));
  std::set<std::string> inherits;
  for (size_t i = 0; i < r.inherits_role_ids.size(); ++i) {
    std::string p = Path("", "inherits_role_ids", i);
    RETURN_IF_ERROR(CheckIdOnce(p, r.inherits_role_ids[i], "role", inherits, &r.id, "a role cannot inherit itself"));
  }
  std::set<std::pair<std::string, Priority>> seen;
  for (size_t i = 0; i < r.targets.size(); ++i) {
    const Target& t = r.targets[i];
    std::string p = Path("", "targets", i);
    RETURN_IF_ERROR(CheckId(p + ".competence_id", t.competence_id));
    if (t.priority != Priority::kRequired && t.priority != Priority::kDesired) {
      return InvalidField(p + ".priority", "must be REQUIRED or DESIRED");
    }
    if (!seen.insert({t.competence_id, t.priority}).second) {
      return InvalidField(p + ".competence_id",
                          absl::StrCat("competence '", t.competence_id, "' has two targets of the same priority"));
    }
    if (t.level < 1 || t.level > kMaxScaleLevels) {
      return InvalidField(p + ".level", absl::StrCat("must be 1..", kMaxScaleLevels, " (got ", t.level, ")"));
    }
    RETURN_IF_ERROR(CheckRange(p + ".weight", t.weight, 0, kMaxWeight));
  }
  return absl::OkStatus();
}

absl::Status ValidatePersonShape(const Person& p) {
  RETURN_IF_ERROR(CheckId("id", p.id));
  RETURN_IF_ERROR(CheckName("name", p.name));
  RETURN_IF_ERROR(CheckEmail("email", p.email));
  RETURN_IF_ERROR(CheckId("org_unit_id", p.org_unit_id));
  RETURN_IF_ERROR(CheckLine("position", p.position));
  if (p.weekly_hours != 0) RETURN_IF_ERROR(CheckRange("weekly_hours", p.weekly_hours, kMinWeeklyHours, kMaxWeeklyHours));
  RETURN_IF_ERROR(CheckOptionalId("manager_id", p.manager_id));
  if (!p.manager_id.empty() && p.manager_id == p.id) {
    return InvalidField("manager_id", "a person is not their own manager");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < p.role_ids.size(); ++i) {
    RETURN_IF_ERROR(CheckIdOnce(Path("", "role_ids", i), p.role_ids[i], "role", seen));
  }
  seen.clear();
  for (size_t i = 0; i < p.manages_unit_ids.size(); ++i) {
    RETURN_IF_ERROR(CheckIdOnce(Path("", "manages_unit_ids", i), p.manages_unit_ids[i], "unit", seen));
  }
  return absl::OkStatus();
}

absl::Status ValidatePositionRuleShape(const PositionRule& r) {
  RETURN_IF_ERROR(CheckId("id", r.id));
  RETURN_IF_ERROR(CheckLine("position", r.position));
  RETURN_IF_ERROR(CheckLine("pattern", r.pattern));
  RETURN_IF_ERROR(CheckText("description", r.description));
  if (r.position.empty() == r.pattern.empty()) {
    return InvalidField(r.position.empty() ? "position" : "pattern",
                        "a rule matches either a position (a code, exactly) or a pattern on the title (* and ?), "
                        "one of the two");
  }
  if (r.role_ids.empty()) return InvalidField("role_ids", "a rule gives at least one role");
  std::set<std::string> seen;
  for (size_t i = 0; i < r.role_ids.size(); ++i) {
    RETURN_IF_ERROR(CheckIdOnce(Path("", "role_ids", i), r.role_ids[i], "role", seen));
  }
  return absl::OkStatus();
}

absl::Status ValidateAssessmentShape(const Assessment& a) {
  RETURN_IF_ERROR(CheckId("id", a.id));
  RETURN_IF_ERROR(CheckId("person_id", a.person_id));
  RETURN_IF_ERROR(CheckId("competence_id", a.competence_id));
  if (a.source < Source::kSelf || a.source > Source::kCertification) {
    return InvalidField("source", "must be SELF, MANAGER, EVIDENCE or CERTIFICATION");
  }
  if (a.level < 0 || a.level > kMaxScaleLevels) {
    return InvalidField("level", absl::StrCat("must be 0..", kMaxScaleLevels, " (got ", a.level, ")"));
  }
  RETURN_IF_ERROR(CheckOptionalId("assessor_id", a.assessor_id));
  RETURN_IF_ERROR(CheckTime("assessed_at", a.assessed_at));
  if (a.expires_at) {
    RETURN_IF_ERROR(CheckTime("expires_at", *a.expires_at));
    if (*a.expires_at <= a.assessed_at) return InvalidField("expires_at", "must be after assessed_at");
  }
  RETURN_IF_ERROR(CheckText("note", a.note));
  return CheckUrl("evidence_uri", a.evidence_uri, /*allow_internal=*/true);
}

absl::Status ValidateResourceShape(const LearningResource& r) {
  RETURN_IF_ERROR(CheckId("id", r.id));
  RETURN_IF_ERROR(CheckName("title", r.title));
  RETURN_IF_ERROR(CheckLine("provider", r.provider, kMaxNameLength));
  if (r.mode < Mode::kElearning || r.mode > Mode::kMentoring) {
    return InvalidField("mode", "must be ELEARNING, CLASSROOM, WORKSHOP, ON_THE_JOB or MENTORING");
  }
  RETURN_IF_ERROR(CheckRange("hours", r.hours, 0, kMaxHours));
  RETURN_IF_ERROR(CheckRange("cost", r.cost, 0, kMaxCost));
  RETURN_IF_ERROR(CheckLanguage("language", r.language));
  RETURN_IF_ERROR(CheckUrl("url", r.url));
  if (r.outcomes.empty()) return InvalidField("outcomes", "must list at least one outcome");
  std::set<std::string> seen;
  for (size_t i = 0; i < r.outcomes.size(); ++i) {
    const Outcome& o = r.outcomes[i];
    std::string p = Path("", "outcomes", i);
    RETURN_IF_ERROR(CheckIdOnce(p + ".competence_id", o.competence_id, "competence", seen));
    if (o.min_level < 0 || o.min_level >= kMaxScaleLevels) {
      return InvalidField(p + ".min_level",
                          absl::StrCat("must be 0..", kMaxScaleLevels - 1, " (got ", o.min_level, ")"));
    }
    if (o.reaches_level > kMaxScaleLevels) {
      return InvalidField(p + ".reaches_level",
                          absl::StrCat("must be at most ", kMaxScaleLevels, " (got ", o.reaches_level, ")"));
    }
    if (o.reaches_level <= o.min_level) {
      return InvalidField(p + ".reaches_level",
                          absl::StrCat("must be above min_level ", o.min_level, " (got ", o.reaches_level, ")"));
    }
  }
  seen.clear();
  for (size_t i = 0; i < r.prerequisite_ids.size(); ++i) {
    std::string p = Path("", "prerequisite_ids", i);
    RETURN_IF_ERROR(
        CheckIdOnce(p, r.prerequisite_ids[i], "resource", seen, &r.id, "a resource cannot be its own prerequisite"));
  }
  seen.clear();
  for (size_t i = 0; i < r.sessions.size(); ++i) {
    const Session& s = r.sessions[i];
    std::string p = Path("", "sessions", i);
    RETURN_IF_ERROR(CheckIdOnce(p + ".id", s.id, "session", seen));
    if (s.start == 0) return InvalidField(p + ".start", "must be set");
    RETURN_IF_ERROR(CheckTime(p + ".start", s.start));
    RETURN_IF_ERROR(CheckTime(p + ".end", s.end));
    if (s.end <= s.start) return InvalidField(p + ".end", "must be after start");
    if (s.capacity < 1 || s.capacity > kMaxCapacity) {
      return InvalidField(p + ".capacity", absl::StrCat("must be 1..", kMaxCapacity, " (got ", s.capacity, ")"));
    }
    RETURN_IF_ERROR(CheckLine(p + ".location", s.location, kMaxNameLength));
    RETURN_IF_ERROR(CheckRange(p + ".fixed_cost", s.fixed_cost, 0, kMaxCost));
  }
  return absl::OkStatus();
}

absl::Status ValidatePlanOptions(const PlanOptions& o, Time now) {
  RETURN_IF_ERROR(CheckRange("options.weekly_hours", o.weekly_hours, kMinWeeklyHours, kMaxWeeklyHours));
  RETURN_IF_ERROR(CheckTime("options.start", o.start));
  if (o.start < now - kMaxPlanStartBefore || o.start > now + kMaxPlanStartAfter) {
    return InvalidField("options.start", "must lie between a year before and ten years after now");
  }
  RETURN_IF_ERROR(CheckRange("options.max_cost", o.max_cost, 0, kMaxCost));
  RETURN_IF_ERROR(CheckRange("options.max_hours", o.max_hours, 0, kMaxHours));
  return CheckLanguage("options.language", o.language);
}

absl::StatusOr<std::vector<std::string>> FindCycle(const std::string& start,
                                                   const std::vector<std::string>& start_links, const LinksFn& next) {
  // Depth-first search with an explicit stack of paths; the graphs are small
  // (unit trees, role hierarchies, prerequisite chains).
  std::unordered_set<std::string> visited;
  std::vector<std::vector<std::string>> stack;
  for (const std::string& link : start_links) stack.push_back({start, link});
  while (!stack.empty()) {
    std::vector<std::string> path = std::move(stack.back());
    stack.pop_back();
    const std::string& node = path.back();
    if (node == start) return path;
    if (!visited.insert(node).second) continue;
    ASSIGN_OR_RETURN(std::vector<std::string> links, next(node));
    for (const std::string& link : links) {
      std::vector<std::string> longer = path;
      longer.push_back(link);
      stack.push_back(std::move(longer));
    }
  }
  return std::vector<std::string>{};
}

absl::Status ValidateTokenRecord(const TokenRecord& t) {
  if (absl::Status s = CheckId("id", t.id); !s.ok()) return s;
  if (t.grant < Grant::kEmployee || t.grant > Grant::kAggregate) {
    return InvalidField("grant", "must be EMPLOYEE, MANAGER, HR, ADMIN or AGGREGATE");
  }
  if ((t.grant == Grant::kEmployee || t.grant == Grant::kManager) && t.person_id.empty()) {
    return InvalidField("person", absl::StrCat(GrantName(t.grant), " tokens belong to a person; give --person"));
  }
  if (absl::Status s = CheckOptionalId("person", t.person_id); !s.ok()) return s;
  if (t.expires_at && *t.expires_at <= t.created_at) return InvalidField("expires", "must be in the future");
  if (t.secret_hash.size() != 32) return absl::InternalError("token secret hash must be 32 bytes (SHA-256)");
  if (t.kind == TokenKind::kSession) {
    if (t.person_id.empty()) return InvalidField("person", "a session belongs to a person");
    if (!t.expires_at) return InvalidField("expires", "a session has a time limit");
    if (t.idle_timeout < 0) return InvalidField("idle_timeout", "must not be negative");
    if (t.issuer.empty() || t.subject.empty())
      return InvalidField("issuer", "a session names its provider and subject");
    if (absl::Status s = CheckText("issuer", t.issuer, kMaxNameLength); !s.ok()) return s;
    if (absl::Status s = CheckText("subject", t.subject, kMaxNameLength); !s.ok()) return s;
  } else if (t.kind == TokenKind::kCalendarFeed) {
    if (t.person_id.empty() || t.grant != Grant::kEmployee) {
      return InvalidField("person", "a calendar feed belongs to a person, as an EMPLOYEE");
    }
    if (t.idle_timeout != 0 || !t.issuer.empty() || !t.subject.empty()) {
      return InvalidField("kind", "a calendar feed has no idle timeout, issuer or subject");
    }
  } else if (t.kind != TokenKind::kApi) {
    return InvalidField("kind", "must be an API token, a session or a calendar feed");
  } else if (t.idle_timeout != 0 || !t.issuer.empty() || !t.subject.empty()) {
    return InvalidField("kind", "an API token has no idle timeout, issuer or subject");
  }
  return CheckText("description", t.description, kMaxNameLength);
}

}  // namespace skillpath::core
