#pragma once
// Stores is every repository of core/ on one connection of either backend
// (issue #16): it owns the connection's statement cache (db/sql/statements.h:
// SqliteStatements or PostgresStatements) and one store per table group
// (db/store/*_store.h), and hands them out as core::Repositories or one by
// one. Not thread-safe: one thread uses a store at a time (the writer, or one
// reader of the pool).

#include <functional>
#include <memory>

#include "core/model/changes.h"
#include "core/ports/repository.h"
#include "db/store/access_store.h"
#include "db/store/assessment_store.h"
#include "db/store/catalog_store.h"
#include "db/store/framework_store.h"
#include "db/store/notify_store.h"
#include "db/store/org_store.h"
#include "db/store/plan_store.h"
#include "db/sql/statements.h"

namespace skillpath::db {

class Stores final {
 public:
  explicit Stores(std::unique_ptr<Statements> statements);
  Stores(const Stores&) = delete;
  Stores& operator=(const Stores&) = delete;

  core::Repositories repositories() {
    return core::Repositories{frameworks_, org_, assessments_, catalog_, plans_, access_, &notify_};
  }
  FrameworkStore& frameworks() { return frameworks_; }
  OrgStore& org() { return org_; }
  AssessmentStore& assessments() { return assessments_; }
  CatalogStore& catalog() { return catalog_; }
  PlanStore& plans() { return plans_; }
  AccessStore& access() { return access_; }
  NotifyStore& notify() { return notify_; }

  // While set, every successful write is also noted in `changes` (the
  // writer sets one per job). nullptr: nothing is recorded.
  void set_recorder(core::ChangeSet* changes) { statements_->set_recorder(changes); }
  Statements& statements() { return *statements_; }

  // Bulk scans for building the read index at start: every person (links
  // included), and every assessment in the order recorded.
  absl::Status ForEachPerson(const std::function<void(const core::Person&)>& fn) { return org_.ForEachPerson(fn); }
  absl::Status ForEachAssessment(const std::function<void(const core::Assessment&)>& fn) {
    return assessments_.ForEachAssessment(fn);
  }

 private:
  std::unique_ptr<Statements> statements_;
  FrameworkStore frameworks_;
  OrgStore org_;
  AssessmentStore assessments_;
  CatalogStore catalog_;
  PlanStore plans_;
  AccessStore access_;
  NotifyStore notify_;
};

}  // namespace skillpath::db
