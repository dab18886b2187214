// gRPC load generator (the C++ cross-check of the h2load scripts): keeps N
// calls in flight against skillpathd and reports successful calls per second
// and latency percentiles. Every call's status is checked; only OK counts.
//
//   build/grpc_load [--method record|gap|health] [--in-flight 100] [--seconds 10]
//                   [--server HOST:PORT] [--people N]
//   build/grpc_load --import 500000 [--rows-per-message 1000]
//                                       (bulk import throughput instead; by
//                                       default one row per stream message)
//
// record: RecordAssessment on a server started here on a fresh database.
// gap:    GetPersonGap over --people different synthetic people (P0000000..)
//         on --server (e.g. a database from build/make_org).
// health: grpc.health.v1.Health/Check on --server, the baseline.
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>

#include "bench/synth.h"
#include "client/bearer.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "skillpath/v1/assessment.grpc.pb.h"
#include "skillpath/v1/framework.grpc.pb.h"
#include "skillpath/v1/gap.grpc.pb.h"
#include "skillpath/v1/org.grpc.pb.h"
#include "testing/process/server_process.h"

namespace v1 = skillpath::v1;
using Clock = std::chrono::steady_clock;

namespace {

bool Seed(const std::shared_ptr<grpc::Channel>& channel, int people) {
  auto fw = v1::FrameworkService::NewStub(channel);
  auto org = v1::OrgService::NewStub(channel);
  v1::Framework f, fo;
  f.set_id("bench");
  f.set_name("Bench");
  for (int l = 1; l <= 4; ++l) {
    auto* lv = f.mutable_scale()->add_levels();
    lv->set_level(l);
    lv->set_name("L" + std::to_string(l));
  }
  auto* area = f.add_areas();
  area->set_id("bench.a");
  area->set_name("A");
  for (int c = 0; c < 10; ++c) {
    auto* comp = area->add_competences();
    comp->set_id("bench.c" + std::to_string(c));
    comp->set_name("C" + std::to_string(c));
  }
  grpc::ClientContext c1;
  if (!fw->UpsertFramework(&c1, f, &fo).ok()) return false;
  v1::OrgUnit u, uo;
  u.set_id("bench-root");
  u.set_name("Bench");
  grpc::ClientContext c2;
  if (!org->UpsertOrgUnit(&c2, u, &uo).ok()) return false;
  for (int i = 0; i < people; ++i) {
    v1::Person p, po;
    p.set_id("B" + std::to_string(i));
    p.set_name("Person " + std::to_string(i));
    p.set_org_unit_id("bench-root");
    grpc::ClientContext c;
    if (!org->UpsertPerson(&c, p, &po).ok()) return false;
  }
  return true;
}

enum class Method { kRecord, kGap, kHealth };

struct Slot {
  grpc::ClientContext ctx;
  v1::Assessment request;
  v1::Assessment response;
  v1::GetPersonGapRequest gap_request;
  v1::PersonGap gap_response;
  grpc::health::v1::HealthCheckRequest health_request;
  grpc::health::v1::HealthCheckResponse health_response;
  Clock::time_point started;
};

class Load {
 public:
  Load(const std::shared_ptr<grpc::Channel>& channel, Method method, int in_flight, int people, Clock::time_point end)
      : stub_(v1::AssessmentService::NewStub(channel)),
        gaps_(v1::GapService::NewStub(channel)),
        health_(grpc::health::v1::Health::NewStub(channel)),
        method_(method),
        in_flight_(in_flight),
        people_(people),
        end_(end) {}

  void Run() {
    for (int i = 0; i < in_flight_; ++i) Issue();
    std::unique_lock<std::mutex> lock(mu_);
    idle_.wait(lock, [&] { return outstanding_ == 0; });
  }

  uint64_t ok() const { return ok_; }
  uint64_t failed() const { return failed_; }
  std::vector<double>& latencies_ms() { return latencies_ms_; }
  std::string first_error() const { return first_error_; }

 private:
  void Issue() {
    auto slot = std::make_shared<Slot>();
    const uint64_t n = counter_++;
    slot->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++outstanding_;
    }
    auto done = [this, slot](grpc::Status s) {
      const auto now = Clock::now();
      bool again;
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (s.ok()) {
          ++ok_;
          latencies_ms_.push_back(std::chrono::duration<double, std::milli>(now - slot->started).count());
        } else {
          if (failed_++ == 0) first_error_ = std::to_string(s.error_code()) + ": " + s.error_message();
        }
        --outstanding_;
        again = now < end_;
        if (!again && outstanding_ == 0) idle_.notify_all();
      }
      if (again) Issue();
    };
    switch (method_) {
      case Method::kRecord:
        slot->request.set_person_id("B" + std::to_string(n % people_));
        slot->request.set_competence_id("bench.c" + std::to_string(n % 10));
        slot->request.set_level(static_cast<int>(n % 5));
        slot->request.set_source(v1::SELF);
        slot->started = Clock::now();
        stub_->async()->RecordAssessment(&slot->ctx, &slot->request, &slot->response, done);
        break;
      case Method::kGap:
        // Spread over the organisation: a large odd stride visits everyone.
        slot->gap_request.set_person_id(skillpath::bench::SyntheticPersonId(static_cast<int>((n * 7919) % people_)));
        slot->started = Clock::now();
        gaps_->async()->GetPersonGap(&slot->ctx, &slot->gap_request, &slot->gap_response, done);
        break;
      case Method::kHealth:
        slot->started = Clock::now();
        health_->async()->Check(&slot->ctx, &slot->health_request, &slot->health_response, done);
        break;
    }
  }

  std::unique_ptr<v1::AssessmentService::Stub> stub_;
  std::unique_ptr<v1::GapService::Stub> gaps_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
  const Method method_;
  const int in_flight_, people_;
  const Clock::time_point end_;
  std::atomic<uint64_t> counter_{0};
  std::mutex mu_;
  std::condition_variable idle_;
  int outstanding_ = 0;
  uint64_t ok_ = 0, failed_ = 0;
  std::vector<double> latencies_ms_;
  std::string first_error_;
};

// Streams `rows` assessments through ImportAssessments, `per_message` in
// each stream message (1: the row itself is the message; more: in
// Assessment.rows); prints rows/s.
int ImportRun(const std::shared_ptr<grpc::Channel>& channel, int rows, int people, int per_message) {
  auto stub = v1::AssessmentService::NewStub(channel);
  grpc::ClientContext ctx;
  v1::ImportSummary summary;
  const auto start = Clock::now();
  auto stream = stub->ImportAssessments(&ctx, &summary);
  v1::Assessment a;
  a.set_source(v1::MANAGER);
  v1::Assessment message;
  for (int i = 0; i < rows; ++i) {
    a.set_person_id("B" + std::to_string(i % people));
    a.set_competence_id("bench.c" + std::to_string(i % 10));
    a.set_level(i % 5);
    if (per_message <= 1) {
      // buffer_hint lets grpc coalesce the small messages into fewer frames.
      if (!stream->Write(a, grpc::WriteOptions().set_buffer_hint())) break;
      continue;
    }
    *message.add_rows() = a;
    if (message.rows_size() == per_message || i + 1 == rows) {
      if (!stream->Write(message)) break;
      message.clear_rows();
    }
  }
  stream->WritesDone();
  grpc::Status s = stream->Finish();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("ImportAssessments, %d rows in one stream, %d per message, synchronous=FULL\n", rows,
              std::max(per_message, 1));
  std::printf("  status %s, accepted %lld, rejected %lld in %.2f s: %.0f rows per second\n", s.ok() ? "OK" : "FAILED",
              static_cast<long long>(summary.accepted()), static_cast<long long>(summary.rejected()), elapsed,
              static_cast<double>(summary.accepted()) / elapsed);
  if (!s.ok()) std::printf("  %s\n", s.error_message().c_str());
  return s.ok() && summary.accepted() == rows ? 0 : 2;
}

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t k = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"grpc_load - successful calls per second with N in flight"};
  int in_flight = 100, seconds = 10, people = 1000;
  std::string server_address, db = "/tmp/skillpath-write-load.db";
  app.add_option("--in-flight", in_flight)->capture_default_str();
  app.add_option("--seconds", seconds)->capture_default_str();
  app.add_option("--people", people, "People to spread the writes over")->capture_default_str();
  app.add_option("--server", server_address, "Use a running server instead of starting one");
  app.add_option("--db", db, "Database file for the server started here")->capture_default_str();
  int import_rows = 0;
  std::string method_name = "record";
  app.add_option("--method", method_name, "record, gap or health")
      ->capture_default_str()
      ->check(CLI::IsMember({"record", "gap", "health"}));
  app.add_option("--import", import_rows, "Instead: stream this many rows through ImportAssessments");
  int rows_per_message = 1;
  app.add_option("--rows-per-message", rows_per_message,
                 "With --import: rows per stream message (more than 1: in Assessment.rows)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  std::string token;
  if (const char* env = std::getenv("SKILLPATH_TOKEN")) token = env;
  app.add_option("--token", token,
                 "Bearer token for --server (env SKILLPATH_TOKEN; ADMIN for record and import, any that may read "
                 "the people for gap); a server started here gets an ADMIN token");
  CLI11_PARSE(app, argc, argv);
  const Method method = method_name == "gap" ? Method::kGap : method_name == "health" ? Method::kHealth : Method::kRecord;
  if (method != Method::kRecord && server_address.empty()) {
    std::fprintf(stderr, "--method %s needs --server (a server on a database from build/make_org)\n",
                 method_name.c_str());
    return 2;
  }

  std::unique_ptr<skillpath::testing::ServerProcess> server;
  if (server_address.empty()) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db + suffix).c_str());
    FILE* made = popen((std::string(SKILLPATHD_BIN) + " token create --grant ADMIN --db " + db).c_str(), "r");
    char line[256] = {0};
    if (!made || !std::fgets(line, sizeof line, made) || pclose(made) != 0) {
      std::fprintf(stderr, "skillpathd token create failed\n");
      return 1;
    }
    token = line;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    server = std::make_unique<skillpath::testing::ServerProcess>(SKILLPATHD_BIN,
                                                                 std::vector<std::string>{"--db", db});
    if (!server->Start()) {
      std::fprintf(stderr, "skillpathd did not start:\n%s\n", server->log().c_str());
      return 1;
    }
    server_address = server->address();
  }
  auto channel = skillpath::services::BearerChannel(server_address, grpc::InsecureChannelCredentials(),
                                                    skillpath::services::Always(token));
  if (method == Method::kRecord && !Seed(channel, people)) {
    std::fprintf(stderr, "seeding the benchmark data failed\n");
    return 1;
  }
  if (import_rows > 0) {
    int rc = ImportRun(channel, import_rows, people, rows_per_message);
    if (server) server->Terminate();
    return rc;
  }
  const auto start = Clock::now();
  Load load(channel, method, in_flight, people, start + std::chrono::seconds(seconds));
  load.Run();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  auto& lat = load.latencies_ms();
  std::printf("%s, %d in flight, %d s\n",
              method == Method::kGap      ? "GetPersonGap"
              : method == Method::kHealth ? "Health/Check"
                                          : "RecordAssessment (synchronous=FULL)",
              in_flight, seconds);
  std::printf("  succeeded:    %llu (%.0f per second)\n", static_cast<unsigned long long>(load.ok()),
              static_cast<double>(load.ok()) / elapsed);
  std::printf("  failed:       %llu%s%s\n", static_cast<unsigned long long>(load.failed()),
              load.failed() ? "  first: " : "", load.first_error().c_str());
  std::printf("  latency ms:   p50 %.2f  p99 %.2f  max %.2f\n", Percentile(lat, 0.50), Percentile(lat, 0.99),
              Percentile(lat, 1.0));
  if (server) server->Terminate();
  return load.failed() == 0 ? 0 : 2;
}
