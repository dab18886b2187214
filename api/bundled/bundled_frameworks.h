#pragma once
// The competence frameworks skillpath ships (db/seed/frameworks/*.json,
// compiled in by CMake from bundled_frameworks.cc.in): the KS
// digital-transformation areas, DigComp 2.2 and e-CF 3.0, installable into
// any database with FrameworkService.InstallFramework (`skillpath framework
// install NAME`). Each is a skillpath.v1.Framework in JSON; `id` is its
// file's name and the framework's id.
#include <string_view>
#include <vector>

namespace skillpath::bundled {

struct BundledFramework {
  std::string_view id;    // e.g. "digcomp-2.2"
  std::string_view json;  // a skillpath.v1.Framework
};

// In id order.
const std::vector<BundledFramework>& Frameworks();

}  // namespace skillpath::bundled
