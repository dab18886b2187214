// Writes a synthetic organisation (bench/synth.h) into a new skillpath
// database, in one transaction, for start-up, memory and load benchmarks.
//
//   build/make_org --people 50000 --db /tmp/org50k.db
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>

#include "bench/synth.h"
#include "db/sqlite/database.h"
#include "db/sqlite/statements.h"
#include "db/store/stores.h"

int main(int argc, char** argv) {
  CLI::App app{"make_org - a synthetic organisation as a skillpath database"};
  int people = 50000;
  std::string path;
  app.add_option("--people", people)->capture_default_str()->check(CLI::Range(1, 5000000));
  app.add_option("--db", path, "Database file to create (must not exist)")->required();
  CLI11_PARSE(app, argc, argv);
  if (std::FILE* f = std::fopen(path.c_str(), "r")) {
    std::fclose(f);
    std::fprintf(stderr, "make_org: %s exists; remove it first\n", path.c_str());
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  auto org = skillpath::bench::MakeSyntheticOrg(people);
  auto db = skillpath::db::OpenDatabase(path, skillpath::db::OpenMode::kReadWrite);
  if (!db.ok() || !skillpath::db::Migrate(**db).ok()) {
    std::fprintf(stderr, "make_org: cannot create %s\n", path.c_str());
    return 1;
  }
  skillpath::db::Stores store(std::make_unique<skillpath::db::SqliteStatements>(**db));
  SQLite::Transaction txn(**db);
  auto check = [](const absl::Status& s) {
    if (!s.ok()) {
      std::fprintf(stderr, "make_org: %s\n", s.ToString().c_str());
      std::exit(1);
    }
  };
  check(store.frameworks().PutFramework(org.framework));
  for (const auto& u : org.units) check(store.org().PutOrgUnit(u));
  for (const auto& r : org.roles) check(store.org().PutRole(r));
  for (const auto& p : org.people) check(store.org().PutPerson(p));
  for (const auto& r : org.catalogue) check(store.catalog().PutResource(r));
  size_t n = 0;
  for (const auto& a : org.assessments) {
    check(store.assessments().AppendAssessment(a));
    if (++n % 500000 == 0) std::fprintf(stderr, "\r%zu of %zu assessments", n, org.assessments.size());
  }
  txn.commit();
  std::fprintf(stderr, "\n%d people, %zu units, %zu roles, %zu resources, %zu assessments written to %s in %.1f s\n",
               people, org.units.size(), org.roles.size(), org.catalogue.size(), org.assessments.size(), path.c_str(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}
