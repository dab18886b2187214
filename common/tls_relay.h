#pragma once
// TLS for the gRPC connections skillpathd accepts itself, after grpc 1.51's
// own listener gave up (common/listener_guard.h, grpc/grpc#20418).
//
// grpc 1.51 can adopt an accepted descriptor only as an insecure channel
// (grpc::AddInsecureChannelFromFd). So for a TLS port the relay does the
// TLS handshake itself, with the port's certificate, key and, if given, the
// client CA it requires (the same checks grpc's own TLS makes; ALPN "h2" as
// gRPC clients expect), and hands the server one end of a socket pair; it
// copies the decrypted bytes between the two on its own thread. Nothing
// unencrypted leaves the process.
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace skillpath::services {

class TlsRelay {
 public:
  struct Files {
    std::string cert;       // PEM certificate chain
    std::string key;        // PEM private key
    std::string client_ca;  // PEM CA whose client certificates are required; empty: none asked
  };
  // Loads the files; an error names the file. `server` must outlive the relay.
  static absl::StatusOr<std::unique_ptr<TlsRelay>> Make(grpc::Server& server, const Files& files);
  ~TlsRelay();  // closes every relayed connection, joins the thread

  // Takes an accepted TCP connection (non-blocking): handshake, then relay.
  // A failed handshake (or one that takes over 10 s) closes it.
  void Adopt(int fd);

  struct Impl;  // common/tls_relay.cc

 private:
  explicit TlsRelay(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace skillpath::services
