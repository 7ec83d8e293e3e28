#include "storage/sqlite_store.hpp"

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "../support.hpp"

using namespace linli;

namespace {

storage::stored_message message(const std::string& chat, const std::string& id,
                                const std::string& kind = "chatter") {
  storage::stored_message m;
  m.message.chat = {"generic", chat};
  m.message.delivery_id = id;
  m.message.from = {"u1", "张三", platform_role::admin};
  m.message.text = "3号楼 需要 硝苯地平 2盒";
  m.message.sent_at = 1669000000;
  m.message.received_at_ms = 1669000000123;
  m.kind = kind;
  m.answers = {{"好的"}, {"第二条"}};
  return m;
}

}  // namespace

TEST_CASE("sqlite store migrates a new database to the current schema", "[storage]") {
  auto store = storage::open_sqlite({":memory:"});
  CHECK(storage::sqlite_schema_version() >= 1);
  CHECK(store->count_messages() == 0);
}

TEST_CASE("sqlite store keeps a message and finds it by chat and delivery id", "[storage]") {
  auto store = storage::open_sqlite({":memory:"});
  const auto m = message("g1", "m1");
  const auto seq = store->insert_message(m);
  CHECK(seq > 0);

  const auto found = store->find_message({"generic", "g1"}, "m1");
  REQUIRE(found);
  CHECK(found->seq == seq);
  CHECK(found->message.text == m.message.text);
  CHECK(found->message.from.name == "张三");
  CHECK(found->message.from.role == platform_role::admin);
  CHECK(found->message.sent_at == 1669000000);
  CHECK(found->message.received_at_ms == 1669000000123);
  CHECK(found->answers == m.answers);
  CHECK(found->kind == "chatter");

  CHECK_FALSE(store->find_message({"generic", "g2"}, "m1"));   // same id, other chat
  CHECK_FALSE(store->find_message({"telegram", "g1"}, "m1"));  // same id, other platform
}

TEST_CASE("sqlite store refuses a second row for the same delivery", "[storage]") {
  auto store = storage::open_sqlite({":memory:"});
  store->insert_message(message("g1", "m1"));
  CHECK_THROWS(store->insert_message(message("g1", "m1")));
  CHECK(store->count_messages() == 1);
}

TEST_CASE("sqlite store lists a chat's messages newest first, by kind, in pages", "[storage]") {
  auto store = storage::open_sqlite({":memory:"});
  for (int i = 0; i < 5; ++i) store->insert_message(message("g1", "m" + std::to_string(i)));
  store->insert_message(message("g1", "c1", "command"));
  store->insert_message(message("g2", "x", "chatter"));

  auto all = store->list_messages({"generic", "g1"}, {});
  REQUIRE(all.size() == 6);
  CHECK(all.front().message.delivery_id == "c1");
  CHECK(all.back().message.delivery_id == "m0");

  auto chatter = store->list_messages({"generic", "g1"}, {.kind = "chatter", .limit = 2});
  REQUIRE(chatter.size() == 2);
  CHECK(chatter[0].message.delivery_id == "m4");
  auto next = store->list_messages({"generic", "g1"},
                                   {.kind = "chatter", .before_seq = chatter[1].seq, .limit = 10});
  REQUIRE(next.size() == 3);
  CHECK(next[0].message.delivery_id == "m2");
}

TEST_CASE("sqlite store savepoints undo one message and keep the rest", "[storage]") {
  auto store = storage::open_sqlite({":memory:"});
  storage::transaction tx(*store);
  store->insert_message(message("g1", "kept"));
  store->savepoint();
  store->insert_message(message("g1", "undone"));
  store->rollback_to_savepoint();
  tx.commit();
  CHECK(store->find_message({"generic", "g1"}, "kept"));
  CHECK_FALSE(store->find_message({"generic", "g1"}, "undone"));
}

TEST_CASE("sqlite store transaction rolls back when not committed", "[storage]") {
  auto store = storage::open_sqlite({":memory:"});
  {
    storage::transaction tx(*store);
    store->insert_message(message("g1", "m1"));
  }
  CHECK(store->count_messages() == 0);
}

TEST_CASE("sqlite store remembers chat settings", "[storage]") {
  auto store = storage::open_sqlite({":memory:"});
  CHECK(store->load_chat({"generic", "g1"}).lang == storage::language::zh);
  store->save_chat({"generic", "g1"}, {.lang = storage::language::en});
  CHECK(store->load_chat({"generic", "g1"}).lang == storage::language::en);
  CHECK(store->load_chat({"generic", "g2"}).lang == storage::language::zh);
}

TEST_CASE("sqlite store persists across reopening and readers see committed rows", "[storage]") {
  testing::temp_dir dir;
  const auto path = dir.file("linli.db");
  {
    auto store = storage::open_sqlite({path});
    store->insert_message(message("g1", "m1"));
  }
  auto store = storage::open_sqlite({path, storage::sync_mode::normal});
  CHECK(store->find_message({"generic", "g1"}, "m1"));
  auto reader = storage::open_sqlite({.path = path, .read_only = true});
  CHECK(reader->count_messages() == 1);
  CHECK_THROWS(reader->insert_message(message("g1", "m2")));
}

TEST_CASE("sqlite store refuses a database from a newer linli", "[storage]") {
  testing::temp_dir dir;
  const auto path = dir.file("future.db");
  storage::open_sqlite({path});
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  const std::string bump =
      "PRAGMA user_version = " + std::to_string(storage::sqlite_schema_version() + 1);
  REQUIRE(sqlite3_exec(db, bump.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  CHECK_THROWS_WITH(storage::open_sqlite({path}), Catch::Contains("newer than this linli"));
}

TEST_CASE("sqlite store names the file it cannot open", "[storage]") {
  CHECK_THROWS_WITH(storage::open_sqlite({"/nonexistent-dir/x.db"}),
                    Catch::Contains("cannot open database /nonexistent-dir/x.db"));
}

TEST_CASE("sqlite store forgets cached chat settings that were rolled back", "[storage]") {
  auto store = storage::open_sqlite({":memory:"});
  const chat_ref chat{"generic", "g1"};
  {
    storage::transaction tx(*store);
    store->save_chat(chat, {.lang = storage::language::en});
    CHECK(store->load_chat(chat).lang == storage::language::en);
  }  // rolled back
  CHECK(store->load_chat(chat).lang == storage::language::zh);

  storage::transaction tx(*store);
  store->savepoint();
  store->save_chat(chat, {.lang = storage::language::en});
  store->rollback_to_savepoint();
  CHECK(store->load_chat(chat).lang == storage::language::zh);
  tx.commit();
}
