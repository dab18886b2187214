#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "common/host_port.h"
#include "common/pem.h"

namespace skillpath::common {
namespace {

using ::testing::HasSubstr;

TEST(HostPort, SplitsHostAndPortAndDropsIpv6Brackets) {
  auto v4 = SplitHostPort("--http", "127.0.0.1:8080");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, "8080");
  auto v6 = SplitHostPort("--http", "[::1]:0");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, "0");
  auto bad = SplitHostPort("--http", "localhost");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("--http: 'localhost' is not HOST:PORT"));
  EXPECT_EQ(WithPort("[::1]:0", 5001), "[::1]:5001");
  EXPECT_EQ(WithPort("0.0.0.0:0", 80), "0.0.0.0:80");
}

TEST(HostPort, LoopbackIsLocalhost127AndIpv6One) {
  for (const char* a : {"localhost:1", "127.0.0.1:50051", "127.9.9.9:1", "[::1]:8080"}) EXPECT_TRUE(IsLoopback(a)) << a;
  for (const char* a : {"0.0.0.0:50051", "10.0.0.1:1", "[::]:1", "example.no:443"}) EXPECT_FALSE(IsLoopback(a)) << a;
}

TEST(Pem, ReadsAPemFileAndNamesTheFlagOtherwise) {
  const std::string dir = ::testing::TempDir();
  const std::string pem = dir + "/common-test.pem", text = dir + "/common-test.txt";
  std::ofstream(pem) << "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  std::ofstream(text) << "not a certificate\n";
  auto ok = ReadPemFile(pem, "--tls-cert");
  ASSERT_TRUE(ok.ok());
  EXPECT_THAT(*ok, HasSubstr("BEGIN CERTIFICATE"));
  EXPECT_THAT(ReadPemFile(text, "--tls-cert").status().message(), HasSubstr("--tls-cert: '" + text + "' is not a PEM file"));
  EXPECT_THAT(ReadPemFile(dir + "/missing.pem", "--tls-ca").status().message(), HasSubstr("--tls-ca: cannot read"));
  EXPECT_TRUE(CheckCertAndKey("", "").ok());
  EXPECT_TRUE(CheckCertAndKey("a.crt", "a.key").ok());
  EXPECT_THAT(CheckCertAndKey("a.crt", "").message(), HasSubstr("--tls-cert and --tls-key go together"));
  ::unlink(pem.c_str());
  ::unlink(text.c_str());
}

}  // namespace
}  // namespace skillpath::common
