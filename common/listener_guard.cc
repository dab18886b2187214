#include "common/listener_guard.h"

#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <grpcpp/server_posix.h>

#include "common/descriptors.h"

namespace skillpath::services {
namespace {

// This process's listening TCP sockets bound to `port`.
std::vector<int> ListeningSockets(int port) {
  std::vector<int> fds;
  DIR* dir = ::opendir("/proc/self/fd");
  if (!dir) return fds;
  const int own = ::dirfd(dir);
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    const int fd = std::atoi(entry->d_name);
    if (fd == own) continue;
    int listening = 0;
    socklen_t len = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening) continue;
    sockaddr_storage addr{};
    socklen_t alen = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0) continue;
    int bound = -1;
    if (addr.ss_family == AF_INET) bound = ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
    if (addr.ss_family == AF_INET6) bound = ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
    if (bound == port) fds.push_back(fd);
  }
  ::closedir(dir);
  return fds;
}

}  // namespace

GrpcListenerGuard::GrpcListenerGuard(grpc::Server& server, int port, Options options, std::function<void()> changed)
    : server_(server), options_(options), changed_(std::move(changed)), listen_fds_(ListeningSockets(port)) {
  if (listen_fds_.empty()) spdlog::warn("gRPC listener guard: no listening socket found for port {}", port);
  thread_ = std::thread([this] { Run(); });
}

GrpcListenerGuard::~GrpcListenerGuard() { Stop(); }

void GrpcListenerGuard::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool GrpcListenerGuard::Waiting(int timeout_ms) const {
  std::vector<pollfd> polls;
  for (int fd : listen_fds_) polls.push_back({fd, POLLIN, 0});
  if (polls.empty()) return false;
  return ::poll(polls.data(), polls.size(), timeout_ms) > 0;
}

bool GrpcListenerGuard::AcceptAll() {
  bool ok = true;
  for (int listen_fd : listen_fds_) {
    while (true) {
      const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd >= 0) {
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (options_.plaintext) {
          grpc::AddInsecureChannelFromFd(&server_, fd);
        } else {
          options_.relay->Adopt(fd);
        }
        continue;
      }
      if (errno == EINTR || errno == ECONNABORTED) continue;
      const int err = errno;
      if (OutOfDescriptors(err)) {
        ok = false;
        const int closed = spare_.DrainBacklog(listen_fd);
        spdlog::warn("gRPC accept failed: {} (closed {} waiting connections)", std::strerror(err), closed);
      }
      break;  // EAGAIN (nothing waits), or try again on the next round
    }
  }
  return ok;
}

void GrpcListenerGuard::Run() {
  int waiting_checks = 0;
  int tick = 0;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    lock.unlock();
    if (tick++ % 4 == 0) descriptors_low_ = CurrentDescriptorUse().low();
    bool pause = true;
    if (took_over_) {
      // The socket is ours: wait for clients here rather than in a sleep;
      // out of descriptors, pause before the next round.
      pause = Waiting(static_cast<int>(options_.interval.count())) && !AcceptAll();
    } else if (Waiting(0)) {
      if (++waiting_checks == options_.stuck_checks) {
        if (options_.plaintext || options_.relay) {
          spdlog::error(
              "gRPC's listener stopped accepting (grpc 1.51 gives up after an accept error such as EMFILE, "
              "grpc/grpc#20418); skillpathd accepts on the gRPC port itself from now on{}",
              options_.plaintext ? "" : " (and does the TLS itself)");
          took_over_ = true;
          AcceptAll();
        } else {
          spdlog::critical(
              "gRPC's listener is not accepting (grpc 1.51 gives up after an accept error such as EMFILE, "
              "grpc/grpc#20418) and the TLS port cannot be taken over: health is NOT_SERVING; restart skillpathd");
        }
      }
    } else {
      waiting_checks = 0;
    }
    accepting_ = took_over_ || waiting_checks < options_.stuck_checks;
    if (changed_) changed_();
    lock.lock();
    if (pause) cv_.wait_for(lock, took_over_ ? std::chrono::milliseconds(100) : options_.interval, [this] { return stop_; });
  }
}
}  // namespace skillpath::services
