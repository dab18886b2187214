#pragma once
// The plain domain types of skillpath (see DESIGN.md, "Domain model"). They
// carry no behaviour beyond small accessors and know nothing of protobuf,
// gRPC or SQL; api/convert/ converts to and from the wire types, db/ to rows.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace skillpath::core {

// Microseconds since the Unix epoch, UTC. core/ never reads the clock: the
// caller passes "now" in.
using Time = int64_t;
inline constexpr Time kMicrosPerSecond = 1000000;

// A name and description in a language other than the framework's own
// (issue #13): what a client shows in that language, falling back to the
// framework's text (marked as being in the framework's language).
struct Translation {
  std::string language;  // a BCP 47 tag: "nb", "nn", "en", "se", "en-GB"
  std::string name;
  std::string description;  // empty: none in this language
};

struct ScaleLevel {
  int level = 0;
  std::string name;
  std::string description;
  std::vector<Translation> translations;
};

struct Scale {
  std::vector<ScaleLevel> levels;  // 1..N in order
  int Top() const { return static_cast<int>(levels.size()); }
  bool empty() const { return levels.empty(); }
};

struct Competence {
  std::string id;
  std::string area_id;
  std::string name;
  std::string description;
  Scale scale;  // empty: the framework's
  std::string source_uri;  // where it comes from (a CASE item's uri); empty: none
  std::vector<Translation> translations;
};

struct Area {
  std::string id;
  std::string name;
  std::string description;
  std::vector<Competence> competences;
  std::string source_uri;  // as Competence::source_uri
  std::vector<Translation> translations;
};

struct Framework {
  std::string id;
  std::string name;
  std::string version;
  std::string description;
  std::string source_uri;
  Scale scale;
  std::vector<Area> areas;
  std::string language;  // of its names and descriptions (a BCP 47 tag); empty: not said
  std::vector<Translation> translations;
};

struct OrgUnit {
  std::string id;
  std::string parent_id;  // empty: a root
  std::string name;
  // The person who leads it, as the HR system says (they then manage it);
  // may name someone not yet imported. Empty: none.
  std::string manager_id;
};

// Where a role assignment or a managed unit comes from, as bits (a role
// may be given by hand and by a rule at once). An assignment lives while
// any bit is set.
enum Origin : int {
  kByHand = 1,      // the API or the CLI: AssignRole, UpsertPerson
  kFromImport = 2,  // the roles column of a people import
  kFromRule = 4,    // a position rule
  kFromData = 8,    // managed units: a unit's or a person's manager_id
};

struct Person {
  std::string id;
  std::string name;
  std::string email;
  std::string org_unit_id;
  std::vector<std::string> role_ids;
  std::vector<std::string> manages_unit_ids;
  bool active = true;
  std::string position;    // a position code or title from the HR system
  std::string manager_id;  // the person's own manager; empty: none
  // The Origin bits of role_ids[i] / manages_unit_ids[i]; a list shorter
  // than its ids (as callers that set only the ids leave it) means kByHand
  // for the rest.
  std::vector<int> role_origins;
  std::vector<int> manages_origins;
  // Hours a week the person learns (issue #14: part-time staff); 0: the
  // plan's default. A plan asked for without weekly_hours takes these.
  double weekly_hours = 0;
  // The person's own settings (issue #15): the language of what skillpath
  // sends them ("nb" or "en"; empty: bokmål) and whether it e-mails them.
  // Person writes leave them as they are; SetNotificationSettings sets them.
  std::string language;
  bool email_notifications = true;

  int RoleOrigins(size_t i) const { return i < role_origins.size() ? role_origins[i] : kByHand; }
  int ManagesOrigins(size_t i) const { return i < manages_origins.size() ? manages_origins[i] : kByHand; }
};

// Roles by position (issue #13): a person whose position equals `position`
// (without regard to case), or matches `pattern` (a glob: * any run, ? one
// character, without regard to case), gets `role_ids`.
struct PositionRule {
  std::string id;
  std::string position;
  std::string pattern;
  std::string description;
  std::vector<std::string> role_ids;
};

enum class Priority { kUnspecified = 0, kRequired = 1, kDesired = 2 };

struct Target {
  std::string competence_id;
  int level = 0;
  Priority priority = Priority::kUnspecified;
  double weight = 0;  // 0 means 1
};

struct Role {
  std::string id;
  std::string name;
  std::string description;
  std::vector<std::string> inherits_role_ids;
  std::vector<Target> targets;
};

enum class Source { kUnspecified = 0, kSelf = 1, kManager = 2, kEvidence = 3, kCertification = 4 };

struct Assessment {
  std::string id;
  std::string person_id;
  std::string competence_id;
  int level = 0;
  Source source = Source::kUnspecified;
  std::string assessor_id;
  Time assessed_at = 0;  // 0: when recorded
  std::optional<Time> expires_at;
  std::string note;
  std::string evidence_uri;
};

enum class Mode { kUnspecified = 0, kElearning = 1, kClassroom = 2, kWorkshop = 3, kOnTheJob = 4, kMentoring = 5 };

struct Outcome {
  std::string competence_id;
  int min_level = 0;
  int reaches_level = 0;
};

struct Session {
  std::string id;
  Time start = 0;
  Time end = 0;
  int capacity = 0;
  std::string location;
  double fixed_cost = 0;
};

struct LearningResource {
  std::string id;
  std::string title;
  std::string provider;
  Mode mode = Mode::kUnspecified;
  double hours = 0;
  double cost = 0;
  std::string language;
  std::string url;
  std::vector<Outcome> outcomes;
  std::vector<std::string> prerequisite_ids;
  std::vector<Session> sessions;
};

}  // namespace skillpath::core
