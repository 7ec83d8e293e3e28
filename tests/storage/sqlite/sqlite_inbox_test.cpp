// The SQLite inbox beyond the contract: how it keeps a row (its chat and kind by number, plain
// decimal ids as integers), that its lookups seek an index, and that a rolled-back chat number
// is never used.

#include <catch2/catch.hpp>

#include "storage/open.hpp"
#include "storage/sqlite/sqlite_plans.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "tests/storage/sqlite/sqlite_test_support.hpp"
#include "tests/support.hpp"

using namespace linli;

namespace {

storage::stored_message message(const chat_ref& chat, std::string delivery_id,
                                std::string message_id = "") {
  storage::stored_message m;
  m.message.chat = chat;
  m.message.delivery_id = std::move(delivery_id);
  m.message.message_id = std::move(message_id);
  m.message.from = {"u1", "居民", platform_role::admin};
  m.message.text = "需要 挂面";
  m.kind = "request";
  m.answers = {{"已登记 #1"}};
  return m;
}

}  // namespace

TEST_CASE("sqlite: which ids the inbox keeps as integers", "[sqlite][inbox]") {
  using storage::sqlite::stored_id;
  CHECK(stored_id("1") == 1);
  CHECK(stored_id("987654321") == 987654321);
  CHECK(stored_id("999999999999999999") == 999999999999999999);  // 18 digits
  CHECK_FALSE(stored_id("1000000000000000000"));                 // 19: kept as text
  for (const char* text : {"", "0", "01", "-5", "+5", "5 ", " 5", "5a", "1e3", "１２"}) {
    CAPTURE(text);
    CHECK_FALSE(stored_id(text));
  }
}

TEST_CASE("sqlite: an inbox row names its chat and kind by number and reads back whole",
          "[sqlite][inbox]") {
  testing::temp_dir dir;
  const auto path = dir.file("inbox.db");
  const chat_ref telegram{"telegram", "-1001234"};
  const chat_ref other{"generic", "-1001234"};  // the same id on another platform
  {
    auto store = storage::open(path);
    store->insert_message(message(telegram, "123456789", "42"));
    store->insert_message(message(telegram, "0123", "042"));
    store->insert_message(message(other, "123456789", "42"));
  }
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT count(*) FROM chat_refs").getInt() == 2);
    CHECK(db.execAndGet("SELECT count(*) FROM inbox_kinds").getInt() == 1);
    SQLite::Statement q(db,
                        "SELECT typeof(delivery_id), typeof(message_id), typeof(chat), "
                        "sender_role FROM inbox ORDER BY seq");
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getString() == "integer");
    CHECK(q.getColumn(1).getString() == "integer");
    CHECK(q.getColumn(2).getString() == "integer");
    CHECK(q.getColumn(3).getInt() == 1);
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getString() == "text");  // a leading zero is part of the id
    CHECK(q.getColumn(1).getString() == "text");
  }
  auto store = storage::open(path);
  const auto first = store->find_message(telegram, "123456789");
  REQUIRE(first);
  CHECK(first->message.chat == telegram);
  CHECK(first->message.message_id == "42");
  CHECK(first->message.from.role == platform_role::admin);
  CHECK(first->kind == "request");
  CHECK(first->answers == replies{{"已登记 #1"}});
  CHECK(store->find_message(telegram, "0123")->message.message_id == "042");
  CHECK_FALSE(store->find_message(telegram, "123"));
  CHECK(store->find_message_by_key(telegram, "42")->message.delivery_id == "123456789");
  CHECK(store->find_message_by_key(telegram, "042")->message.delivery_id == "0123");
  CHECK(store->find_message(other, "123456789")->message.chat == other);
  CHECK(store->list_messages(telegram, {.kind = "request"}).size() == 2);
  CHECK(store->list_messages(telegram, {.kind = "chatter"}).empty());
  CHECK(store->list_messages({"telegram", "nobody"}, {}).empty());
  // A redelivery is refused by the unique index, as before.
  CHECK_THROWS(store->insert_message(message(telegram, "123456789")));
}

TEST_CASE("sqlite: a chat numbered in a rolled-back batch is numbered again", "[sqlite][inbox]") {
  testing::temp_dir dir;
  auto store = storage::open(dir.file("rollback.db"));
  const chat_ref chat{"telegram", "-77"};
  store->begin();
  store->insert_message(message(chat, "1"));
  store->rollback();
  store->begin();
  store->insert_message(message(chat, "2"));
  store->commit();
  CHECK_FALSE(store->find_message(chat, "1"));
  const auto m = store->find_message(chat, "2");
  REQUIRE(m);
  CHECK(m->message.chat == chat);
  CHECK(m->kind == "request");
}

TEST_CASE("sqlite: finding a message seeks the inbox's indexes, never scans or sorts",
          "[sqlite][inbox]") {
  testing::planned_db p;
  for (const char* sql :
       {storage::sqlite::plans::find_message, storage::sqlite::plans::find_message_by_id}) {
    const auto plan = testing::query_plan(p.db, sql);
    CAPTURE(plan);
    CHECK_THAT(plan, Catch::Contains("SEARCH i USING INDEX inbox_by_"));
    CHECK_THAT(plan, !Catch::Contains("SCAN"));
    CHECK_THAT(plan, !Catch::Contains("TEMP B-TREE"));
  }
}
