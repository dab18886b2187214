// The JSON side of the HTTP/Connect gateway (http/http_gateway.cc):
// bytes parsed with protobuf's JsonStringToMessage into a skillpath.v1
// message (the first byte picks which: every request and response type of
// every method), printed with http/connect/json.cc's ToJson (what the gateway
// answers with), parsed back. The round trip must give the same message
// and print the same text again; anything else, or a crash, is a finding.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "http/connect/json.h"

namespace {

using google::protobuf::Descriptor;

// Sorted by full name, so that a seed's first byte keeps its meaning while
// the protos keep their types.
std::vector<const Descriptor*> MessageTypes() {
  std::set<std::string> names;
  std::map<std::string, const Descriptor*> types;
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (absl::string_view file : absl::StrSplit(SKILLPATH_PROTO_FILES, ',')) {
    const auto* fd = pool->FindFileByName(std::string(file));
    if (!fd) {
      std::fprintf(stderr, "%s is not linked in\n", std::string(file).c_str());
      std::abort();
    }
    for (int s = 0; s < fd->service_count(); ++s) {
      for (int m = 0; m < fd->service(s)->method_count(); ++m) {
        const auto* method = fd->service(s)->method(m);
        types[method->input_type()->full_name()] = method->input_type();
        types[method->output_type()->full_name()] = method->output_type();
      }
    }
  }
  std::vector<const Descriptor*> out;
  for (const auto& [name, type] : types) out.push_back(type);
  return out;
}

[[noreturn]] void Finding(const char* what, const std::string& type, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "%s for %s:\n  first:  %s\n  second: %s\n", what, type.c_str(), a.c_str(), b.c_str());
  std::abort();
}

}  // namespace

// SKILLPATH_FUZZ_LIST_TYPES=1 prints which first byte picks which type (for
// writing seeds: fuzz/corpus/json/README).
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (std::getenv("SKILLPATH_FUZZ_LIST_TYPES")) {
    const std::vector<const Descriptor*> types = MessageTypes();
    for (size_t i = 0; i < types.size(); ++i) std::printf("%zu %s\n", i, types[i]->full_name().c_str());
    std::exit(0);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<const Descriptor*> types = MessageTypes();
  if (size < 1 || types.empty()) return 0;
  const Descriptor* type = types[data[0] % types.size()];
  const std::string json(reinterpret_cast<const char*>(data) + 1, size - 1);
  const google::protobuf::Message* prototype = google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
  std::unique_ptr<google::protobuf::Message> first(prototype->New());
  google::protobuf::util::JsonParseOptions parse;
  parse.ignore_unknown_fields = false;  // as the gateway parses
  if (!google::protobuf::util::JsonStringToMessage(json, first.get(), parse).ok()) return 0;

  const std::string printed = skillpath::services::ToJson(*first);
  std::unique_ptr<google::protobuf::Message> second(prototype->New());
  const auto back = google::protobuf::util::JsonStringToMessage(printed, second.get(), parse);
  if (!back.ok()) Finding("ToJson printed JSON that does not parse back", type->full_name(), printed,
                          std::string(back.message()));
  if (!google::protobuf::util::MessageDifferencer::Equals(*first, *second)) {
    Finding("the message changed in the JSON round trip", type->full_name(), first->ShortDebugString(),
            second->ShortDebugString());
  }
  const std::string again = skillpath::services::ToJson(*second);
  if (again != printed) Finding("ToJson is not stable", type->full_name(), printed, again);
  return 0;
}
