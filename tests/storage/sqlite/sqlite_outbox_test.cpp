// The SQLite outbox beyond the contract: the plans of the queries a claim round runs every few
// seconds, which must not grow with the messages waiting for a platform this instance cannot send.

#include <catch2/catch.hpp>

#include "storage/open.hpp"
#include "storage/sqlite/sqlite_plans.hpp"
#include "tests/storage/sqlite/sqlite_test_support.hpp"
#include "tests/support.hpp"

using namespace linli;

TEST_CASE("sqlite: a claim round searches the outbox's indexes, never scans or sorts",
          "[sqlite][outbox]") {
  testing::planned_db p;
  const auto claim = testing::query_plan(p.db, storage::sqlite::plans::claim_outbound);
  CAPTURE(claim);
  CHECK_THAT(claim, Catch::Contains("USING INDEX outbox_pending_by_platform (platform=?)"));
  const auto renew = testing::query_plan(p.db, storage::sqlite::plans::renew_leases);
  CAPTURE(renew);
  CHECK_THAT(renew, Catch::Contains("SEARCH outbox USING INTEGER PRIMARY KEY (rowid=?)"));
  const auto count = testing::query_plan(p.db, storage::sqlite::plans::count_pending_outbound);
  CAPTURE(count);
  CHECK_THAT(count, Catch::Contains("SEARCH outbox USING INDEX outbox_pending_by_chat"));
  for (const auto& plan : {claim, renew, count}) {
    CHECK_THAT(plan, !Catch::Contains("SCAN outbox"));
    CHECK_THAT(plan, !Catch::Contains("TEMP B-TREE"));
  }
}
