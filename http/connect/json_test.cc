// http/json prints what protobuf's own printer prints (with defaults),
// checked on random instances of every message of every .proto under
// proto/: both outputs are parsed as JSON and compared as values.
#include "http/connect/json.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <dirent.h>

#include <limits>
#include <random>

#include "skillpath/v1/gap.pb.h"

namespace skillpath::services {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

std::vector<const Descriptor*> AllMessages() {
  std::vector<const Descriptor*> out;
  const std::string dir = std::string(SKILLPATH_PROTO_DIR) + "/skillpath/v1";
  DIR* d = opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() < 7 || name.substr(name.size() - 6) != ".proto") continue;
    const auto* fd = google::protobuf::DescriptorPool::generated_pool()->FindFileByName("skillpath/v1/" + name);
    if (!fd) continue;
    for (int i = 0; i < fd->message_type_count(); ++i) out.push_back(fd->message_type(i));
  }
  closedir(d);
  return out;
}

class Filler {
 public:
  explicit Filler(uint32_t seed) : rng_(seed) {}

  void Fill(Message* m, int depth) {
    const Descriptor* d = m->GetDescriptor();
    if (d->full_name() == "google.protobuf.Timestamp") {
      auto* ts = static_cast<google::protobuf::Timestamp*>(m);
      ts->set_seconds(Pick<int64_t>({0, 1, 1780000000, 253402300799, 1700000000}));
      ts->set_nanos(Pick<int32_t>({0, 1000000, 123000, 5, 999999999}));
      return;
    }
    const auto* r = m->GetReflection();
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      if (rng_() % 3 == 0) continue;  // leave some at their default
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && depth >= 3) continue;
      const int n = f->is_repeated() ? static_cast<int>(rng_() % 4) : 1;
      for (int k = 0; k < n; ++k) Set(m, r, f, depth);
    }
  }

 private:
  template <typename T>
  T Pick(std::initializer_list<T> values) {
    auto it = values.begin();
    std::advance(it, rng_() % values.size());
    return *it;
  }

  void Set(Message* m, const google::protobuf::Reflection* r, const FieldDescriptor* f, int depth) {
    const bool rep = f->is_repeated();
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32: {
        int32_t v = Pick<int32_t>({0, 1, -1, 7, 2147483647, -2147483647 - 1, 42});
        rep ? r->AddInt32(m, f, v) : r->SetInt32(m, f, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_UINT32: {
        uint32_t v = Pick<uint32_t>({0, 1, 4294967295u});
        rep ? r->AddUInt32(m, f, v) : r->SetUInt32(m, f, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_INT64: {
        int64_t v = Pick<int64_t>({0, 1, -1, 9007199254740993LL, std::numeric_limits<int64_t>::min()});
        rep ? r->AddInt64(m, f, v) : r->SetInt64(m, f, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_UINT64: {
        uint64_t v = Pick<uint64_t>({0, 1, std::numeric_limits<uint64_t>::max()});
        rep ? r->AddUInt64(m, f, v) : r->SetUInt64(m, f, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_DOUBLE: {
        double v = Pick<double>({0.0, 0.1, -2.5, 1e21, 123456.789, 1.0 / 3, 5e-324,
                                 std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()});
        rep ? r->AddDouble(m, f, v) : r->SetDouble(m, f, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_FLOAT: {
        float v = Pick<float>({0.0f, 0.1f, -2.5f, 3.4e38f});
        rep ? r->AddFloat(m, f, v) : r->SetFloat(m, f, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_BOOL: {
        bool v = rng_() % 2;
        rep ? r->AddBool(m, f, v) : r->SetBool(m, f, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        const auto* e = f->enum_type();
        int v = e->value(static_cast<int>(rng_() % static_cast<uint32_t>(e->value_count())))->number();
        rep ? r->AddEnumValue(m, f, v) : r->SetEnumValue(m, f, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string v = Pick<std::string>({"", "Åse Ødegård", "quote\" back\\slash", std::string("ctrl\x01\x1f\n\t"),
                                           "emoji \xF0\x9F\x98\x80", "<b>&amp;</b>", "E1062", "do.personvern.grunnlag"});
        rep ? r->AddString(m, f, v) : r->SetString(m, f, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        Fill(rep ? r->AddMessage(m, f) : r->MutableMessage(m, f), depth + 1);
        break;
    }
  }

  std::mt19937 rng_;
};

google::protobuf::Value Parse(const std::string& json) {
  google::protobuf::Value v;
  auto s = google::protobuf::util::JsonStringToMessage(json, &v);
  EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << json;
  return v;
}

TEST(Json, PrintsWhatProtobufPrintsForEveryMessage) {
  const auto messages = AllMessages();
  ASSERT_GT(messages.size(), 50u);
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  int compared = 0;
  for (const Descriptor* d : messages) {
    const Message* prototype = google::protobuf::MessageFactory::generated_factory()->GetPrototype(d);
    for (uint32_t seed = 0; seed < 60; ++seed) {
      std::unique_ptr<Message> m(prototype->New());
      if (seed > 0) Filler(seed * 7919 + static_cast<uint32_t>(d->index())).Fill(m.get(), 0);
      std::string theirs;
      ASSERT_TRUE(google::protobuf::util::MessageToJsonString(*m, &theirs, options).ok());
      const std::string ours = ToJson(*m);
      google::protobuf::util::MessageDifferencer differ;
      std::string diff;
      differ.ReportDifferencesToString(&diff);
      ASSERT_TRUE(differ.Compare(Parse(theirs), Parse(ours)))
          << d->full_name() << " seed " << seed << "\nprotobuf: " << theirs << "\nours:     " << ours << "\n" << diff;
      ++compared;
    }
  }
  EXPECT_GT(compared, 3000);
}

TEST(Json, PrintsDefaultsAndNamesAsTheWebClientReadsThem) {
  v1::PersonGap gap;
  gap.set_person_id("E1062");
  auto* g = gap.add_gaps();
  g->set_competence_id("do.personvern.grunnlag");
  g->set_self_level(-1);
  EXPECT_EQ(ToJson(gap),
            "{\"personId\":\"E1062\",\"gaps\":[{\"competenceId\":\"do.personvern.grunnlag\",\"areaId\":\"\","
            "\"currentLevel\":0,\"targetLevel\":0,\"gap\":0,\"priority\":\"PRIORITY_UNSPECIFIED\",\"weight\":0,"
            "\"currentSource\":\"ASSESSMENT_SOURCE_UNSPECIFIED\",\"selfLevel\":-1,\"met\":false}],\"gapScore\":0,"
            "\"desiredGapScore\":0,\"requiredTotal\":0,\"requiredMet\":0,\"requiredMetRatio\":0}");
}

}  // namespace
}  // namespace skillpath::services
