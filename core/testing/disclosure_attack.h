#pragma once
// Test support (core and service tests): a differencing adversary against
// the answers an AGGREGATE token got. It knows who is in every group it
// asked about (the organisation chart is no secret) and, to judge what it
// learnt, the true figures of every person. Every released figure is a sum
// of per-person unknowns; the adversary tries
//  - every figure on its own,
//  - every difference of two figures where one's unknowns contain the other's,
//  - every figure minus all its largest contained figures (parent minus its
//    released children, total minus rows, area minus its competences),
//  - and, by Gaussian elimination, every block of unknowns (unknowns that
//    occur in exactly the same figures) that some combination of figures
//    isolates,
// and reports each derived figure that concerns 1..k-1 people: people whose
// unknown in it is not zero. mean_gap counts as the sum of the cells' gaps
// (the adversary knows who has a target, so the cells, from the roles). Knowledge it has for free: a person has no,
// a met or an unmet requirement (so people = none + met + unmet per
// competence), and is or is not a holder at a bar.
//
// Header-only, no test framework: Attack() returns the findings.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace skillpath::core::attack {

// The true figures, per person and competence.
struct Truth {
  int people = 0;
  int competences = 0;
  std::vector<int> area_of;                    // per competence
  std::vector<std::vector<int>> required;      // REQUIRED target, 0 if none
  std::vector<std::vector<int>> desired;       // DESIRED entry's target (only when above required), 0 if none
  std::vector<std::vector<int>> level;         // effective level
  std::vector<std::vector<double>> weighted;   // weighted gap of the REQUIRED entry
  std::vector<std::vector<int>> cell_gap;      // the cell's gap (REQUIRED entry, else DESIRED), 0 if no target
};

// One group an answer was about and which of its figures were shown.
struct Seen {
  std::string name;
  std::vector<int> people;
  struct Coverage {
    int competence = 0;
    bool required = false, met = false, holders = false, mean_gap = false;
  };
  std::vector<Coverage> coverage;  // team view
  bool totals = false;             // required_total, required_met, gap_score
  std::vector<int> areas;          // area rows shown
  std::vector<int> top_gaps;       // competences with people_with_gap and total_weighted_gap
};

class Adversary {
 public:
  Adversary(const Truth& truth, int k) : t_(truth), k_(k) {}

  std::vector<std::string> Attack(const std::vector<Seen>& seen) {
    for (const Seen& s : seen) Add(s);
    std::vector<std::string> findings;
    auto report = [&](const std::string& what, const Bits& b) {
      const int n = Contributors(b);
      if (n > 0 && n < k_) findings.push_back(what + ": " + std::to_string(n) + " people");
    };
    for (size_t r = 0; r < rows_.size(); ++r) report(labels_[r], rows_[r]);
    // Differences of nested figures.
    for (size_t a = 0; a < rows_.size(); ++a) {
      std::vector<size_t> inside;
      for (size_t b = 0; b < rows_.size(); ++b) {
        if (a == b || !Subset(rows_[b], rows_[a]) || rows_[b] == rows_[a]) continue;
        inside.push_back(b);
        report(labels_[a] + " - " + labels_[b], Minus(rows_[a], rows_[b]));
      }
      // Minus its largest contained figures, when they do not overlap.
      std::vector<size_t> largest;
      for (size_t b : inside) {
        bool maximal = true;
        for (size_t c : inside) maximal = maximal && !(c != b && Subset(rows_[b], rows_[c]) && rows_[b] != rows_[c]);
        if (maximal) largest.push_back(b);
      }
      Bits rest = rows_[a];
      bool disjoint = !largest.empty();
      std::string what = labels_[a];
      for (size_t b : largest) {
        if (!Subset(rows_[b], rest)) disjoint = false;
        rest = Minus(rest, rows_[b]);
        what += " - " + labels_[b];
      }
      if (disjoint) report(what, rest);
    }
    Eliminate(report);
    std::sort(findings.begin(), findings.end());
    findings.erase(std::unique(findings.begin(), findings.end()), findings.end());
    return findings;
  }

 private:
  using Bits = std::vector<uint64_t>;

  int Unknown(int person, double value) {
    owner_.push_back(person);
    value_.push_back(value);
    return static_cast<int>(owner_.size()) - 1;
  }
  // Unknowns of a person: one (1), and per competence none/met/unmet and
  // the weighted gap; holders at a bar made on demand.
  void MakeUnknowns() {
    if (!one_.empty() || t_.people == 0) return;
    for (int p = 0; p < t_.people; ++p) {
      one_.push_back(Unknown(p, 1));
      std::vector<array4> cats;
      for (int c = 0; c < t_.competences; ++c) {
        const bool req = t_.required[p][c] > 0;
        const bool met = req && t_.level[p][c] >= t_.required[p][c];
        cats.push_back({Unknown(p, !req), Unknown(p, req && met), Unknown(p, req && !met), Unknown(p, t_.weighted[p][c])});
      }
      cat_.push_back(cats);
    }
  }
  std::pair<int, int> Holder(int p, int c, int bar) {
    auto key = std::make_tuple(p, c, bar);
    auto it = holders_.find(key);
    if (it != holders_.end()) return it->second;
    const bool h = bar > 0 && t_.level[p][c] >= bar;
    auto v = std::make_pair(Unknown(p, h), Unknown(p, !h));
    holders_[key] = v;
    return v;
  }
  int CellGap(int p, int c) {
    auto key = std::make_pair(p, c);
    auto it = cell_gaps_.find(key);
    if (it != cell_gaps_.end()) return it->second;
    return cell_gaps_[key] = Unknown(p, t_.cell_gap[p][c]);
  }
  void Row(const std::string& label, const std::vector<int>& unknowns) {
    pending_.push_back({label, unknowns});
  }
  void Add(const Seen& s) {
    MakeUnknowns();
    const std::string g = s.name;
    std::vector<int> u;
    for (int p : s.people) u.push_back(one_[p]);
    Row("people(" + g + ")", u);
    for (int c = 0; c < t_.competences; ++c) {
      u.clear();
      for (int p : s.people) u.insert(u.end(), {cat_[p][c][0], cat_[p][c][1], cat_[p][c][2]});
      Row("people(" + g + ")", u);
    }
    auto sum = [&](const std::string& label, const std::vector<int>& competences, std::vector<int> parts) {
      std::vector<int> v;
      for (int p : s.people) {
        for (int c : competences) {
          for (int part : parts) v.push_back(cat_[p][c][part]);
        }
      }
      Row(label + "(" + g + ")", v);
    };
    for (const Seen::Coverage& cov : s.coverage) {
      const std::string c = "c" + std::to_string(cov.competence);
      if (cov.required) sum("required_count " + c, {cov.competence}, {1, 2});
      if (cov.met) sum("met_count " + c, {cov.competence}, {1});
      if (cov.mean_gap && !t_.cell_gap.empty()) {
        std::vector<int> gaps;
        for (int p : s.people) gaps.push_back(CellGap(p, cov.competence));
        Row("cell gaps " + c + "(" + g + ")", gaps);
      }
      if (cov.holders) {
        int highest_required = 0, highest_desired = 0;
        for (int p : s.people) {
          highest_required = std::max(highest_required, t_.required[p][cov.competence]);
          highest_desired = std::max(highest_desired, t_.desired[p][cov.competence]);
        }
        const int bar = highest_required > 0 ? highest_required : highest_desired;
        std::vector<int> h, all;
        for (int p : s.people) {
          auto [yes, no] = Holder(p, cov.competence, bar);
          h.push_back(yes);
          all.insert(all.end(), {yes, no});
        }
        Row("holders " + c + "@" + std::to_string(bar) + "(" + g + ")", h);
        Row("people(" + g + ")", all);
      }
    }
    std::vector<int> every;
    for (int c = 0; c < t_.competences; ++c) every.push_back(c);
    if (s.totals) {
      sum("required_total", every, {1, 2});
      sum("required_met", every, {1});
      sum("gap_score", every, {3});
    }
    for (int a : s.areas) {
      std::vector<int> in;
      for (int c = 0; c < t_.competences; ++c) {
        if (t_.area_of[c] == a) in.push_back(c);
      }
      const std::string area = " a" + std::to_string(a);
      sum("required_total" + area, in, {1, 2});
      sum("required_met" + area, in, {1});
      sum("gap_score" + area, in, {3});
    }
    for (int c : s.top_gaps) {
      sum("people_with_gap c" + std::to_string(c), {c}, {2});
      sum("total_weighted_gap c" + std::to_string(c), {c}, {3});
    }
    Flush();
  }
  void Flush() {
    const size_t words = (owner_.size() + 63) / 64;
    for (Bits& r : rows_) r.resize(words, 0);
    for (auto& [label, unknowns] : pending_) {
      Bits b(words, 0);
      for (int x : unknowns) b[static_cast<size_t>(x) / 64] |= uint64_t{1} << (x % 64);
      if (std::find(rows_.begin(), rows_.end(), b) != rows_.end()) continue;
      rows_.push_back(b);
      labels_.push_back(label);
    }
    pending_.clear();
  }
  static bool Subset(const Bits& a, const Bits& b) {
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i] & ~b[i]) return false;
    }
    return true;
  }
  static Bits Minus(const Bits& a, const Bits& b) {
    Bits out(a.size());
    for (size_t i = 0; i < a.size(); ++i) out[i] = a[i] & ~b[i];
    return out;
  }
  int Contributors(const Bits& b) {
    seen_.resize(static_cast<size_t>(t_.people), 0);
    ++stamp_;
    int n = 0;
    for (size_t w = 0; w < b.size(); ++w) {
      for (uint64_t bits = b[w]; bits; bits &= bits - 1) {
        const size_t x = w * 64 + static_cast<size_t>(__builtin_ctzll(bits));
        if (value_[x] == 0) continue;
        int64_t& mark = seen_[static_cast<size_t>(owner_[x])];
        if (mark != stamp_) mark = stamp_, ++n;
      }
    }
    return n;
  }
  // Blocks of unknowns in the same figures; those some combination of
  // figures isolates (a pivot whose reduced row has nothing else).
  template <typename Report>
  void Eliminate(Report&& report) {
    std::map<std::vector<uint32_t>, std::vector<size_t>> by_rows;
    for (size_t x = 0; x < owner_.size(); ++x) {
      std::vector<uint32_t> in;
      for (size_t r = 0; r < rows_.size(); ++r) {
        if (rows_[r][x / 64] >> (x % 64) & 1) in.push_back(static_cast<uint32_t>(r));
      }
      if (!in.empty()) by_rows[in].push_back(x);
    }
    std::vector<std::vector<size_t>> blocks;
    std::map<size_t, size_t> block_of;
    for (auto& [in, xs] : by_rows) {
      for (size_t x : xs) block_of[x] = blocks.size();
      blocks.push_back(xs);
    }
    std::set<std::vector<uint8_t>> distinct;
    for (const Bits& r : rows_) {
      std::vector<uint8_t> v(blocks.size(), 0);
      for (size_t x = 0; x < owner_.size(); ++x) {
        if (r[x / 64] >> (x % 64) & 1) v[block_of[x]] = 1;
      }
      distinct.insert(v);
    }
    std::vector<std::vector<double>> m;
    for (const auto& v : distinct) m.emplace_back(v.begin(), v.end());
    const size_t cols = blocks.size();
    size_t rank = 0;
    std::vector<size_t> pivot_col;
    for (size_t c = 0; c < cols && rank < m.size(); ++c) {
      size_t best = rank;
      for (size_t r = rank; r < m.size(); ++r) {
        if (std::fabs(m[r][c]) > std::fabs(m[best][c])) best = r;
      }
      if (std::fabs(m[best][c]) < 1e-9) continue;
      std::swap(m[rank], m[best]);
      const double d = m[rank][c];
      for (double& e : m[rank]) e /= d;
      for (size_t r = 0; r < m.size(); ++r) {
        if (r == rank || std::fabs(m[r][c]) < 1e-12) continue;
        const double f = m[r][c];
        for (size_t j = c; j < cols; ++j) m[r][j] -= f * m[rank][j];
      }
      pivot_col.push_back(c);
      ++rank;
    }
    for (size_t i = 0; i < rank; ++i) {
      bool alone = true;
      for (size_t j = 0; j < cols && alone; ++j) alone = j == pivot_col[i] || std::fabs(m[i][j]) < 1e-9;
      if (!alone) continue;
      Bits b((owner_.size() + 63) / 64, 0);
      std::string what = "isolated block {";
      for (size_t x : blocks[pivot_col[i]]) b[x / 64] |= uint64_t{1} << (x % 64);
      // Name it by the figures it is in.
      for (auto& [in, xs] : by_rows) {
        if (xs == blocks[pivot_col[i]]) {
          for (size_t k = 0; k < in.size() && k < 3; ++k) what += (k ? ", " : "") + labels_[in[k]];
          if (in.size() > 3) what += ", ...";
        }
      }
      report(what + "}", b);
    }
  }

  using array4 = std::array<int, 4>;
  const Truth& t_;
  int k_;
  std::vector<int> owner_;
  std::vector<double> value_;
  std::vector<int> one_;
  std::vector<std::vector<array4>> cat_;  // none, met, unmet, weighted gap
  std::map<std::tuple<int, int, int>, std::pair<int, int>> holders_;
  std::map<std::pair<int, int>, int> cell_gaps_;
  std::vector<std::pair<std::string, std::vector<int>>> pending_;
  std::vector<Bits> rows_;
  std::vector<std::string> labels_;
  std::vector<int64_t> seen_;
  int64_t stamp_ = 0;
};

}  // namespace skillpath::core::attack
