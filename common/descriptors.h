#pragma once
// File descriptors as a resource the listeners share (issue #10, item 6):
// how many are in use against the limit, a default cap on connections per
// port derived from that limit, and the spare descriptor that lets a
// listener accept-and-close when the process has none left — so clients
// waiting in the backlog are told (their connection closes) instead of
// hanging, and the listener is not left spinning on EMFILE.

#include <cstddef>

namespace skillpath::services {

struct DescriptorUse {
  size_t open = 0;   // entries in /proc/self/fd
  size_t limit = 0;  // the soft RLIMIT_NOFILE
  // Nearly out: fewer than an eighth (at least 16) left.
  bool low() const { return limit > 0 && open + Reserve(limit) >= limit; }
  static size_t Reserve(size_t limit) { return limit / 8 < 16 ? 16 : limit / 8; }
};
DescriptorUse CurrentDescriptorUse();

// The default cap on connections of one port: a quarter of the open-file
// limit (at least 16), so one port's idle clients cannot take every
// descriptor from the other port, the database and grpc's own.
int DefaultConnectionLimit();

// True for the accept errors that mean "no descriptor left" (EMFILE, ENFILE).
bool OutOfDescriptors(int err);

// One descriptor held in reserve (/dev/null). DrainBacklog gives it up,
// accepts and closes every connection waiting on `listen_fd` (a non-blocking
// listening socket), and takes it back. Thread-compatible: one owner.
class SpareDescriptor {
 public:
  SpareDescriptor();
  ~SpareDescriptor();
  SpareDescriptor(const SpareDescriptor&) = delete;
  SpareDescriptor& operator=(const SpareDescriptor&) = delete;

  // Returns how many connections were closed.
  int DrainBacklog(int listen_fd);

 private:
  int fd_ = -1;
};

}  // namespace skillpath::services
