// The import's progress line (clients/cli/progress.h): at most one a
// second, rewritten in place, ended once; nothing when disabled.
#include "clients/cli/progress.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace skillpath::cli {
namespace {

using ::testing::HasSubstr;
using Time = std::chrono::steady_clock::time_point;

TEST(Progress, PrintsAtMostOnceASecondInPlaceAndEndsTheLineOnce) {
  Time now{};
  std::ostringstream out;
  Progress p(out, true, [&] { return now; });
  p.Sent(1000, 500000);  // at the start: nothing yet
  now += std::chrono::milliseconds(400);
  p.Sent(40000, 500000);
  EXPECT_EQ(out.str(), "") << "under a second: a short import prints nothing";
  now += std::chrono::milliseconds(600);
  p.Sent(100000, 500000);
  EXPECT_EQ(out.str(), "\rread 500000 rows, sent 100000 (20%), 100000 rows/s");
  now += std::chrono::milliseconds(500);
  p.Sent(150000, 500000);
  EXPECT_EQ(out.str().find("150000"), std::string::npos) << "half a second after the last line";
  now += std::chrono::milliseconds(500);
  p.Sent(200000, 500000);
  EXPECT_THAT(out.str(), HasSubstr("\rread 500000 rows, sent 200000 (40%), 100000 rows/s"));
  p.Waiting(500000);
  EXPECT_THAT(out.str(), HasSubstr("\rread 500000 rows, sent all; waiting for the server"));
  p.Done();
  p.Done();
  const std::string text = out.str();
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << "one line, rewritten";
  EXPECT_EQ(std::count(text.begin(), text.end(), '\r'), 3);
}

TEST(Progress, AShorterLineBlanksWhatTheLongerOneLeft) {
  Time now{};
  std::ostringstream out;
  Progress p(out, true, [&] { return now; });
  now += std::chrono::seconds(1);
  p.Sent(1000000, 1000000);
  const size_t first = out.str().size() - 1;  // without the '\r'
  now += std::chrono::seconds(1);
  out.str("");
  p.Sent(5, 1000000);
  EXPECT_EQ(out.str().size() - 1, first) << "padded with spaces to the old width";
}

TEST(Progress, DisabledPrintsNothing) {
  Time now{};
  std::ostringstream out;
  Progress p(out, false, [&] { return now; });
  for (int i = 0; i < 5; ++i) {
    now += std::chrono::seconds(2);
    p.Sent(static_cast<size_t>(i) * 1000, 5000);
  }
  p.Waiting(5000);
  p.Done();
  EXPECT_EQ(out.str(), "");
}

TEST(Progress, NothingPrintedMeansNothingToEnd) {
  std::ostringstream out;
  Progress p(out, true);
  p.Waiting(10);
  p.Done();
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace skillpath::cli
