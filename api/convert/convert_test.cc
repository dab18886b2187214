// Times between the wire and core: a Timestamp outside the API's range is
// refused (never overflowed into a plausible value), and a stored time
// outside Timestamp's range is shown clamped instead of failing a read.
#include "api/convert/convert.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <limits>

#include "core/rules/validation.h"

namespace skillpath::services {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;

constexpr core::Time kNow = 1767225600LL * 1000000;  // 2026-01-01

google::protobuf::Timestamp Seconds(int64_t s) {
  google::protobuf::Timestamp t;
  t.set_seconds(s);
  return t;
}

TEST(TimestampFromProto, SaturatesInsteadOfOverflowing) {
  // seconds * 10^6 would wrap around int64 and land on an ordinary date.
  const core::Time huge = FromProto(Seconds(std::numeric_limits<int64_t>::max()));
  const core::Time tiny = FromProto(Seconds(std::numeric_limits<int64_t>::min()));
  EXPECT_GT(huge, core::kMaxTime);
  EXPECT_LT(tiny, core::kMinTime);
  EXPECT_EQ(FromProto(Seconds(1767225600)), kNow);
}

TEST(TimestampFromProto, TheCheckedFormNamesTheField) {
  EXPECT_EQ(*FromProto("as_of", Seconds(1767225600)), kNow);
  for (int64_t s : {std::numeric_limits<int64_t>::max(), int64_t{253402300799}, int64_t{-62135596800}, int64_t{-1},
                    std::numeric_limits<int64_t>::min()}) {
    absl::StatusOr<core::Time> t = FromProto("as_of", Seconds(s));
    EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument) << s;
    EXPECT_THAT(std::string(t.status().message()), HasSubstr("as_of: must lie between 1970-01-01 and 2200-01-01"));
  }
  google::protobuf::Timestamp bad_nanos = Seconds(1767225600);
  bad_nanos.set_nanos(-1);
  EXPECT_THAT(std::string(FromProto("from", bad_nanos).status().message()), HasSubstr("from: nanos"));
  EXPECT_TRUE(CheckTimestamp("to", false, Seconds(std::numeric_limits<int64_t>::max())).ok()) << "unset is fine";
}

TEST(TimestampToProto, ClampsToWhatTimestampAndJsonCanHold) {
  for (core::Time t : {std::numeric_limits<core::Time>::max(), std::numeric_limits<core::Time>::min(),
                       core::Time{300000000000LL * 1000000}}) {
    google::protobuf::Timestamp out;
    ToProto(t, &out);
    EXPECT_TRUE(out.seconds() >= TimeUtil::kTimestampMinSeconds && out.seconds() <= TimeUtil::kTimestampMaxSeconds)
        << t;
    std::string json;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(out, &json).ok()) << t;
  }
  google::protobuf::Timestamp out;
  ToProto(kNow + 5, &out);
  EXPECT_EQ(out.seconds(), 1767225600);
  EXPECT_EQ(out.nanos(), 5000);
}

TEST(PlanOptionsFromProto, FillsDefaultsAndRefusesWhatIsOutOfRange) {
  v1::PlanOptions m;
  absl::StatusOr<core::PlanOptions> o = FromProto(m, kNow);
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->weekly_hours, 2);
  EXPECT_EQ(o->start, kNow);
  m.set_weekly_hours(1e-9);
  EXPECT_THAT(std::string(FromProto(m, kNow).status().message()), HasSubstr("options.weekly_hours"));
  m.set_weekly_hours(4);
  m.mutable_start()->set_seconds(std::numeric_limits<int64_t>::max());
  EXPECT_THAT(std::string(FromProto(m, kNow).status().message()), HasSubstr("options.start"));
  *m.mutable_start() = Seconds(253370764800);  // year 9999
  EXPECT_THAT(std::string(FromProto(m, kNow).status().message()), HasSubstr("options.start"));
  *m.mutable_start() = Seconds(1767225600 + 86400 * 30);
  EXPECT_TRUE(FromProto(m, kNow).ok());
}

}  // namespace
}  // namespace skillpath::services
