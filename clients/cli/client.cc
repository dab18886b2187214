#include "clients/cli/client.h"

#include <ctime>

#include "auth/oidc/fetch.h"
#include "clients/cli/login/credentials.h"
#include "clients/cli/login/flows.h"
#include "common/pem.h"

namespace skillpath::cli {

const char* CodeName(grpc::StatusCode c) {
  switch (c) {
    case grpc::OK: return "OK";
    case grpc::CANCELLED: return "CANCELLED";
    case grpc::UNKNOWN: return "UNKNOWN";
    case grpc::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::NOT_FOUND: return "NOT_FOUND";
    case grpc::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::ABORTED: return "ABORTED";
    case grpc::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::INTERNAL: return "INTERNAL";
    case grpc::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::DATA_LOSS: return "DATA_LOSS";
    case grpc::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

std::string ReadPemFile(const std::string& path, const std::string& flag) {
  absl::StatusOr<std::string> pem = common::ReadPemFile(path, flag);
  if (!pem.ok()) throw Failure{std::string(pem.status().message())};
  return *pem;
}

std::shared_ptr<grpc::Channel> Client::channel() {
  if (channel_) return channel_;
  if (options_.tls_ca.empty() && options_.tls_cert.empty()) {
    channel_ = grpc::CreateChannel(options_.server, grpc::InsecureChannelCredentials());
  } else {
    grpc::SslCredentialsOptions ssl;
    if (!options_.tls_ca.empty()) ssl.pem_root_certs = ReadPemFile(options_.tls_ca, "--tls-ca");
    if (!options_.tls_cert.empty()) {
      ssl.pem_cert_chain = ReadPemFile(options_.tls_cert, "--tls-cert");
      ssl.pem_private_key = ReadPemFile(options_.tls_key, "--tls-key");
    }
    channel_ = grpc::CreateChannel(options_.server, grpc::SslCredentials(ssl));
  }
  return channel_;
}

const std::string& Client::BearerToken() {
  if (token_resolved_) return token_;
  token_resolved_ = true;
  token_ = options_.token;
  if (!token_.empty()) return token_;
  absl::StatusOr<std::string> path = CredentialsPath();
  if (!path.ok()) return token_;
  absl::StatusOr<std::optional<Credentials>> stored = LoadCredentials(*path, options_.server);
  if (!stored.ok()) throw Failure{std::string(stored.status().message())};
  if (!*stored) return token_;
  Credentials credentials = **stored;
  const int64_t now = std::time(nullptr);
  if (credentials.expires_at != 0 && credentials.expires_at - 60 <= now) {
    absl::StatusOr<Credentials> fresh = Refresh(oidc::Fetcher(), credentials, now);
    if (!fresh.ok()) throw Failure{std::string(fresh.status().message())};
    if (absl::Status saved = SaveCredentials(*path, options_.server, *fresh); !saved.ok()) {
      throw Failure{std::string(saved.message())};
    }
    credentials = *std::move(fresh);
  }
  token_ = credentials.access_token;
  return token_;
}

void Check(const grpc::Status& s, const std::string& what) {
  if (s.ok()) return;
  std::string hint;
  if (s.error_code() == grpc::UNAVAILABLE) hint = " (is skillpathd running? see --server)";
  if (s.error_code() == grpc::UNAUTHENTICATED) hint = " (sign in with `skillpath login`, or give --token)";
  throw Failure{what + " failed: " + CodeName(s.error_code()) + ": " + s.error_message() + hint};
}

}  // namespace skillpath::cli
