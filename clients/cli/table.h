#pragma once
// A plain text table for terminal output: columns padded to the widest cell,
// widths counted in characters (UTF-8 aware, so æ, ø and å line up).
#include <ostream>
#include <string>
#include <vector>

namespace skillpath::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  size_t size() const { return rows_.size(); }
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Characters (code points) in a UTF-8 string.
size_t DisplayWidth(const std::string& s);

}  // namespace skillpath::cli
