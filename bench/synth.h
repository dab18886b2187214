#pragma once
// A deterministic generator of synthetic organisations for benchmarks: one
// framework of 60 competences in 6 areas (a few on an own 0-8 scale), 40
// roles (4 base roles inherited by the rest), a unit tree of sectors,
// departments of 1,000 people and units of 25, people with one or two roles,
// and several assessments per person and target competence from every
// source (some expired). The same size and seed give the same organisation.

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/types.h"

namespace skillpath::bench {

struct SyntheticOrg {
  core::Framework framework;
  std::vector<core::OrgUnit> units;  // parents before children
  std::vector<core::Role> roles;     // inherited roles first
  std::vector<core::Person> people;
  std::vector<core::Assessment> assessments;  // in recorded order
  std::string department;  // a unit with 1,000 people in its subtree
  std::vector<core::LearningResource> catalogue;  // prerequisites first
};

// `resources`: the size of the learning catalogue (the design's reference
// is 500): e-learning, classroom and workshop (with dated sessions),
// on-the-job and mentoring, each raising one or two competences from a
// min_level, a fifth with a prerequisite.
SyntheticOrg MakeSyntheticOrg(int people, uint64_t seed = 20261129, int resources = 500);

// The id of the i-th synthetic person.
std::string SyntheticPersonId(int i);

}  // namespace skillpath::bench
