#pragma once
// Keeps the gRPC port accepting (issue #10, item 6).
//
// grpc 1.51's listener gives up for good on the first accept4() error it
// does not know (src/core/lib/iomgr/tcp_server_posix.cc on_read: EMFILE
// "Too many open files" ends in `goto error`, and the socket is never polled
// again; grpc/grpc#20418, fixed only by grpc/grpc#33656 in 1.57). Once the
// process ran out of descriptors, the port still completes TCP handshakes
// (the kernel's backlog) but no call is ever served.
//
// The guard watches the listening socket: a connection that waits in the
// backlog over several checks means nobody accepts it. On a plaintext port it
// then takes over: it accepts on the same socket and hands each connection
// to the server (grpc::AddInsecureChannelFromFd), keeping a spare descriptor
// to accept-and-close while none is left. grpc 1.51 can adopt only insecure
// connections this way, so on a TLS port each connection goes through a
// common/tls_relay.h relay, which does the TLS itself.
// It also tracks descriptor use (common/descriptors.h).

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/descriptors.h"
#include "common/tls_relay.h"

namespace skillpath::services {

class GrpcListenerGuard {
 public:
  struct Options {
    std::chrono::milliseconds interval{250};
    int stuck_checks = 4;  // checks in a row with a connection waiting
    bool plaintext = true;
    // A TLS port: the relay for the connections the guard accepts; without
    // one the guard only reports the port as not accepting.
    TlsRelay* relay = nullptr;
  };
  // Finds `port`'s listening sockets among this process's descriptors and
  // starts watching them. `changed` runs on the guard's thread after every
  // check (to update health). `server` must outlive Stop().
  GrpcListenerGuard(grpc::Server& server, int port, Options options, std::function<void()> changed);
  ~GrpcListenerGuard();  // Stop()s.

  // Ends the watch; before the server shuts down (it closes the sockets).
  void Stop();

  // False while connections wait that nobody accepts.
  bool accepting() const { return accepting_; }
  // True after the guard took the port over from grpc's listener.
  bool took_over() const { return took_over_; }
  bool descriptors_low() const { return descriptors_low_; }

 private:
  void Run();
  bool Waiting(int timeout_ms) const;  // a connection waits on a listening socket
  // Accepts every waiting connection; false when out of descriptors.
  bool AcceptAll();

  grpc::Server& server_;
  const Options options_;
  std::function<void()> changed_;
  std::vector<int> listen_fds_;
  SpareDescriptor spare_;  // only the guard's thread uses it
  std::atomic<bool> accepting_{true};
  std::atomic<bool> took_over_{false};
  std::atomic<bool> descriptors_low_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace skillpath::services
