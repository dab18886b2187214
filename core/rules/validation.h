#pragma once
// Shape checks on input that need no stored data. Every failure is
// INVALID_ARGUMENT with a message "<field>: <problem>", the field written as
// a path into the request (e.g. "areas[1].competences[0].id").

#include <functional>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/model/auth.h"
#include "core/model/errors.h"
#include "core/model/types.h"

namespace skillpath::core {

inline constexpr size_t kMaxIdLength = 128;
inline constexpr size_t kMaxNameLength = 200;
inline constexpr size_t kMaxTextLength = 4000;
inline constexpr size_t kMaxUriLength = 2048;
inline constexpr size_t kMaxEmailLength = 254;

// The ranges of numbers and times the API accepts (each field's proto
// comment repeats its range). They are far beyond any real value and keep
// every sum and schedule the server computes from them finite and inside
// google.protobuf.Timestamp's range, so nothing stored can make a later read
// fail.
inline constexpr double kMaxHours = 10000;        // a resource's hours; max_hours
inline constexpr double kMaxCost = 1e9;           // cost, fixed_cost, max_cost, budget (NOK)
inline constexpr double kMaxWeight = 100;         // a target's weight
inline constexpr double kMinWeeklyHours = 0.5;    // plan options' weekly_hours (0: the default)
inline constexpr double kMaxWeeklyHours = 60;
inline constexpr int kMaxCapacity = 10000;        // seats of a session
inline constexpr int kMaxScaleLevels = 20;        // so every level lies in 0..20
// Stored times lie between 1970-01-01 and 2200-01-01 (UTC).
inline constexpr Time kMinTime = 0;
inline constexpr Time kMaxTime = 7258118400LL * 1000000;
// A plan starts at most a year before and ten years after now.
inline constexpr Time kMaxPlanStartBefore = 366LL * 86400 * 1000000;
inline constexpr Time kMaxPlanStartAfter = 3653LL * 86400 * 1000000;

// 1..kMaxIdLength characters of [A-Za-z0-9._:-], at least one of them a
// letter or digit (so "." and ".." are no ids: they read as paths).
absl::Status CheckId(absl::string_view field, absl::string_view id);
// Like CheckId, but an empty value is fine (an optional reference).
absl::Status CheckOptionalId(absl::string_view field, absl::string_view id);
// Non-empty (after trimming spaces), at most `max_length` bytes, valid UTF-8,
// one line: no control character at all.
absl::Status CheckName(absl::string_view field, absl::string_view name, size_t max_length = kMaxNameLength);
// May be empty; at most `max_length` bytes, valid UTF-8, one line (no control
// character: C0, DEL or C1).
absl::Status CheckLine(absl::string_view field, absl::string_view text, size_t max_length = kMaxNameLength);
// May be empty; at most `max_length` bytes, valid UTF-8; control characters
// other than TAB, LF and CR are refused (a NUL cuts strings short in C
// tools, escapes rewrite terminals).
absl::Status CheckText(absl::string_view field, absl::string_view text, size_t max_length = kMaxTextLength);
// A finite number >= 0.
absl::Status CheckNonNegative(absl::string_view field, double value);
// A finite number in [min, max].
absl::Status CheckRange(absl::string_view field, double value, double min, double max);
// A time in [kMinTime, kMaxTime].
absl::Status CheckTime(absl::string_view field, Time t);
// May be empty; else an addr-spec local@domain: a dot-atom local part, a
// domain of at least two dot-separated labels of letters, digits and '-'
// (or non-ASCII letters, for internationalised names), nothing that could
// be markup or a header (no spaces, <>"(),;:[]\ or control characters).
absl::Status CheckEmail(absl::string_view field, absl::string_view email);
// May be empty; else an absolute http:// or https:// URL with a host, made
// of URL characters only (no spaces, quotes, <> or control characters).
// With `allow_internal`, also the server's own "skillpath:" references
// (plan evidence: "skillpath:plan/<id>/step/<seq>").
absl::Status CheckUrl(absl::string_view field, absl::string_view url, bool allow_internal = false);
// Levels numbered 1..N in order with names; empty allowed only if `allow_empty`.
// `language` is the framework's: no translation may be in it.
absl::Status CheckScale(absl::string_view field, const Scale& scale, bool allow_empty, absl::string_view language = "");
// Each translation in a language of its own (not `own_language`), with a name.
absl::Status CheckTranslations(absl::string_view field, const std::vector<Translation>& translations,
                               absl::string_view own_language);

absl::Status ValidateFrameworkShape(const Framework& framework);
absl::Status ValidateOrgUnitShape(const OrgUnit& unit);
absl::Status ValidateRoleShape(const Role& role);
absl::Status ValidatePersonShape(const Person& person);
absl::Status ValidatePositionRuleShape(const PositionRule& rule);
absl::Status ValidateAssessmentShape(const Assessment& assessment);
absl::Status ValidateResourceShape(const LearningResource& resource);
// Plan options after defaults are filled in (weekly_hours, start): fields
// are named "options.<field>".
struct PlanOptions;
absl::Status ValidatePlanOptions(const PlanOptions& options, Time now);

// Follows `next` (the parents of a node: a unit's parent, a role's inherited
// roles, a resource's prerequisites) from `start`'s proposed links. Returns
// the path start -> ... -> start when following them leads back to `start`,
// or an empty vector when it does not.
using LinksFn = std::function<absl::StatusOr<std::vector<std::string>>(const std::string&)>;
absl::StatusOr<std::vector<std::string>> FindCycle(const std::string& start,
                                                   const std::vector<std::string>& start_links,
                                                   const LinksFn& next);

// Checks a token record to be stored: grant set; a person for EMPLOYEE and
// MANAGER (whose scope is that person, or the units they manage); expiry
// after creation.
absl::Status ValidateTokenRecord(const TokenRecord& token);

}  // namespace skillpath::core
