#include "storage/sqlite/sqlite_store.hpp"

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "tests/support.hpp"

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

TEST_CASE("sqlite store keeps chains with their settings and entries", "[storage]") {
  auto store = storage::open_sqlite({":memory:"});
  const chat_ref chat{"generic", "g1"};
  CHECK_FALSE(store->latest_chain(chat));

  chain c;
  c.chat = chat;
  c.header_key = "key1";
  c.title = "明日核酸";
  c.header = {"#接龙 明日核酸", "限20人"};
  c.example = "例 张三";
  c.tail = {"谢谢"};
  c.capacity = 20;
  c.slot_caps = {{"上午", 10}};
  c.deadline_ms = 1669122000000;
  c.opened_ms = 1669111200000;
  c.id = store->insert_chain(c);

  chain_entry e;
  e.content = "张阿姨 3号楼 上午（王五帮报）";
  e.key = "k";
  e.name = "张阿姨";
  e.detail = "3号楼 上午";
  e.slot = "上午";
  e.sender_id = "u5";
  e.sender_name = "王五";
  e.registered_by = "王五";
  e.added_ms = e.changed_ms = 7;
  e.id = store->insert_chain_entry(c.id, e);
  chain_entry plain = e;
  plain.slot.reset();
  plain.registered_by.reset();
  plain.id = store->insert_chain_entry(c.id, plain);
  CHECK(plain.id > e.id);

  e.state = entry_state::left;
  e.changed_ms = 9;
  store->update_chain_entry(e);
  c.closed = true;
  c.capacity.reset();
  store->update_chain(c);

  const auto loaded = store->find_chain(chat, "key1");
  REQUIRE(loaded);
  CHECK(loaded->title == "明日核酸");
  CHECK(loaded->header == c.header);
  CHECK(loaded->example == "例 张三");
  CHECK(loaded->tail == c.tail);
  CHECK_FALSE(loaded->capacity);
  CHECK(loaded->slot_caps == c.slot_caps);
  CHECK(loaded->deadline_ms == c.deadline_ms);
  CHECK(loaded->closed);
  REQUIRE(loaded->entries.size() == 2);
  CHECK(loaded->entries[0].state == entry_state::left);
  CHECK(loaded->entries[0].changed_ms == 9);
  CHECK(loaded->entries[0].registered_by == "王五");
  CHECK(loaded->entries[0].slot == "上午");
  CHECK_FALSE(loaded->entries[1].slot);
  CHECK_FALSE(loaded->entries[1].registered_by);
  CHECK_FALSE(store->find_chain({"generic", "g2"}, "key1"));

  chain newer = c;
  newer.header_key = "key2";
  newer.id = store->insert_chain(newer);
  CHECK(store->latest_chain(chat)->id == newer.id);
  CHECK_THROWS(store->insert_chain(newer));  // one chain per header in a chat
}

TEST_CASE("sqlite store finds a possible repeat request from the same household", "[storage]") {
  auto store = storage::open_sqlite({":memory:"});
  const chat_ref chat{"generic", "g1"};
  auto request = [&](int number, std::string requester, std::optional<address> where,
                     std::string item, std::int64_t at) {
    supply_request r;
    r.chat = chat;
    r.number = number;
    r.requester_id = std::move(requester);
    r.where = std::move(where);
    r.items = {{std::move(item), 1, std::nullopt, std::nullopt}};
    r.category = "food";
    r.created_ms = r.updated_ms = at;
    return r;
  };
  const address home{"3", "2", "501"};
  store->insert_request(request(1, "mother", home, "大米", 100));
  store->insert_request(request(2, "son", std::nullopt, "鸡蛋", 200));
  auto cancelled = request(3, "mother", home, "牛奶", 300);
  cancelled.status = request_status::cancelled;
  store->insert_request(cancelled);

  // Another member of the household, same address, same item.
  CHECK(store->find_possible_duplicate(request(9, "daughter", home, "大米", 0), 0) == 1);
  // Same requester, the earlier request had no address.
  CHECK(store->find_possible_duplicate(request(9, "son", address{"7", "3", "302"}, "鸡蛋", 0), 0) ==
        2);
  // Another item, another address, a cancelled one, or outside the window: no repeat.
  CHECK_FALSE(store->find_possible_duplicate(request(9, "mother", home, "面粉", 0), 0));
  CHECK_FALSE(
      store->find_possible_duplicate(request(9, "x", address{"3", "2", "502"}, "大米", 0), 0));
  CHECK_FALSE(store->find_possible_duplicate(request(9, "mother", home, "牛奶", 0), 0));
  CHECK_FALSE(store->find_possible_duplicate(request(9, "daughter", home, "大米", 0), 150));
}
