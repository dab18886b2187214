#pragma once
// Small entities the service tests build their organisations from, so each
// test file does not spell the same framework out again.
#include <string>

#include "skillpath/v1/framework.pb.h"

namespace skillpath::services::testing {

// Framework "fw" ("Digital omstilling") on a scale of `levels` levels with
// one area "pv" (Personvern) holding the competence "pv.gdpr" (GDPR).
inline v1::Framework PrivacyFramework(int levels) {
  v1::Framework f;
  f.set_id("fw");
  f.set_name("Digital omstilling");
  for (int l = 1; l <= levels; ++l) {
    auto* level = f.mutable_scale()->add_levels();
    level->set_level(l);
    level->set_name("Nivå " + std::to_string(l));
  }
  auto* area = f.add_areas();
  area->set_id("pv");
  area->set_name("Personvern");
  auto* c = area->add_competences();
  c->set_id("pv.gdpr");
  c->set_name("GDPR");
  return f;
}

}  // namespace skillpath::services::testing
