// The SQLite writer's caches (storage/sqlite/sqlite_caches.hpp): what they return is what the
// database holds, after a rollback, after another connection wrote, and after an eviction.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/open.hpp"
#include "storage/sqlite/sqlite_caches.hpp"
#include "tests/support.hpp"

using namespace linli;

namespace {

const chat_ref chat{"generic", "g1"};

chain_entry entry(const std::string& name) {
  chain_entry e;
  e.content = name + " 3号楼";
  e.key = name;
  e.name = name;
  e.detail = "3号楼";
  e.sender_id = "u-" + name;
  e.sender_name = name;
  return e;
}

// A chain with `names` as its entries, committed.
chain make_chain(storage::store& store, const std::vector<std::string>& names,
                 const std::string& key = "k") {
  storage::transaction tx(store);
  chain c;
  c.chat = chat;
  c.header_key = key;
  c.title = "明日志愿者";
  c.id = store.insert_chain(c);
  for (const auto& n : names) {
    c.entries.push_back(entry(n));
    c.entries.back().id = store.insert_chain_entry(c.id, c.entries.back());
  }
  tx.commit();
  return c;
}

std::vector<std::string> names_of(const std::optional<chain>& c) {
  std::vector<std::string> out;
  if (c) {
    for (const auto& e : c->entries) out.push_back(e.name);
  }
  return out;
}

// What a fresh connection reads: the database itself.
std::optional<chain> fresh(const std::string& path) {
  return storage::open(path, {.read_only = true})->latest_chain(chat);
}

}  // namespace

TEST_CASE("sqlite: the cached chain is the stored one after writes through the store",
          "[sqlite][cache]") {
  testing::temp_dir dir;
  const auto path = dir.file("cache.db");
  auto store = storage::open(path, {.synchronous = storage::sync_mode::off});
  make_chain(*store, {"张三", "李四"});
  storage::transaction tx(*store);
  auto c = store->latest_chain(chat);  // cached from here
  REQUIRE(c);
  auto added = entry("王五");
  added.id = store->insert_chain_entry(c->id, added);
  auto changed = c->entries[0];
  changed.state = entry_state::left;
  changed.changed_ms = 5;
  changed.detail = "5号楼";
  store->update_chain_entry(changed);
  c->capacity = 30;
  c->closed = true;
  store->update_chain(*c);
  const auto cached = store->latest_chain(chat);
  const auto found = store->find_chain(chat, "k");
  tx.commit();
  const auto stored = fresh(path);
  REQUIRE(cached);
  REQUIRE(found);
  REQUIRE(stored);
  CHECK(names_of(cached) == std::vector<std::string>{"张三", "李四", "王五"});
  CHECK(names_of(cached) == names_of(stored));
  CHECK(cached->entries[0].state == entry_state::left);
  CHECK(cached->entries[0].detail == "5号楼");
  CHECK(stored->entries[0].state == entry_state::left);
  CHECK(cached->entries[2].id == stored->entries[2].id);
  CHECK(cached->capacity == stored->capacity);
  CHECK(cached->closed == stored->closed);
  CHECK(found->entries.size() == stored->entries.size());
}

TEST_CASE("sqlite: a rollback drops what the caches learnt in it", "[sqlite][cache]") {
  testing::temp_dir dir;
  const auto path = dir.file("cache.db");
  auto store = storage::open(path, {.synchronous = storage::sync_mode::off});
  const chain c = make_chain(*store, {"张三"});

  SECTION("the transaction's") {
    {
      storage::transaction tx(*store);
      REQUIRE(store->latest_chain(chat));
      store->insert_chain_entry(c.id, entry("李四"));
      CHECK(names_of(store->latest_chain(chat)).size() == 2);
      group_buy g;
      g.chat = chat;
      g.title = "蔬菜包";
      g.unit = "份";
      CHECK_FALSE(store->open_group_buy(chat));
      store->insert_group_buy(g);
      CHECK(store->open_group_buy(chat));
    }  // not committed: rolled back
    storage::transaction tx(*store);
    CHECK(names_of(store->latest_chain(chat)) == std::vector<std::string>{"张三"});
    CHECK_FALSE(store->open_group_buy(chat));
    tx.commit();
  }
  SECTION("a savepoint's") {
    storage::transaction tx(*store);
    REQUIRE(store->latest_chain(chat));
    {
      storage::savepoint sp(*store);
      store->insert_chain_entry(c.id, entry("李四"));
      CHECK(names_of(store->latest_chain(chat)).size() == 2);
      sp.rollback();
    }
    CHECK(names_of(store->latest_chain(chat)) == std::vector<std::string>{"张三"});
    tx.commit();
  }
}

TEST_CASE("sqlite: another connection's commit empties the writer's caches", "[sqlite][cache]") {
  testing::temp_dir dir;
  const auto path = dir.file("cache.db");
  auto store = storage::open(path, {.synchronous = storage::sync_mode::off});
  const chain c = make_chain(*store, {"张三"});
  {
    storage::transaction tx(*store);
    CHECK(names_of(store->latest_chain(chat)).size() == 1);  // cached
    CHECK_FALSE(store->open_group_buy(chat));                // cached: none open
    tx.commit();
  }
  {  // another process, writing the file directly
    SQLite::Database other(path, SQLite::OPEN_READWRITE);
    other.exec("UPDATE chain_entries SET name = '张三丰'");
    other.exec(
        "INSERT INTO group_buys (platform, chat_id, title, unit, unit_price_cents, closed, "
        "opened_ms) VALUES ('generic', 'g1', '蔬菜包', '份', 6800, 0, 1)");
  }
  {  // and another store
    auto second = storage::open(path, {.synchronous = storage::sync_mode::off});
    storage::transaction tx(*second);
    second->insert_chain_entry(c.id, entry("李四"));
    tx.commit();
  }
  storage::transaction tx(*store);
  CHECK(names_of(store->latest_chain(chat)) == std::vector<std::string>{"张三丰", "李四"});
  const auto buy = store->open_group_buy(chat);
  REQUIRE(buy);
  CHECK(buy->title == "蔬菜包");
  tx.commit();
}

TEST_CASE("sqlite: a chat evicted from the chain cache reads back the same", "[sqlite][cache]") {
  storage::sqlite::chain_cache cache(64 * 1024);
  std::vector<chain> chains;
  for (int i = 0; i < 40; ++i) {  // about 40 x 4 KiB: more than the budget
    chain c;
    c.id = i + 1;
    c.chat = {"generic", "c" + std::to_string(i)};
    c.header_key = "k";
    for (int n = 0; n < 20; ++n) {
      c.entries.push_back(entry("志愿者" + std::to_string(n) + std::string(100, 'x')));
      c.entries.back().id = n + 1;
    }
    cache.put_latest("c" + std::to_string(i), std::make_shared<chain>(c));
    chains.push_back(c);
    CHECK(cache.bytes() <= 64 * 1024);
  }
  CHECK(cache.chats() < 40);
  CHECK_FALSE(cache.latest("c0"));  // the least recently used went first
  const auto newest = cache.latest("c39");
  REQUIRE(newest);
  REQUIRE(*newest != nullptr);
  CHECK((*newest)->entries.size() == 20);
  CHECK((*newest)->entries.back().name == chains.back().entries.back().name);

  // Through the store: a chain of 20,000 entries reads back the same from the cache each time.
  testing::temp_dir dir;
  const auto path = dir.file("evict.db");
  auto store = storage::open(path, {.synchronous = storage::sync_mode::off});
  std::vector<std::string> names;
  for (int n = 0; n < 20'000; ++n) names.push_back("志愿者" + std::to_string(n) + "号 5号楼");
  make_chain(*store, names);
  storage::transaction tx(*store);
  for (int round = 0; round < 3; ++round) CHECK(names_of(store->latest_chain(chat)) == names);
  tx.commit();
}

namespace {

// Chain 1 of the chat, header key "k", with entries 1, 2, ... named `names`.
chain cached_chain(const std::vector<std::string>& names) {
  chain c;
  c.id = 1;
  c.chat = chat;
  c.header_key = "k";
  for (const std::string& name : names) {
    c.entries.push_back(entry(name));
    c.entries.back().id = static_cast<std::int64_t>(c.entries.size());
  }
  return c;
}

}  // namespace

TEST_CASE("sqlite: an entry added to a cached chain counts as if the chain were read again",
          "[sqlite][cache]") {
  chain c = cached_chain({"志愿者0" + std::string(40, 'x'), "志愿者1" + std::string(40, 'x'),
                          "志愿者2" + std::string(40, 'x')});
  storage::sqlite::chain_cache grown(1 << 20), read(1 << 20);
  grown.put_latest("g1", std::make_shared<chain>(c));
  chain_entry added = entry("新人" + std::string(40, 'y'));
  added.id = 4;
  grown.entry_inserted(1, added);
  c.entries.push_back(added);
  read.put_latest("g1", std::make_shared<chain>(c));
  CHECK(grown.bytes() == read.bytes());
  CHECK((*grown.latest("g1"))->entries.size() == 4);
}

TEST_CASE("sqlite: a chain held from the cache stays as read while the cache changes",
          "[sqlite][cache]") {
  const chain c = cached_chain({"志愿者甲"});
  storage::sqlite::chain_cache cache(1 << 20);
  cache.put("g1", std::make_shared<chain>(c));
  const auto held = cache.find("g1", "k");
  REQUIRE(held);
  chain_entry added = entry("新人");
  added.id = 2;
  cache.entry_inserted(1, added);
  chain_entry left = held->entries.front();
  left.state = entry_state::left;
  cache.entry_updated(left);
  // The holder still sees the chain it read; the cache has both changes.
  CHECK(held->entries.size() == 1);
  CHECK(held->entries.front().state == entry_state::active);
  auto now = cache.find("g1", "k");
  REQUIRE(now->entries.size() == 2);
  CHECK(now->entries.front().state == entry_state::left);
  CHECK(now != held);
  // Once nobody holds it, a change is made in place, not to a copy.
  const chain* address = now.get();
  CHECK(address != held.get());
  now.reset();
  chain_entry third = entry("第三人");
  third.id = 3;
  cache.entry_inserted(1, third);
  const auto again = cache.find("g1", "k");
  CHECK(again.get() == address);
  CHECK(again->entries.size() == 3);
}
