#pragma once
// The services and methods of every .proto file under proto/skillpath/v1,
// found through the generated descriptor pool, so a test over "every
// method" cannot miss a new one. For test targets that define
// SKILLPATH_PROTO_DIR (the proto/ folder of the source tree).
#include <dirent.h>
#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#ifndef SKILLPATH_PROTO_DIR
#error "testing/proto_services.h needs SKILLPATH_PROTO_DIR defined by the test target"
#endif

namespace skillpath::services::testing {

// Every service of every .proto file under proto/skillpath/v1; a file that
// is not linked into the test fails it.
inline std::vector<const google::protobuf::ServiceDescriptor*> OurServices() {
  std::vector<const google::protobuf::ServiceDescriptor*> out;
  const std::string dir = std::string(SKILLPATH_PROTO_DIR) + "/skillpath/v1";
  DIR* d = opendir(dir.c_str());
  EXPECT_NE(d, nullptr) << dir;
  if (!d) return out;
  std::vector<std::string> files;
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() > 6 && name.substr(name.size() - 6) == ".proto") files.push_back("skillpath/v1/" + name);
  }
  closedir(d);
  for (const std::string& file : files) {
    const auto* fd = google::protobuf::DescriptorPool::generated_pool()->FindFileByName(file);
    EXPECT_NE(fd, nullptr) << file << " is not linked into the server";
    for (int s = 0; fd && s < fd->service_count(); ++s) out.push_back(fd->service(s));
  }
  return out;
}

// Every method of those services.
inline std::vector<const google::protobuf::MethodDescriptor*> AllMethods() {
  std::vector<const google::protobuf::MethodDescriptor*> out;
  for (const auto* service : OurServices()) {
    for (int m = 0; m < service->method_count(); ++m) out.push_back(service->method(m));
  }
  return out;
}

}  // namespace skillpath::services::testing
