#include "common/descriptors.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace skillpath::services {

DescriptorUse CurrentDescriptorUse() {
  DescriptorUse use;
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    use.limit = static_cast<size_t>(limit.rlim_cur);
  }
  if (DIR* dir = ::opendir("/proc/self/fd")) {
    while (const dirent* entry = ::readdir(dir)) {
      if (entry->d_name[0] != '.') ++use.open;
    }
    ::closedir(dir);
    if (use.open > 0) --use.open;  // the directory's own descriptor
  } else if (OutOfDescriptors(errno)) {
    use.open = use.limit;  // not even one left to look
  }
  return use;
}

int DefaultConnectionLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 16384;
  const rlim_t quarter = limit.rlim_cur / 4;
  return quarter < 16 ? 16 : quarter > (1 << 20) ? (1 << 20) : static_cast<int>(quarter);
}

bool OutOfDescriptors(int err) { return err == EMFILE || err == ENFILE; }

SpareDescriptor::SpareDescriptor() : fd_(::open("/dev/null", O_RDONLY | O_CLOEXEC)) {}

SpareDescriptor::~SpareDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

int SpareDescriptor::DrainBacklog(int listen_fd) {
  // A blocking socket would wait here for the next client: only drain what
  // is already queued.
  const int flags = ::fcntl(listen_fd, F_GETFL);
  if (flags < 0 || (flags & O_NONBLOCK) == 0) return 0;
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  int closed = 0;
  while (true) {
    const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      break;  // EAGAIN: the backlog is empty; EMFILE: even the spare went elsewhere
    }
    ::close(fd);
    ++closed;
  }
  fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  return closed;
}

}  // namespace skillpath::services
