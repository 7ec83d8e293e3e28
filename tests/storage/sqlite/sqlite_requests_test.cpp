// The SQLite requests beyond the contract: the plans of the queries behind numbering and the
// duplicate check, numbering with more than one writer, and the number a request names its chat by.

#include <catch2/catch.hpp>

#include "storage/open.hpp"
#include "storage/sqlite/sqlite_plans.hpp"
#include "tests/storage/sqlite/sqlite_test_support.hpp"
#include "tests/support.hpp"

using namespace linli;

using testing::planned_db;

TEST_CASE("sqlite: the duplicate check's queries search their indexes, never scan or sort",
          "[sqlite][requests]") {
  planned_db p;
  const auto at_address = testing::query_plan(p.db, storage::sqlite::plans::newest_at_address);
  CAPTURE(at_address);
  CHECK_THAT(at_address, Catch::Contains("SEARCH r USING INDEX requests_by_household"));
  const auto from_requester =
      testing::query_plan(p.db, storage::sqlite::plans::newest_from_requester);
  CAPTURE(from_requester);
  CHECK_THAT(from_requester, Catch::Contains("SEARCH r USING INDEX requests_by_requester"));
  // A need with an address reads only the requester's needs without one, not all in the window.
  const auto unaddressed =
      testing::query_plan(p.db, storage::sqlite::plans::newest_unaddressed_from_requester);
  CAPTURE(unaddressed);
  CHECK_THAT(unaddressed,
             Catch::Contains("SEARCH r USING INDEX requests_unaddressed_by_requester"));
  for (const auto& plan : {at_address, from_requester, unaddressed}) {
    CHECK_THAT(plan, Catch::Contains("SEARCH i USING INDEX sqlite_autoindex_request_items_1"));
    CHECK_THAT(plan, !Catch::Contains("SCAN r"));
    CHECK_THAT(plan, !Catch::Contains("SCAN i"));
    CHECK_THAT(plan, !Catch::Contains("TEMP B-TREE"));
  }
}

TEST_CASE("sqlite: numbering a request or a task seeks the chat's highest number",
          "[sqlite][requests]") {
  planned_db p;
  for (const char* sql :
       {storage::sqlite::plans::insert_request, storage::sqlite::plans::insert_task}) {
    const auto plan = testing::query_plan(p.db, sql);
    CAPTURE(plan);
    CHECK_THAT(plan, Catch::Contains("USING COVERING INDEX sqlite_autoindex_"));
    CHECK_THAT(plan, !Catch::Contains("SCAN r"));
    CHECK_THAT(plan, !Catch::Contains("SCAN i"));
    CHECK_THAT(plan, !Catch::Contains("TEMP B-TREE"));
  }
}

TEST_CASE("sqlite: two writers on one file never give two requests one number",
          "[sqlite][requests]") {
  testing::temp_dir dir;
  const auto path = dir.file("two.db");
  auto first = storage::open(path, {.synchronous = storage::sync_mode::off});
  auto second = storage::open(path, {.synchronous = storage::sync_mode::off});
  const chat_ref chat{"generic", "g1"};
  std::vector<int> numbers;
  for (int i = 0; i < 10; ++i) {
    storage::store& writer = i % 3 ? *first : *second;
    storage::transaction tx(writer);
    supply_request r;
    r.chat = chat;
    r.requester_id = "u" + std::to_string(i);
    r.category = "food";
    r.items = {{"大米", 1, std::nullopt, std::nullopt}};
    writer.insert_request(r);
    tx.commit();
    numbers.push_back(r.number);
  }
  CHECK(numbers == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  CHECK(first->list_requests(chat).size() == 10);
  CHECK(second->find_request(chat, 10)->requester_id == "u9");
}

TEST_CASE("sqlite: a request names its chat by the number the chat's messages have",
          "[sqlite][requests]") {
  testing::temp_dir dir;
  const auto path = dir.file("numbers.db");
  const chat_ref talking{"telegram", "-1001234"};
  const chat_ref quiet{"generic", "-1001234"};  // the same id on another platform, no message
  {
    auto store = storage::open(path);
    storage::stored_message m;
    m.message.chat = talking;
    m.message.delivery_id = "d1";
    m.message.from = {"u1", "居民", platform_role::member};
    m.message.text = "需要 挂面";
    m.kind = "request";
    store->insert_message(m);
    for (const chat_ref& chat : {talking, quiet, talking}) {
      supply_request r;
      r.chat = chat;
      r.requester_id = "u1";
      r.category = "food";
      r.items = {{"挂面", 1, std::nullopt, std::nullopt}};
      store->insert_request(r);
    }
    CHECK(store->find_request(talking, 2)->chat == talking);
    CHECK(store->find_request(quiet, 1)->chat == quiet);
    CHECK_FALSE(store->find_request(quiet, 2));
    CHECK(store->list_requests({"generic", "never-seen"}).empty());
  }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM chat_refs").getInt() == 2);
  CHECK(db.execAndGet("SELECT count(*) FROM requests r JOIN inbox i ON i.chat = r.chat").getInt() ==
        2);
}
