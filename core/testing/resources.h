#pragma once
// A learning resource as core's tests write one: the fields every test sets
// (id, title, mode, hours, outcomes); a test sets the others on the result.
#include <string>
#include <utility>
#include <vector>

#include "core/model/types.h"

namespace skillpath::core::testing {

inline LearningResource Resource(std::string id, std::string title, Mode mode, double hours,
                                 std::vector<Outcome> outcomes = {}) {
  LearningResource r;
  r.id = std::move(id);
  r.title = std::move(title);
  r.mode = mode;
  r.hours = hours;
  r.outcomes = std::move(outcomes);
  return r;
}

}  // namespace skillpath::core::testing
