#include "db/store/stores.h"

#include <utility>

namespace skillpath::db {

Stores::Stores(std::unique_ptr<Statements> statements)
    : statements_(std::move(statements)),
      frameworks_(*statements_),
      org_(*statements_),
      assessments_(*statements_),
      catalog_(*statements_),
      plans_(*statements_),
      access_(*statements_, org_, assessments_),
      notify_(*statements_, org_, plans_) {}

}  // namespace skillpath::db
