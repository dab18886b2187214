#pragma once
// The demo data files of db/seed/demo/, compiled in by CMake (seed_data.cc.in).
#include <string_view>
#include <vector>

namespace skillpath::services {

struct SeedFile {
  std::string_view path;  // relative to db/seed/, e.g. "demo/people.json"
  std::string_view content;
};

const std::vector<SeedFile>& SeedFiles();

}  // namespace skillpath::services
