#pragma once
// The one place where wire types (skillpath.v1 protobuf) and core types meet.
// FromProto copies what a client sent; ToProto fills a message from stored
// data. Timestamps are microseconds in core/ (unset Timestamp <-> 0).

#include "absl/status/statusor.h"
#include "core/currency/plan_currency.h"
#include "core/model/auth.h"
#include "core/model/types.h"
#include "core/plan/demand.h"
#include "core/plan/planner.h"
#include "skillpath/v1/auth.pb.h"
#include "skillpath/v1/common.pb.h"
#include "skillpath/v1/org.pb.h"
#include "skillpath/v1/plan.pb.h"

namespace skillpath::services {

// Saturates outside Timestamp's range (never overflows); what it returns is
// still checked by core/rules/validation.h where a time is stored.
core::Time FromProto(const google::protobuf::Timestamp& t);
// A time a request gives (as_of, from, to, expires_at): INVALID_ARGUMENT
// naming `field` outside core::kMinTime..kMaxTime (1970..2200).
absl::StatusOr<core::Time> FromProto(absl::string_view field, const google::protobuf::Timestamp& t);
// The same check for an optional field (fine when `has` is false).
absl::Status CheckTimestamp(absl::string_view field, bool has, const google::protobuf::Timestamp& t);
// Clamps to Timestamp's range, so no stored time fails a read.
void ToProto(core::Time t, google::protobuf::Timestamp* out);

core::Scale FromProto(const v1::Scale& m);
core::Framework FromProto(const v1::Framework& m);
core::OrgUnit FromProto(const v1::OrgUnit& m);
core::Role FromProto(const v1::Role& m);
core::Person FromProto(const v1::Person& m);
core::Assessment FromProto(const v1::Assessment& m);
core::LearningResource FromProto(const v1::LearningResource& m);
core::PositionRule FromProto(const v1::PositionRule& m);
core::WorkCalendarSettings FromProto(const v1::WorkCalendar& m);

void ToProto(const core::Scale& s, v1::Scale* out);
void ToProto(const core::Framework& f, v1::Framework* out);
void ToProto(const core::OrgUnit& u, v1::OrgUnit* out);
void ToProto(const core::Role& r, v1::Role* out);
void ToProto(const core::Person& p, v1::Person* out);
void ToProto(const core::Assessment& a, v1::Assessment* out);
void ToProto(const core::LearningResource& r, v1::LearningResource* out);
void ToProto(const core::PositionRule& r, v1::PositionRule* out);
void ToProto(const core::WorkCalendarSettings& c, v1::WorkCalendar* out);

// Plan options with the defaults filled in (weekly_hours 2, start `now`);
// INVALID_ARGUMENT naming the field for a bad value.
absl::StatusOr<core::PlanOptions> FromProto(const v1::PlanOptions& m, core::Time now);
void ToProto(const core::PlanOptions& o, v1::PlanOptions* out);
void ToProto(const core::PlanStep& s, v1::PlanStep* out);
void ToProto(const core::LearningPlan& p, v1::LearningPlan* out);
void ToProto(const core::PlanComment& c, v1::PlanComment* out);
// Adds whether the plan `out` holds (filled from the same core plan) still
// fits its person: the steps' no_longer_needed, out_of_date, not_enough.
void ToProto(const core::PlanCurrency& c, v1::LearningPlan* out);
// The allocation only when `with_allocation` (a budget was given).
void ToProto(const core::DemandResult& d, bool with_allocation, v1::TrainingDemand* out);
void ToProto(const core::TokenRecord& t, v1::TokenInfo* out);  // never the secret's hash
void ToProto(const core::AuditEvent& e, v1::AuditEvent* out);

}  // namespace skillpath::services
