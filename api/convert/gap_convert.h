#pragma once
// GapService's answers from core's results (core/gap, core/index and the
// figures-only forms of core/disclosure): indexes become ids through the
// snapshot's tables. In a figures-only form, withheld figures are sent as 0
// and marked.

#include <cstdint>
#include <optional>

#include "core/disclosure/disclosure.h"
#include "core/gap/gap.h"
#include "core/index/read_index.h"
#include "skillpath/v1/gap.pb.h"

namespace skillpath::services {

// A person's report: id, gaps in report order and the scores.
void ToProto(const core::PersonGapResult& result, const core::PersonState& person,
             const core::CompetenceTable& competences, v1::PersonGap* out);

// A team member's row of the heatmap.
void ToProto(const core::TeamRowResult& row, const core::PersonState& person, v1::TeamRow* out);
// A competence's coverage in a team, in full or figures only.
void ToProto(const core::CoverageResult& coverage, const core::CompetenceTable& competences,
             v1::CompetenceCoverage* out);
void ToProto(const core::AggregateCoverage& coverage, const core::CompetenceTable& competences,
             v1::CompetenceCoverage* out);

// A row of the organisation summary: `unit` (none: the whole organisation)
// and its figures, in full or figures only.
void ToProto(const core::UnitTable& units, std::optional<uint32_t> unit, const core::UnitTotals& totals,
             const core::CompetenceTable& competences, v1::UnitSummary* out);
void ToProto(const core::UnitTable& units, std::optional<uint32_t> unit, const core::AggregateUnitTotals& row,
             const core::CompetenceTable& competences, v1::UnitSummary* out);
void ToProto(const core::TopGapResult& top, const core::CompetenceTable& competences, v1::TopGap* out);

}  // namespace skillpath::services
