#pragma once
// Progress of a long `skillpath import` on standard error: one line,
// rewritten in place at most once a second, saying how many rows of the
// file were read and sent and how fast. Only for a terminal (isatty): in a
// log or a pipe the line would be noise, so there it prints nothing, nor
// with --json. Short imports finish before the first second and print
// nothing either.
#include <chrono>
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

namespace skillpath::cli {

class Progress {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // `enabled` false: every call is a no-op. `clock` is replaceable in tests.
  Progress(std::ostream& out, bool enabled, Clock clock = std::chrono::steady_clock::now);

  // `sent` of the file's `total` rows have been sent; prints when a second
  // has passed since the last line (or since the start).
  void Sent(size_t sent, size_t total);
  // Every row is sent; the server is committing the last batch.
  void Waiting(size_t total);
  // Ends the line, if one was printed, so what follows starts clean.
  void Done();

  // The line Sent prints (without the leading '\r'), for tests.
  static std::string Line(size_t sent, size_t total, double seconds);

 private:
  std::ostream& out_;
  const bool enabled_;
  Clock clock_;
  std::chrono::steady_clock::time_point start_, last_;
  bool printed_ = false;
  size_t width_ = 0;  // of the last line, to blank out what a shorter one leaves
  void Print(const std::string& line);
};

// Whether standard error is a terminal.
bool StderrIsTerminal();

}  // namespace skillpath::cli
