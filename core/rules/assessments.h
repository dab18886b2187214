#pragma once
// The write rules of assessments, an append-only history: one recorded at a
// time (RecordAssessment) or a batch of an import (RecordAssessmentBatch),
// which checks each row exactly as RecordAssessment does but looks up what
// the rows refer to without a query per row. Both run inside the caller's
// transaction (see core/rules/commands.h for the error conventions).

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/model/types.h"
#include "core/ports/repository.h"

namespace skillpath::core {

struct IndexSnapshot;

// Checks an assessment against the stored data without writing it.
// `now` fills an unset assessed_at and bounds it (no assessment from the future).
absl::Status CheckAssessment(Repositories& repos, Assessment& assessment, Time now);
// Appends an assessment. Recording the same id again with the same content
// returns the stored one (a safe retry); with other content it is ALREADY_EXISTS.
absl::StatusOr<Assessment> RecordAssessment(Repositories& repos, Assessment assessment, Time now);

// Appends `rows` (an import batch) in order, each as RecordAssessment
// would, and sets `results` to one status per row: OK for a row stored (or
// stored before with the same content), INVALID_ARGUMENT or ALREADY_EXISTS
// for a row refused, of which nothing is written. Each row's assessed_at is
// filled in as RecordAssessment fills it.
//
// `index`, if not null, must show the database as this transaction found
// it (db::Writer::SubmitAlone runs a job so): a person it knows is not
// looked up in storage. Everything else that is looked up (people the index
// does not know, competences) is asked once per batch. An error return is a
// storage failure: the caller rolls the batch back as a whole.
absl::Status RecordAssessmentBatch(Repositories& repos, const IndexSnapshot* index, std::vector<Assessment>& rows,
                                   Time now, std::vector<absl::Status>& results);

}  // namespace skillpath::core
