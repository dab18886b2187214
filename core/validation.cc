#include "core/validation.h"

#include <cmath>
#include <set>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/status_macros.h"

namespace skillpath::core {
namespace {

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '-';
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

std::string Path(absl::string_view prefix, absl::string_view field, size_t index) {
  return absl::StrCat(prefix, field, "[", index, "]");
}

}  // namespace

absl::Status InvalidField(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

absl::Status CheckId(absl::string_view field, absl::string_view id) {
  if (id.empty()) return InvalidField(field, "must not be empty");
  if (id.size() > kMaxIdLength) {
    return InvalidField(field, absl::StrCat("longer than ", kMaxIdLength, " characters"));
  }
  for (char c : id) {
    if (!IsIdChar(c)) {
      return InvalidField(field, absl::StrCat("'", id, "' has a character outside [A-Za-z0-9._:-]"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckOptionalId(absl::string_view field, absl::string_view id) {
  return id.empty() ? absl::OkStatus() : CheckId(field, id);
}

absl::Status CheckName(absl::string_view field, absl::string_view name, size_t max_length) {
  if (name.find_first_not_of(" \t\r\n") == absl::string_view::npos) {
    return InvalidField(field, "must not be empty");
  }
  return CheckText(field, name, max_length);
}

absl::Status CheckText(absl::string_view field, absl::string_view text, size_t max_length) {
  if (text.size() > max_length) {
    return InvalidField(field, absl::StrCat("longer than ", max_length, " bytes"));
  }
  if (!IsValidUtf8(text)) return InvalidField(field, "is not valid UTF-8");
  return absl::OkStatus();
}

absl::Status CheckNonNegative(absl::string_view field, double value) {
  if (!std::isfinite(value)) return InvalidField(field, "must be a finite number");
  if (value < 0) return InvalidField(field, absl::StrCat("must not be negative (got ", value, ")"));
  return absl::OkStatus();
}

absl::Status CheckScale(absl::string_view field, const Scale& scale, bool allow_empty) {
  if (scale.levels.empty()) {
    return allow_empty ? absl::OkStatus() : InvalidField(absl::StrCat(field, ".levels"), "must list at least one level");
  }
  if (scale.levels.size() > 20) return InvalidField(absl::StrCat(field, ".levels"), "at most 20 levels");
  for (size_t i = 0; i < scale.levels.size(); ++i) {
    const ScaleLevel& l = scale.levels[i];
    std::string path = Path(field, ".levels", i);
    if (l.level != static_cast<int>(i) + 1) {
      return InvalidField(absl::StrCat(path, ".level"),
                          absl::StrCat("levels must be numbered 1..N in order; expected ", i + 1, ", got ",
                                       l.level));
    }
    RETURN_IF_ERROR(CheckName(absl::StrCat(path, ".name"), l.name));
    RETURN_IF_ERROR(CheckText(absl::StrCat(path, ".description"), l.description));
  }
  return absl::OkStatus();
}

absl::Status ValidateFrameworkShape(const Framework& f) {
  RETURN_IF_ERROR(CheckId("id", f.id));
  RETURN_IF_ERROR(CheckName("name", f.name));
  RETURN_IF_ERROR(CheckText("version", f.version, kMaxNameLength));
  RETURN_IF_ERROR(CheckText("description", f.description));
  RETURN_IF_ERROR(CheckText("source_uri", f.source_uri, kMaxUriLength));
  RETURN_IF_ERROR(CheckScale("scale", f.scale, /*allow_empty=*/false));
  std::unordered_set<std::string> area_ids, competence_ids;
  for (size_t a = 0; a < f.areas.size(); ++a) {
    const Area& area = f.areas[a];
    std::string ap = Path("", "areas", a);
    RETURN_IF_ERROR(CheckId(ap + ".id", area.id));
    if (!area_ids.insert(area.id).second) {
      return InvalidField(ap + ".id", absl::StrCat("area '", area.id, "' appears twice"));
    }
    RETURN_IF_ERROR(CheckName(ap + ".name", area.name));
    RETURN_IF_ERROR(CheckText(ap + ".description", area.description));
    for (size_t c = 0; c < area.competences.size(); ++c) {
      const Competence& comp = area.competences[c];
      std::string cp = Path(ap + ".", "competences", c);
      RETURN_IF_ERROR(CheckId(cp + ".id", comp.id));
      if (!competence_ids.insert(comp.id).second) {
        return InvalidField(cp + ".id", absl::StrCat("competence '", comp.id, "' appears twice"));
      }
      if (!comp.area_id.empty() && comp.area_id != area.id) {
        return InvalidField(cp + ".area_id",
                            absl::StrCat("'", comp.area_id, "' differs from the enclosing area '", area.id, "'"));
      }
      RETURN_IF_ERROR(CheckName(cp + ".name", comp.name));
      RETURN_IF_ERROR(CheckText(cp + ".description", comp.description));
      RETURN_IF_ERROR(CheckScale(cp + ".scale", comp.scale, /*allow_empty=*/true));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateOrgUnitShape(const OrgUnit& u) {
  RETURN_IF_ERROR(CheckId("id", u.id));
  RETURN_IF_ERROR(CheckOptionalId("parent_id", u.parent_id));
  if (u.parent_id == u.id) return InvalidField("parent_id", "a unit cannot be its own parent");
  return CheckName("name", u.name);
}

absl::Status ValidateRoleShape(const Role& r) {
  RETURN_IF_ERROR(CheckId("id", r.id));
  RETURN_IF_ERROR(CheckName("name", r.name));
  RETURN_IF_ERROR(CheckText("description", r.description));
  std::set<std::string> inherits;
  for (size_t i = 0; i < r.inherits_role_ids.size(); ++i) {
    std::string p = Path("", "inherits_role_ids", i);
    RETURN_IF_ERROR(CheckId(p, r.inherits_role_ids[i]));
    if (r.inherits_role_ids[i] == r.id) return InvalidField(p, "a role cannot inherit itself");
    if (!inherits.insert(r.inherits_role_ids[i]).second) {
      return InvalidField(p, absl::StrCat("role '", r.inherits_role_ids[i], "' appears twice"));
    }
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
    if (t.level < 1) return InvalidField(p + ".level", absl::StrCat("must be at least 1 (got ", t.level, ")"));
    RETURN_IF_ERROR(CheckNonNegative(p + ".weight", t.weight));
  }
  return absl::OkStatus();
}

absl::Status ValidatePersonShape(const Person& p) {
  RETURN_IF_ERROR(CheckId("id", p.id));
  RETURN_IF_ERROR(CheckName("name", p.name));
  RETURN_IF_ERROR(CheckText("email", p.email, 254));
  if (!p.email.empty()) {
    size_t at = p.email.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == p.email.size() || p.email.find('@', at + 1) != std::string::npos ||
        p.email.find_first_of(" \t\r\n") != std::string::npos) {
      return InvalidField("email", absl::StrCat("'", p.email, "' is not an e-mail address"));
    }
  }
  RETURN_IF_ERROR(CheckId("org_unit_id", p.org_unit_id));
  std::set<std::string> seen;
  for (size_t i = 0; i < p.role_ids.size(); ++i) {
    RETURN_IF_ERROR(CheckId(Path("", "role_ids", i), p.role_ids[i]));
    if (!seen.insert(p.role_ids[i]).second) {
      return InvalidField(Path("", "role_ids", i), absl::StrCat("role '", p.role_ids[i], "' appears twice"));
    }
  }
  seen.clear();
  for (size_t i = 0; i < p.manages_unit_ids.size(); ++i) {
    RETURN_IF_ERROR(CheckId(Path("", "manages_unit_ids", i), p.manages_unit_ids[i]));
    if (!seen.insert(p.manages_unit_ids[i]).second) {
      return InvalidField(Path("", "manages_unit_ids", i),
                          absl::StrCat("unit '", p.manages_unit_ids[i], "' appears twice"));
    }
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
  if (a.level < 0) return InvalidField("level", absl::StrCat("must not be negative (got ", a.level, ")"));
  RETURN_IF_ERROR(CheckOptionalId("assessor_id", a.assessor_id));
  if (a.expires_at && *a.expires_at <= a.assessed_at) {
    return InvalidField("expires_at", "must be after assessed_at");
  }
  RETURN_IF_ERROR(CheckText("note", a.note));
  return CheckText("evidence_uri", a.evidence_uri, kMaxUriLength);
}

absl::Status ValidateResourceShape(const LearningResource& r) {
  RETURN_IF_ERROR(CheckId("id", r.id));
  RETURN_IF_ERROR(CheckName("title", r.title));
  RETURN_IF_ERROR(CheckText("provider", r.provider, kMaxNameLength));
  if (r.mode < Mode::kElearning || r.mode > Mode::kMentoring) {
    return InvalidField("mode", "must be ELEARNING, CLASSROOM, WORKSHOP, ON_THE_JOB or MENTORING");
  }
  RETURN_IF_ERROR(CheckNonNegative("hours", r.hours));
  RETURN_IF_ERROR(CheckNonNegative("cost", r.cost));
  RETURN_IF_ERROR(CheckText("language", r.language, 35));
  RETURN_IF_ERROR(CheckText("url", r.url, kMaxUriLength));
  if (r.outcomes.empty()) return InvalidField("outcomes", "must list at least one outcome");
  std::set<std::string> seen;
  for (size_t i = 0; i < r.outcomes.size(); ++i) {
    const Outcome& o = r.outcomes[i];
    std::string p = Path("", "outcomes", i);
    RETURN_IF_ERROR(CheckId(p + ".competence_id", o.competence_id));
    if (!seen.insert(o.competence_id).second) {
      return InvalidField(p + ".competence_id", absl::StrCat("competence '", o.competence_id, "' appears twice"));
    }
    if (o.min_level < 0) return InvalidField(p + ".min_level", "must not be negative");
    if (o.reaches_level <= o.min_level) {
      return InvalidField(p + ".reaches_level", absl::StrCat("must be above min_level ", o.min_level, " (got ",
                                                             o.reaches_level, ")"));
    }
  }
  seen.clear();
  for (size_t i = 0; i < r.prerequisite_ids.size(); ++i) {
    std::string p = Path("", "prerequisite_ids", i);
    RETURN_IF_ERROR(CheckId(p, r.prerequisite_ids[i]));
    if (r.prerequisite_ids[i] == r.id) return InvalidField(p, "a resource cannot be its own prerequisite");
    if (!seen.insert(r.prerequisite_ids[i]).second) {
      return InvalidField(p, absl::StrCat("resource '", r.prerequisite_ids[i], "' appears twice"));
    }
  }
  seen.clear();
  for (size_t i = 0; i < r.sessions.size(); ++i) {
    const Session& s = r.sessions[i];
    std::string p = Path("", "sessions", i);
    RETURN_IF_ERROR(CheckId(p + ".id", s.id));
    if (!seen.insert(s.id).second) return InvalidField(p + ".id", absl::StrCat("session '", s.id, "' appears twice"));
    if (s.start == 0) return InvalidField(p + ".start", "must be set");
    if (s.end <= s.start) return InvalidField(p + ".end", "must be after start");
    if (s.capacity < 1) return InvalidField(p + ".capacity", absl::StrCat("must be at least 1 (got ", s.capacity, ")"));
    RETURN_IF_ERROR(CheckText(p + ".location", s.location, kMaxNameLength));
    RETURN_IF_ERROR(CheckNonNegative(p + ".fixed_cost", s.fixed_cost));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> FindCycle(const std::string& start,
                                                   const std::vector<std::string>& start_links,
                                                   const LinksFn& next) {
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

}  // namespace skillpath::core
