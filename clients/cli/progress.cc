#include "clients/cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace skillpath::cli {

Progress::Progress(std::ostream& out, bool enabled, Clock clock)
    : out_(out), enabled_(enabled), clock_(std::move(clock)), start_(clock_()), last_(start_) {}

std::string Progress::Line(size_t sent, size_t total, double seconds) {
  char buf[160];
  const double percent = total == 0 ? 100.0 : 100.0 * static_cast<double>(sent) / static_cast<double>(total);
  const double rate = seconds > 0 ? static_cast<double>(sent) / seconds : 0;
  std::snprintf(buf, sizeof buf, "read %zu rows, sent %zu (%.0f%%), %.0f rows/s", total, sent, percent, rate);
  return buf;
}

void Progress::Sent(size_t sent, size_t total) {
  if (!enabled_) return;
  const auto now = clock_();
  if (now - last_ < std::chrono::seconds(1)) return;
  last_ = now;
  Print(Line(sent, total, std::chrono::duration<double>(now - start_).count()));
}

void Progress::Waiting(size_t total) {
  if (!enabled_ || !printed_) return;
  Print("read " + std::to_string(total) + " rows, sent all; waiting for the server to commit the last batch");
}

void Progress::Done() {
  if (!enabled_ || !printed_) return;
  out_ << "\n" << std::flush;
  printed_ = false;
}

void Progress::Print(const std::string& line) {
  out_ << "\r" << line;
  if (line.size() < width_) out_ << std::string(width_ - line.size(), ' ');
  out_ << std::flush;
  width_ = line.size();
  printed_ = true;
}

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

}  // namespace skillpath::cli
