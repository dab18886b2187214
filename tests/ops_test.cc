// End-to-end tests of skillpathd under operational faults (issue #10, items
// 6-8): descriptors running out, the audit log's disk filling up, and the
// modes of the files it makes. They run the real binary as a child process;
// the ones that need a small or read-only file system mount a tmpfs and skip,
// saying why, where mounting is not permitted.
#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "client/bearer.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "skillpath/v1/auth.grpc.pb.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "skillpath/v1/gap.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "testing/process/self_signed.h"
#include "testing/process/server_process.h"
#include "testing/skillpathd_commands.h"

namespace skillpath {
namespace {

using testing::CreateToken;
using testing::RunCommand;
using testing::ServerProcess;
using Clock = std::chrono::steady_clock;

// A fresh directory under $TMPDIR, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string templ = std::string(base ? base : "/tmp") + "/skillpath-ops-XXXXXX";
    path_ = ::mkdtemp(templ.data()) ? templ : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A tmpfs of `size` mounted on a fresh directory (root only); unmounted at
// the end. ok() is false, with why(), where mounting is not permitted.
class Tmpfs {
 public:
  explicit Tmpfs(const std::string& size) {
    if (::mount("tmpfs", dir_.path().c_str(), "tmpfs", 0, ("size=" + size + ",mode=0700").c_str()) != 0) {
      why_ = std::string("cannot mount a tmpfs (") + std::strerror(errno) + "; needs root or CAP_SYS_ADMIN)";
      return;
    }
    mounted_ = true;
  }
  ~Tmpfs() {
    if (mounted_) ::umount2(dir_.path().c_str(), MNT_DETACH);
  }
  bool ok() const { return mounted_; }
  const std::string& why() const { return why_; }
  std::string operator/(const std::string& name) const { return dir_ / name; }
  bool RemountReadOnly() {
    return ::mount("tmpfs", dir_.path().c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  }

 private:
  TempDir dir_;
  bool mounted_ = false;
  std::string why_;
};

// How a test client reaches a TLS port: the server's certificate to trust
// and, if the port asks for one, the client's own. Empty: plaintext.
struct Tls {
  std::string root_cert;
  testing::Pem client;
};

std::shared_ptr<grpc::ChannelCredentials> Credentials(const Tls& tls) {
  if (tls.root_cert.empty()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = tls.root_cert;
  ssl.pem_private_key = tls.client.key;
  ssl.pem_cert_chain = tls.client.cert;
  return grpc::SslCredentials(ssl);
}

// A channel of its own (no connection shared with earlier channels), so
// each check makes a new connection to the port.
std::shared_ptr<grpc::Channel> FreshChannel(const std::string& address, const std::string& token = "",
                                            const Tls& tls = {}) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  if (token.empty()) return grpc::CreateCustomChannel(address, Credentials(tls), args);
  return services::BearerChannel(address, Credentials(tls), services::Always(token), args);
}

// grpc.health.v1 over a new connection: the status, or UNKNOWN when the
// call itself failed within two seconds.
grpc::health::v1::HealthCheckResponse::ServingStatus Health(const std::string& address, const Tls& tls = {}) {
  auto health = grpc::health::v1::Health::NewStub(FreshChannel(address, "", tls));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::health::v1::HealthCheckResponse resp;
  if (!health->Check(&ctx, {}, &resp).ok()) return grpc::health::v1::HealthCheckResponse::UNKNOWN;
  return resp.status();
}

// Polls `done` until it holds or `limit` passes.
template <typename Fn>
bool Eventually(Fn done, std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

// A TCP connection to HOST:PORT (-1 if refused).
int ConnectTcp(const std::string& host_port) {
  const size_t colon = host_port.rfind(':');
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(std::stoi(host_port.substr(colon + 1))));
  ::inet_pton(AF_INET, host_port.substr(0, colon).c_str(), &addr.sin_addr);
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// The status line's code of GET `path` (0 when no answer came).
int HttpGet(const std::string& host_port, const std::string& path) {
  const int fd = ConnectTcp(host_port);
  if (fd < 0) return 0;
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
  std::string answer;
  if (::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
    char buf[1024];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) answer.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return answer.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(answer.c_str() + 9) : 0;
}

// Opens `n` idle connections to `address`.
std::vector<int> OpenIdle(const std::string& address, int n) {
  std::vector<int> fds;
  for (int i = 0; i < n; ++i) {
    const int fd = ConnectTcp(address);
    if (fd < 0) break;  // refused: the backlog is full
    fds.push_back(fd);
  }
  return fds;
}

void CloseAll(std::vector<int>& fds) {
  for (int fd : fds) ::close(fd);
  fds.clear();
}

bool ListFrameworksWorks(const std::string& address, const std::string& token, const Tls& tls = {}) {
  auto stub = v1::FrameworkService::NewStub(FreshChannel(address, token, tls));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::ListFrameworksResponse resp;
  return stub->ListFrameworks(&ctx, {}, &resp).ok();
}

// Once the clients that took the descriptors are gone: health says SERVING
// again on a new connection, and a call goes through.
void ExpectServingAgain(const ServerProcess& server, const std::string& admin, const Tls& tls = {}) {
  EXPECT_TRUE(Eventually([&] {
    return Health(server.address(), tls) == grpc::health::v1::HealthCheckResponse::SERVING;
  })) << server.log();
  EXPECT_TRUE(ListFrameworksWorks(server.address(), admin, tls)) << server.log();
}

// ---------------------------------------------------------------------------
// Item 6: descriptors

constexpr rlim_t kLowLimit = 256;

// Whether the server's log comes to say `text` (within a minute).
bool LogSays(const ServerProcess& server, const std::string& text) {
  return Eventually([&] { return server.log().find(text) != std::string::npos; });
}

// Starts `server` with only kLowLimit descriptors; `admin` gets an ADMIN
// token of its database `db`.
bool StartWithFewDescriptors(ServerProcess& server, const std::string& db, std::string& admin) {
  server.set_open_file_limit(kLowLimit);
  if (!server.Start()) return false;
  admin = CreateToken(db, "ADMIN");
  return true;
}

// Lets the idle clients go: the server serves gRPC and HTTP again and stops
// cleanly.
void ExpectRecoveryOnceClosed(std::vector<int>& idle, ServerProcess& server, const std::string& admin) {
  CloseAll(idle);
  ExpectServingAgain(server, admin);
  EXPECT_EQ(HttpGet(server.http_address(), "/healthz"), 200);
  EXPECT_EQ(server.Terminate(), 0) << server.log();
}

// The report: with `ulimit -n 256`, 300 idle HTTP connections made
// the gRPC port stop for good while /healthz said ok. HTTP connections are
// capped now, so the gRPC port keeps its descriptors.
TEST(Descriptors, IdleHttpConnectionsDoNotStopTheGrpcPort) {
  TempDir dir;
  const std::string db = dir / "ops.db";
  ServerProcess server(SKILLPATHD_BIN, {"--db", db});
  std::string admin;
  ASSERT_TRUE(StartWithFewDescriptors(server, db, admin)) << server.log();
  ASSERT_TRUE(ListFrameworksWorks(server.address(), admin));

  std::vector<int> idle = OpenIdle(server.http_address(), 300);
  ASSERT_GT(idle.size(), kLowLimit) << "the test needs more connections than the server has descriptors";
  // The server has taken them all in (or run out trying).
  ASSERT_TRUE(Eventually([&] {
    const std::string log = server.log();
    return log.find("HTTP accept failed") != std::string::npos || log.find("closing new ones") != std::string::npos;
  })) << server.log();
  EXPECT_TRUE(ListFrameworksWorks(server.address(), admin)) << "gRPC while HTTP clients idle\n" << server.log();
  ExpectRecoveryOnceClosed(idle, server, admin);
}

// Descriptors taken by idle connections to the gRPC port itself: grpc 1.51's
// listener gives up at the first EMFILE. The guard takes the port over, health
// says NOT_SERVING while descriptors are nearly out, and once the clients are
// gone the port serves again.
TEST(Descriptors, TheGrpcPortAcceptsAgainAfterDescriptorsRanOut) {
  TempDir dir;
  const std::string db = dir / "ops.db";
  ServerProcess server(SKILLPATHD_BIN, {"--db", db});
  std::string admin;
  ASSERT_TRUE(StartWithFewDescriptors(server, db, admin)) << server.log();

  std::vector<int> idle = OpenIdle(server.address(), 300);
  ASSERT_GT(idle.size(), kLowLimit);
  ASSERT_TRUE(LogSays(server, "Too many open files")) << server.log();
  EXPECT_TRUE(LogSays(server, "health: NOT_SERVING")) << server.log();
  ExpectRecoveryOnceClosed(idle, server, admin);
}

// The same on a TLS port that requires client certificates: grpc 1.51 can
// adopt only plaintext connections, so the guard's relay does the TLS (with
// the same certificate, key and client CA) and the port serves again, still
// only to clients with a certificate.
TEST(Descriptors, TheTlsPortAcceptsAgainAfterDescriptorsRanOut) {
  TempDir dir;
  const std::string db = dir / "ops.db";
  const testing::Pem server_pem = testing::MakeSelfSigned("localhost");
  const testing::Pem client_pem = testing::MakeSelfSigned("ops-client");
  auto write = [&](const std::string& name, const std::string& content) {
    std::ofstream(dir / name) << content;
    return dir / name;
  };
  ServerProcess server(SKILLPATHD_BIN, {"--db", db, "--http", "off", "--tls-cert", write("server.crt", server_pem.cert),
                                        "--tls-key", write("server.key", server_pem.key), "--tls-client-ca",
                                        write("client-ca.crt", client_pem.cert)});
  std::string admin;
  ASSERT_TRUE(StartWithFewDescriptors(server, db, admin)) << server.log();
  const Tls tls{server_pem.cert, client_pem};
  const Tls no_client_cert{server_pem.cert, {}};
  ASSERT_TRUE(ListFrameworksWorks(server.address(), admin, tls)) << server.log();
  EXPECT_FALSE(ListFrameworksWorks(server.address(), admin, no_client_cert)) << "the port asks for a certificate";

  std::vector<int> idle = OpenIdle(server.address(), 300);
  ASSERT_GT(idle.size(), kLowLimit);
  ASSERT_TRUE(LogSays(server, "Too many open files")) << server.log();
  EXPECT_TRUE(LogSays(server, "does the TLS itself")) << server.log();
  CloseAll(idle);

  ExpectServingAgain(server, admin, tls);
  EXPECT_FALSE(ListFrameworksWorks(server.address(), admin, no_client_cert)) << "the relay asks for one too";
  // Many calls on one relayed connection, and an answer larger than the
  // relay's buffers.
  auto org = v1::OrgService::NewStub(FreshChannel(server.address(), admin, tls));
  for (int i = 0; i < 300; ++i) {
    v1::OrgUnit unit;
    unit.set_id("unit-" + std::to_string(i));
    unit.set_name("Enhet nummer " + std::to_string(i) + " med et langt navn for å fylle svaret");
    grpc::ClientContext ctx;
    v1::OrgUnit stored;
    ASSERT_TRUE(org->UpsertOrgUnit(&ctx, unit, &stored).ok()) << i;
  }
  grpc::ClientContext list_ctx;
  v1::ListOrgUnitsResponse units;
  ASSERT_TRUE(org->ListOrgUnits(&list_ctx, {}, &units).ok());
  EXPECT_EQ(units.org_units_size(), 300);
  EXPECT_GT(units.ByteSizeLong(), 16384u);
  EXPECT_EQ(server.Terminate(), 0) << server.log();
}

// ---------------------------------------------------------------------------
// Item 7: the audit log fails closed, aggregates refusals

// A unit and two people, E1 and E2, through the API.
void SeedTwoPeople(const std::string& address, const std::string& admin, const std::string& hr) {
  auto org = v1::OrgService::NewStub(
      services::BearerChannel(address, grpc::InsecureChannelCredentials(), services::AdminWhereAllowed(admin, hr)));
  v1::OrgUnit unit;
  unit.set_id("u");
  unit.set_name("Enhet");
  grpc::ClientContext c1;
  v1::OrgUnit stored_unit;
  ASSERT_TRUE(org->UpsertOrgUnit(&c1, unit, &stored_unit).ok());
  for (const char* id : {"E1", "E2"}) {
    v1::Person p;
    p.set_id(id);
    p.set_name(std::string("Person ") + id);
    p.set_email(std::string(id) + "@example.no");
    p.set_org_unit_id("u");
    grpc::ClientContext c;
    v1::Person stored;
    grpc::Status s = org->UpsertPerson(&c, p, &stored);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
}

grpc::Status ReadGap(const std::string& address, const std::string& token, const std::string& person) {
  auto gap = v1::GapService::NewStub(FreshChannel(address, token));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::GetPersonGapRequest req;
  req.set_person_id(person);
  v1::PersonGap resp;
  return gap->GetPersonGap(&ctx, req, &resp);
}

std::vector<v1::AuditEvent> AuditAbout(const std::string& address, const std::string& admin,
                                       const std::string& subject, const std::string& actor_person = "") {
  auto auth = v1::AuthService::NewStub(FreshChannel(address, admin));
  grpc::ClientContext ctx;
  v1::ListAuditEventsRequest req;
  req.set_subject(subject);
  req.set_actor_person(actor_person);
  v1::ListAuditEventsResponse resp;
  EXPECT_TRUE(auth->ListAuditEvents(&ctx, req, &resp).ok());
  return {resp.events().begin(), resp.events().end()};
}

// The disk fills up: a read of someone else's data is answered only while
// its audit entry can be kept; then reads are refused (UNAVAILABLE) and
// health says NOT_SERVING; once there is space again every answered read
// has its entry — none was lost.
TEST(Audit, ADiskFullRefusesUnauditableReadsAndLosesNoEntry) {
  Tmpfs fs("8m");
  if (!fs.ok()) GTEST_SKIP() << fs.why();
  const std::string db = fs / "audit.db";
  ServerProcess server(SKILLPATHD_BIN, {"--db", db, "--http", "off"});
  ASSERT_TRUE(server.Start()) << server.log();
  const std::string admin = CreateToken(db, "ADMIN"), hr = CreateToken(db, "HR");
  SeedTwoPeople(server.address(), admin, hr);

  const std::string filler = fs / "filler";
  {
    std::ofstream out(filler, std::ios::binary);
    const std::string block(64 * 1024, 'x');
    while (out.write(block.data(), block.size()) && out.flush()) {
    }
  }
  int answered = 0;
  bool refused = false;
  EXPECT_TRUE(Eventually([&] {
    grpc::Status s = ReadGap(server.address(), hr, "E1");
    if (s.ok()) ++answered;
    refused = s.error_code() == grpc::StatusCode::UNAVAILABLE;
    return refused;
  })) << server.log();
  EXPECT_TRUE(Eventually([&] { return Health(server.address()) == grpc::health::v1::HealthCheckResponse::NOT_SERVING; }));
  // Refused reads are refused whole, for HTTP the same way (one path).
  EXPECT_EQ(ReadGap(server.address(), hr, "E2").error_code(), grpc::StatusCode::UNAVAILABLE);

  std::filesystem::remove(filler);
  EXPECT_TRUE(Eventually([&] {
    grpc::Status s = ReadGap(server.address(), hr, "E1");
    if (s.ok()) ++answered;
    return s.ok();
  })) << server.log();
  EXPECT_TRUE(Eventually([&] { return Health(server.address()) == grpc::health::v1::HealthCheckResponse::SERVING; }));
  EXPECT_TRUE(Eventually([&] {
    int audited = 0;
    for (const v1::AuditEvent& e : AuditAbout(server.address(), admin, "E1")) {
      if (e.method() == "skillpath.v1.GapService/GetPersonGap" && e.outcome() == "OK") audited += e.count();
    }
    return audited == answered;
  })) << "answered " << answered << "\n" << server.log();
  EXPECT_EQ(server.Terminate(), 0) << server.log();
}

// 300 refused calls of one kind are one entry and one with the other 299
// (written at the latest on SIGTERM), not 300 rows.
TEST(Audit, RepeatedRefusalsAreOneEntryWithACount) {
  TempDir dir;
  const std::string db = dir / "refusals.db";
  ServerProcess server(SKILLPATHD_BIN, {"--db", db, "--http", "off"});
  ASSERT_TRUE(server.Start()) << server.log();
  const std::string admin = CreateToken(db, "ADMIN"), hr = CreateToken(db, "HR");
  SeedTwoPeople(server.address(), admin, hr);
  const std::string employee = CreateToken(db, "EMPLOYEE", "E2");
  auto gap = v1::GapService::NewStub(FreshChannel(server.address(), employee));
  constexpr int kCalls = 300;
  for (int i = 0; i < kCalls; ++i) {
    grpc::ClientContext ctx;
    v1::GetPersonGapRequest req;
    req.set_person_id("E1");
    v1::PersonGap resp;
    ASSERT_EQ(gap->GetPersonGap(&ctx, req, &resp).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(server.Terminate(), 0) << server.log();

  ServerProcess again(SKILLPATHD_BIN, {"--db", db, "--http", "off"});
  ASSERT_TRUE(again.Start()) << again.log();
  const std::vector<v1::AuditEvent> events = AuditAbout(again.address(), admin, "E1", "E2");
  int64_t total = 0;
  for (const v1::AuditEvent& e : events) total += e.count();
  EXPECT_EQ(total, kCalls);
  EXPECT_LE(events.size(), 2u);
  EXPECT_EQ(again.Terminate(), 0);
}

// ---------------------------------------------------------------------------
// Item 8: file modes and a read-only database

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 07777;
  return st.st_mode & 07777;
}

TEST(Files, DatabaseWalShmBackupAndDemoTokensAreOwnerOnly) {
  TempDir dir;
  const std::string db = dir / "modes.db";
  const mode_t old_umask = ::umask(022);  // what a login shell usually has
  ServerProcess server(SKILLPATHD_BIN, {"--db", db, "--demo"});
  const bool started = server.Start();
  ::umask(old_umask);
  ASSERT_TRUE(started) << server.log();
  for (const std::string& path : {db, db + "-wal", db + "-shm", db + ".demo-tokens"}) {
    EXPECT_EQ(ModeOf(path), 0600) << path;
  }
  std::string out;
  ::umask(022);
  const int backup = RunCommand(std::string(SKILLPATHD_BIN) + " backup --db " + db + " --to " + (dir / "copy.db"), &out);
  ::umask(old_umask);
  ASSERT_EQ(backup, 0) << out;
  EXPECT_EQ(ModeOf(dir / "copy.db"), 0600);
  EXPECT_EQ(server.Terminate(), 0);

  // A file left readable by others is named at start.
  ASSERT_EQ(::chmod(db.c_str(), 0644), 0);
  ServerProcess again(SKILLPATHD_BIN, {"--db", db});
  ASSERT_TRUE(again.Start()) << again.log();
  EXPECT_NE(again.log().find(db + " has mode 0644"), std::string::npos) << again.log();
  EXPECT_EQ(again.Terminate(), 0);
}

// Root ignores file modes, so the database lies on a tmpfs remounted
// read-only; as another user a chmod 0444 does the same.
TEST(Files, AReadOnlyDatabaseStopsTheStartWithAMessage) {
  std::unique_ptr<Tmpfs> fs;
  TempDir plain;
  std::string db;
  if (::geteuid() == 0) {
    fs = std::make_unique<Tmpfs>("16m");
    if (!fs->ok()) GTEST_SKIP() << fs->why();
    db = *fs / "ro.db";
  } else {
    db = plain / "ro.db";
  }
  CreateToken(db, "ADMIN");  // makes and migrates the database
  if (fs) {
    if (!fs->RemountReadOnly()) GTEST_SKIP() << "cannot remount the tmpfs read-only: " << std::strerror(errno);
  } else {
    ASSERT_EQ(::chmod(db.c_str(), 0444), 0);
  }
  ServerProcess server(SKILLPATHD_BIN, {"--db", db});
  EXPECT_FALSE(server.Start());
  EXPECT_EQ(server.Terminate(), 1) << server.log();
  EXPECT_NE(server.log().find("database '" + db + "' is read-only"), std::string::npos) << server.log();
  EXPECT_EQ(server.log().find("schema migrated"), std::string::npos) << server.log();
}

}  // namespace
}  // namespace skillpath
