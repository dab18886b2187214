// skillpathd: the skillpath server. Flags as in DESIGN.md's command-line
// contract; `skillpathd backup` copies a live database.

#include <google/protobuf/util/time_util.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "auth/tokens.h"
#include "cmd/skillpathd/mail_flags.h"
#include "cmd/skillpathd/sign_in_flags.h"
#include "cmd/skillpathd/token_admin.h"
#include "db/open.h"
#include "db/sqlite/database.h"
#include "demo/demo_seed.h"
#include "server/server.h"
#include "skillpath/v1/auth.grpc.pb.h"

namespace {

using skillpath::services::Server;
using skillpath::services::ServerOptions;

// Seeds an empty database with the demo municipality and its users'
// tokens, through the API with a short-lived ADMIN token that is revoked
// afterwards; prints the demo users' tokens (kept next to the database).
bool SetUpDemo(Server& server, const ServerOptions& options) {
  namespace sv = skillpath::services;
  auto seeder = sv::MintToken(skillpath::core::Grant::kAdmin, "", options.now() + 3600LL * 1000000,
                              "demo seeding (revoked when done)", options.now());
  absl::Status s = seeder.ok() ? server.writer().RunAndWait([&](skillpath::core::Repositories& repos) {
    return repos.access.PutToken(seeder->record);
  })
                               : seeder.status();
  if (!s.ok()) {
    spdlog::critical("cannot make the demo seeding token: {}", s.ToString());
    return false;
  }
  auto channel = server.InProcessChannel(seeder->token);
  // Kept beside an SQLite file; a PostgreSQL database has no such place.
  const bool on_file = !skillpath::db::IsPostgresAddress(options.db_path);
  const std::string tokens_path = on_file ? sv::DemoTokensPath(options.db_path) : "";
  auto revoke = [&] {
    grpc::ClientContext ctx;
    skillpath::v1::RevokeTokenRequest req;
    req.set_id(seeder->record.id);
    skillpath::v1::TokenInfo revoked;
    grpc::Status r = skillpath::v1::AuthService::NewStub(channel)->RevokeToken(&ctx, req, &revoked);
    if (!r.ok()) spdlog::error("the demo seeding token {} could not be revoked: {}", req.id(), r.error_message());
  };
  auto empty = sv::DatabaseIsEmpty(channel);
  absl::StatusOr<sv::SeedCounts> counts;
  absl::StatusOr<std::vector<sv::DemoToken>> made;
  if (empty.ok() && *empty) {
    spdlog::info("seeding the demo municipality \"Eksempel kommune\"...");
    counts = sv::SeedDemo(channel);
    made = counts.ok() ? sv::CreateDemoTokens(channel) : counts.status();
  }
  revoke();  // whatever happened: the seeding token has done its work
  if (!empty.ok()) {
    spdlog::critical("cannot inspect the database: {}", empty.status().ToString());
    return false;
  }
  std::vector<sv::DemoToken> tokens;
  if (*empty) {
    if (!made.ok()) {
      spdlog::critical("demo seed failed: {}", made.status().ToString());
      return false;
    }
    spdlog::info("demo seeded: {} frameworks, {} org units, {} roles, {} people, {} resources, {} assessments",
                 counts->frameworks, counts->org_units, counts->roles, counts->people, counts->resources,
                 counts->assessments);
    tokens = std::move(*made);
    if (!on_file) {
      spdlog::info("demo tokens are shown only now (a PostgreSQL database has no file beside it to keep them in)");
    } else if (absl::Status w = sv::WriteDemoTokens(tokens_path, tokens); !w.ok()) {
      spdlog::error("demo tokens not saved ({}); they are shown only now", w.ToString());
    }
  } else {
    spdlog::info("--demo: the database already holds data; not seeding");
    auto read = on_file ? sv::ReadDemoTokens(tokens_path) : absl::NotFoundError("no file");
    if (read.ok()) tokens = std::move(*read);
  }
  if (tokens.empty()) {
    spdlog::info("no demo tokens on file ({}); make one with: skillpathd token create --db {} --grant ...",
                 on_file ? tokens_path : "none for PostgreSQL", on_file ? options.db_path : "postgresql://...");
    return true;
  }
  server.SetDemoUsers([tokens](const std::function<bool(const std::string&)>& usable) {
    std::vector<sv::DemoToken> live;
    for (const sv::DemoToken& t : tokens) {
      if (usable(t.token)) live.push_back(t);
    }
    return sv::DemoUsersJson(live);
  });
  // Standard output, so `./dev run` shows them; each call needs
  // `--token TOKEN` (CLI) or `authorization: Bearer TOKEN` (gRPC).
  std::printf("\nDemo users (tokens kept in %s):\n", on_file ? tokens_path.c_str() : "no file: shown only now");
  for (const sv::DemoToken& t : tokens) {
    std::printf("  %-9s %-6s %s\n            %s\n", t.grant.c_str(), t.person_id.c_str(), t.description.c_str(),
                t.token.c_str());
  }
  std::printf("\n");
  std::fflush(stdout);
  return true;
}

// Files this process makes hold personal data (the database, its -wal and
// -shm, backups, the demo tokens, the pseudonym salt inside): owner only.
void RestrictNewFiles() { ::umask(077); }

// Descriptors are connections: use all the hard limit allows (the soft one is
// often 1024), so a burst of clients does not starve the listeners.
void RaiseDescriptorLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  const rlim_t before = limit.rlim_cur;
  limit.rlim_cur = limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &limit) == 0) {
    spdlog::info("open-file limit raised from {} to {}", before, limit.rlim_cur);
  }
}

// Files made before the umask above (or by another tool) may be readable by
// other local users: name each one and its mode.
void WarnLooseModes(const ServerOptions& options) {
  if (skillpath::db::IsPostgresAddress(options.db_path)) return;  // no local files
  const std::string db = options.db_path;
  for (const std::string& path : {db, db + "-wal", db + "-shm", skillpath::services::DemoTokensPath(db)}) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || (st.st_mode & 077) == 0) continue;
    spdlog::warn(
        "{} has mode {:04o}: other local users can read it (personal data, the pseudonym salt); "
        "chmod 600 {}",
        path, st.st_mode & 07777, path);
  }
}

int Serve(const ServerOptions& options, bool demo) {
  RaiseDescriptorLimit();
  WarnLooseModes(options);
  auto started = Server::Start(options);
  if (!started.ok()) {
    spdlog::critical("cannot start: {}", started.status().ToString());
    return 1;
  }
  std::unique_ptr<Server> server = std::move(*started);
  spdlog::info("database {}", skillpath::db::Describe(options.db_path));

  if (demo && !SetUpDemo(*server, options)) return 1;

  spdlog::info("gRPC listening on {}", server->address());
  spdlog::info("gRPC transport: {}", options.tls_cert_file.empty()        ? "plaintext (loopback or --allow-insecure)"
                                     : options.tls_client_ca_file.empty() ? "TLS"
                                                                          : "TLS with client certificates");
  if (!server->http_address().empty()) {
    spdlog::info("HTTP listening on {} (web client from {})", server->http_address(),
                 options.web_root.empty() ? "nowhere: no --web-root" : options.web_root);
  }

  boost::asio::io_context io;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {} received: draining calls in flight (up to {} ms), then closing the database", signal,
                 options.drain_deadline.count());
    server->Shutdown();
  });
  io.run();
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  RestrictNewFiles();
  auto logger = spdlog::stderr_color_mt("skillpathd");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");

  CLI::App app{"skillpathd - the skillpath competence and learning-path server"};
  app.set_config("--config", "", "Read options from a TOML or INI file");
  ServerOptions options;
  std::string http = "127.0.0.1:8080";
  std::string log_level = "info";
  bool demo = false;
  int drain_ms = 10000;
  app.add_option("--db", options.db_path,
                 "SQLite database file, or a PostgreSQL connection URI (postgresql://user@host1,host2/db?"
                 "target_session_attrs=read-write)")
      ->capture_default_str();
  app.add_option("--listen", options.listen, "gRPC address HOST:PORT (port 0 picks a free port)")
      ->capture_default_str();
  app.add_option("--http", http, "HTTP address HOST:PORT for the web client and JSON API ('off': none)")
      ->capture_default_str();
  app.add_option("--web-root", options.web_root,
                 "Directory of the web client's files (default: the installed or source tree's clients/web)");
  app.add_flag("--demo", demo, "Seed the demo municipality into an empty database");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error, critical or off")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  app.add_option("--tls-cert", options.tls_cert_file, "PEM certificate (chain) for the gRPC port");
  app.add_option("--tls-key", options.tls_key_file, "PEM private key for --tls-cert");
  app.add_option("--tls-client-ca", options.tls_client_ca_file,
                 "PEM CA: require clients to present a certificate it signed");
  app.add_flag("--allow-insecure", options.allow_insecure,
               "Allow plaintext gRPC on a non-loopback address (trusted network or behind a TLS proxy)");
  // A whole number with its default shown in --help, refused outside [lo, hi].
  auto bounded = [&app](const std::string& name, auto& value, const std::string& help, int lo, int hi) {
    app.add_option(name, value, help)->capture_default_str()->check(CLI::Range(lo, hi));
  };
  bounded("--retention-years", options.retention_years,
          "Purge assessments older than this many years, daily (0: keep all)", 0, 100);
  bounded("--min-group-size", options.min_group_size,
          "Figures for AGGREGATE tokens rest on at least this many people, also combined (docs/PRIVACY.md)", 1, 1000);
  bounded("--audit-retention-days", options.audit_retention_days,
          "Purge audit entries older than this many days, daily (0: keep all; default 5 years)", 0, 36525);
  bounded("--max-http-connections", options.max_http_connections,
          "HTTP connections open at most; more are closed at once (0: a quarter of the open-file limit)", 0, 1 << 20);
  bounded("--drain-ms", drain_ms, "On SIGTERM, how long calls in flight may take to finish", 0, 600000);
  skillpath::services::SignInFlags sign_in;
  skillpath::services::AddSignInFlags(app, sign_in);
  skillpath::services::MailFlags mail;
  skillpath::services::AddMailFlags(app, mail);

  std::string backup_db, backup_to;
  CLI::App* backup = app.add_subcommand("backup", "Copy a live database consistently (SQLite online backup)");
  backup->add_option("--db", backup_db, "Database to copy")->required();
  backup->add_option("--to", backup_to, "File to write the copy to")->required();

  // Token administration on the database file (see DESIGN.md's command lines).
  CLI::App* token = app.add_subcommand("token", "API tokens: create, list, revoke");
  std::string token_db, grant, person, expires, description, token_id;
  CLI::App* token_create = token->add_subcommand("create", "Make a token; prints only the token");
  token_create->add_option("--db", token_db, "Database file or PostgreSQL URI")->required();
  token_create->add_option("--grant", grant, "EMPLOYEE, MANAGER, HR, ADMIN or AGGREGATE")->required();
  token_create->add_option("--person", person, "The person it belongs to (required for EMPLOYEE and MANAGER)");
  token_create->add_option("--expires", expires, "Last moment it is valid (YYYY-MM-DD or RFC 3339)");
  token_create->add_option("--description", description, "What the token is for");
  CLI::App* token_list = token->add_subcommand("list", "List tokens (never their secrets)");
  token_list->add_option("--db", token_db, "Database file or PostgreSQL URI")->required();
  CLI::App* token_revoke = token->add_subcommand("revoke", "Revoke a token by id");
  token_revoke->add_option("--db", token_db, "Database file or PostgreSQL URI")->required();
  token_revoke->add_option("--id", token_id, "Token id (tok_...)")->required();
  token->require_subcommand(1);

  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::from_str(log_level));

  if (*token) {
    const skillpath::core::Time now = skillpath::services::SystemNow();
    if (*token_create) {
      std::optional<skillpath::core::Time> expires_at;
      if (!expires.empty()) {
        google::protobuf::Timestamp t;
        const std::string full = expires.size() == 10 ? expires + "T23:59:59Z" : expires;
        if (!google::protobuf::util::TimeUtil::FromString(full, &t)) {
          spdlog::error("--expires: '{}' is not a date (YYYY-MM-DD) or an RFC 3339 time", expires);
          return 2;
        }
        expires_at = static_cast<skillpath::core::Time>(t.seconds()) * 1000000;
      }
      auto made = skillpath::services::CreateTokenInDatabase(token_db, grant, person, expires_at, description, now);
      if (!made.ok()) {
        spdlog::error("token create: {}", std::string(made.status().message()));
        return 1;
      }
      std::printf("%s\n", made->c_str());
      return 0;
    }
    if (*token_list) {
      auto tokens = skillpath::services::ListTokensInDatabase(token_db);
      if (!tokens.ok()) {
        spdlog::error("token list: {}", std::string(tokens.status().message()));
        return 1;
      }
      std::printf("%-22s %-10s %-12s %-8s %s\n", "ID", "GRANT", "PERSON", "STATE", "DESCRIPTION");
      for (const auto& t : *tokens) {
        const char* state = t.revoked_at ? "revoked" : (t.expires_at && *t.expires_at <= now) ? "expired" : "valid";
        std::printf("%-22s %-10s %-12s %-8s %s\n", t.id.c_str(), skillpath::core::GrantName(t.grant),
                    t.person_id.empty() ? "-" : t.person_id.c_str(), state, t.description.c_str());
      }
      return 0;
    }
    absl::Status s = skillpath::services::RevokeTokenInDatabase(token_db, token_id, now);
    if (!s.ok()) {
      spdlog::error("token revoke: {}", std::string(s.message()));
      return 1;
    }
    spdlog::info("token {} revoked", token_id);
    return 0;
  }

  if (*backup) {
    absl::Status s = skillpath::db::IsPostgresAddress(backup_db)
                         ? absl::FailedPreconditionError(
                               "backup copies an SQLite file; back a PostgreSQL database up with pg_dump or the "
                               "cluster's own backups (deploy/README.md)")
                         : skillpath::db::Backup(backup_db, backup_to);
    if (!s.ok()) {
      spdlog::error("backup failed: {}", s.ToString());
      return 1;
    }
    spdlog::info("backup of {} written to {}", backup_db, backup_to);
    return 0;
  }
  if (absl::Status s = skillpath::services::ApplySignInFlags(sign_in, options); !s.ok()) {
    spdlog::error("{}", std::string(s.message()));
    return 2;
  }
  if (absl::Status s = skillpath::services::ApplyMailFlags(mail, options); !s.ok()) {
    spdlog::error("{}", std::string(s.message()));
    return 2;
  }
  options.drain_deadline = std::chrono::milliseconds(drain_ms);
  options.http_listen = http == "off" ? "" : http;
  if (options.web_root.empty() && std::filesystem::is_directory(SKILLPATH_WEB_DIR))
    options.web_root = SKILLPATH_WEB_DIR;
  if (demo) options.sign_in_offer.token_sign_in = true;  // the demo users sign in with their tokens
  return Serve(options, demo);
}
