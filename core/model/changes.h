#pragma once
// What a committed batch of writes changed, as far as the read index cares.
// The storage layer records it while the writes run; the writer hands the
// batch's changes (of the writes that committed) to whoever keeps derived
// state, before any of those writes is acknowledged.

#include <set>
#include <string>
#include <vector>

#include "core/model/types.h"

namespace skillpath::core {

struct ChangeSet {
  bool frameworks = false;
  bool units = false;
  bool roles = false;
  bool catalog = false;
  bool plans = false;
  bool purged = false;  // assessments removed: derived state must be rebuilt
  std::set<std::string> people;         // upserted people
  std::vector<Assessment> assessments;  // appended, in recorded order
  std::set<std::string> tokens;         // tokens and sessions made, revoked or changed (ids)

  bool empty() const { return OnlyTokens() && tokens.empty(); }
  // Only tokens changed: nothing the read index holds.
  bool OnlyTokens() const {
    return !frameworks && !units && !roles && !catalog && !plans && !purged && people.empty() && assessments.empty();
  }
  void Merge(ChangeSet&& other) {
    frameworks |= other.frameworks;
    units |= other.units;
    roles |= other.roles;
    catalog |= other.catalog;
    plans |= other.plans;
    purged |= other.purged;
    people.merge(other.people);
    tokens.merge(other.tokens);
    assessments.insert(assessments.end(), std::make_move_iterator(other.assessments.begin()),
                       std::make_move_iterator(other.assessments.end()));
  }
};

}  // namespace skillpath::core
