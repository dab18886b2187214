#pragma once
// Internal to core/disclosure/disclosure*.cc: a count and its complement among the same
// people (with and without the requirement, met and unmet, holders and
// non-holders). Safe when each is 0 or at least the threshold.

namespace skillpath::core::disclosure {

struct Mass {
  int yes = 0, no = 0;
  Mass& operator+=(const Mass& o) {
    yes += o.yes;
    no += o.no;
    return *this;
  }
  Mass& operator-=(const Mass& o) {
    yes -= o.yes;
    no -= o.no;
    return *this;
  }
  friend Mass operator+(Mass a, const Mass& b) { return a += b; }
  int people() const { return yes + no; }
  bool Safe(int k) const { return (yes == 0 || yes >= k) && (no == 0 || no >= k); }
};

}  // namespace skillpath::core::disclosure
