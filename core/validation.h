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
#include "core/types.h"

namespace skillpath::core {

inline constexpr size_t kMaxIdLength = 128;
inline constexpr size_t kMaxNameLength = 200;
inline constexpr size_t kMaxTextLength = 4000;
inline constexpr size_t kMaxUriLength = 2048;

absl::Status InvalidField(absl::string_view field, absl::string_view problem);

// 1..kMaxIdLength characters of [A-Za-z0-9._:-].
absl::Status CheckId(absl::string_view field, absl::string_view id);
// Like CheckId, but an empty value is fine (an optional reference).
absl::Status CheckOptionalId(absl::string_view field, absl::string_view id);
// Non-empty (after trimming spaces), at most `max_length` bytes, valid UTF-8.
absl::Status CheckName(absl::string_view field, absl::string_view name, size_t max_length = kMaxNameLength);
// May be empty; at most `max_length` bytes, valid UTF-8.
absl::Status CheckText(absl::string_view field, absl::string_view text, size_t max_length = kMaxTextLength);
// A finite number >= 0.
absl::Status CheckNonNegative(absl::string_view field, double value);
// Levels numbered 1..N in order with names; empty allowed only if `allow_empty`.
absl::Status CheckScale(absl::string_view field, const Scale& scale, bool allow_empty);

absl::Status ValidateFrameworkShape(const Framework& framework);
absl::Status ValidateOrgUnitShape(const OrgUnit& unit);
absl::Status ValidateRoleShape(const Role& role);
absl::Status ValidatePersonShape(const Person& person);
absl::Status ValidateAssessmentShape(const Assessment& assessment);
absl::Status ValidateResourceShape(const LearningResource& resource);

// Follows `next` (the parents of a node: a unit's parent, a role's inherited
// roles, a resource's prerequisites) from `start`'s proposed links. Returns
// the path start -> ... -> start when following them leads back to `start`,
// or an empty vector when it does not.
using LinksFn = std::function<absl::StatusOr<std::vector<std::string>>(const std::string&)>;
absl::StatusOr<std::vector<std::string>> FindCycle(const std::string& start,
                                                   const std::vector<std::string>& start_links,
                                                   const LinksFn& next);

}  // namespace skillpath::core
