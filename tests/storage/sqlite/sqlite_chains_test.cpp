// The SQLite chains beyond the contract: the plans of the chain queries and what a damaged JSON
// column reads as.

#include <catch2/catch.hpp>

#include "storage/open.hpp"
#include "storage/sqlite/sqlite_plans.hpp"
#include "tests/storage/sqlite/sqlite_test_support.hpp"
#include "tests/support.hpp"

using namespace linli;

TEST_CASE("sqlite: loading a chain searches its indexes, never scans or sorts",
          "[sqlite][chains]") {
  testing::planned_db p;
  const auto latest = testing::query_plan(p.db, storage::sqlite::plans::latest_chain);
  CAPTURE(latest);
  CHECK_THAT(latest, Catch::Contains("SEARCH chains USING INDEX chains_current"));
  const auto entries = testing::query_plan(p.db, storage::sqlite::plans::chain_entries);
  CAPTURE(entries);
  CHECK_THAT(entries, Catch::Contains("SEARCH chain_entries USING INDEX chain_entries_by_chain"));
  for (const auto& plan : {latest, entries}) {
    CHECK_THAT(plan, !Catch::Contains("SCAN"));
    CHECK_THAT(plan, !Catch::Contains("TEMP B-TREE"));
  }
}

TEST_CASE("sqlite: a chain whose JSON columns were damaged reads as empty lists",
          "[sqlite][chains]") {
  testing::temp_dir dir;
  const auto path = dir.file("damaged.db");
  auto store = storage::open(path);
  const chat_ref chat{"generic", "g1"};
  chain c;
  c.chat = chat;
  c.header_key = "k";
  c.title = "接龙";
  c.header = {"#接龙"};
  c.tail = {"谢谢"};
  c.slot_caps = {{"上午", 3}};
  c.id = store->insert_chain(c);
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec(
        "UPDATE chains SET header = 'not json', tail = '{\"a\": 1}', "
        "slot_caps = '[1, 2]'");
  }
  const auto loaded = store->find_chain(chat, "k");
  REQUIRE(loaded);
  CHECK(loaded->title == "接龙");
  CHECK(loaded->header.empty());
  CHECK(loaded->tail.empty());
  CHECK(loaded->slot_caps.empty());
}
