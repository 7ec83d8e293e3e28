// 接龙 chains with their entries.

#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::chat_b;

namespace {

chain sample_chain(const std::string& key) {
  chain c;
  c.chat = chat_a;
  c.header_key = key;
  c.title = "明日核酸";
  c.header = {"#接龙 明日核酸", "限20人"};
  c.example = "例 张三";
  c.tail = {"谢谢", "（自愿）"};
  c.capacity = 20;
  c.slot_caps = {{"上午", 10}, {"下午", 8}};
  c.deadline_ms = 1669122000000;
  c.opened_ms = 1669111200000;
  return c;
}

chain_entry sample_entry() {
  chain_entry e;
  e.content = "张阿姨 3号楼 上午（王五帮报）";
  e.key = "k";
  e.name = "张阿姨";
  e.detail = "3号楼 上午";
  e.slot = "上午";
  e.sender_id = "u5";
  e.sender_name = "王五";
  e.registered_by = "王五";
  e.added_ms = 7;
  e.changed_ms = 8;
  return e;
}

}  // namespace

CONTRACT_TEST("a chain round-trips every field with its entries in arrival order", "[chains]") {
  auto store = backend.make_store();
  CHECK_FALSE(store->latest_chain(chat_a));
  chain c = sample_chain("key1");
  c.id = store->insert_chain(c);
  const chain_entry e = sample_entry();
  const auto first = store->insert_chain_entry(c.id, e);
  chain_entry plain = e;
  plain.content = "李四";
  plain.slot.reset();
  plain.registered_by.reset();
  plain.state = entry_state::rejected;
  const auto second = store->insert_chain_entry(c.id, plain);
  CHECK(second > first);

  const auto loaded = store->find_chain(chat_a, "key1");
  REQUIRE(loaded);
  CHECK(loaded->id == c.id);
  CHECK(loaded->chat == chat_a);
  CHECK(loaded->header_key == "key1");
  CHECK(loaded->title == "明日核酸");
  CHECK(loaded->header == c.header);
  CHECK(loaded->example == "例 张三");
  CHECK(loaded->tail == c.tail);
  CHECK(loaded->capacity == 20);
  CHECK(loaded->slot_caps == c.slot_caps);
  CHECK(loaded->deadline_ms == c.deadline_ms);
  CHECK_FALSE(loaded->closed);
  CHECK(loaded->opened_ms == 1669111200000);
  REQUIRE(loaded->entries.size() == 2);
  const chain_entry& a = loaded->entries[0];
  CHECK(a.id == first);
  CHECK(a.content == e.content);
  CHECK(a.key == "k");
  CHECK(a.name == "张阿姨");
  CHECK(a.detail == "3号楼 上午");
  CHECK(a.slot == "上午");
  CHECK(a.sender_id == "u5");
  CHECK(a.sender_name == "王五");
  CHECK(a.registered_by == "王五");
  CHECK(a.state == entry_state::active);
  CHECK(a.added_ms == 7);
  CHECK(a.changed_ms == 8);
  const chain_entry& b = loaded->entries[1];
  CHECK(b.id == second);
  CHECK(b.content == "李四");
  CHECK_FALSE(b.slot);
  CHECK_FALSE(b.registered_by);
  CHECK(b.state == entry_state::rejected);
}

CONTRACT_TEST("a chain's settings and its entries' states are saved", "[chains]") {
  auto store = backend.make_store();
  chain c = sample_chain("key1");
  c.id = store->insert_chain(c);
  chain_entry e = sample_entry();
  e.id = store->insert_chain_entry(c.id, e);

  e.state = entry_state::left;
  e.changed_ms = 9;
  store->update_chain_entry(e);
  c.closed = true;
  c.capacity.reset();
  c.deadline_ms.reset();
  c.slot_caps = {{"晚上", 3}};
  store->update_chain(c);

  const auto loaded = store->latest_chain(chat_a);
  REQUIRE(loaded);
  CHECK(loaded->closed);
  CHECK_FALSE(loaded->capacity);
  CHECK_FALSE(loaded->deadline_ms);
  CHECK(loaded->slot_caps == std::map<std::string, int>{{"晚上", 3}});
  REQUIRE(loaded->entries.size() == 1);
  CHECK(loaded->entries[0].state == entry_state::left);
  CHECK(loaded->entries[0].changed_ms == 9);
  CHECK(loaded->entries[0].added_ms == 7);

  // An owner's edit: the text changes, the entry keeps its id (its place).
  e.state = entry_state::active;
  e.content = "张三 3号楼 下午 有车";
  e.key = "张三3号楼下午有车";
  e.detail = "3号楼 下午 有车";
  e.slot = "下午";
  store->update_chain_entry(e);
  const chain_entry edited = store->latest_chain(chat_a)->entries.at(0);
  CHECK(edited.id == e.id);
  CHECK(edited.content == e.content);
  CHECK(edited.key == e.key);
  CHECK(edited.detail == e.detail);
  CHECK(edited.slot == "下午");

  c.capacity = 5;
  c.slot_caps.clear();
  store->update_chain(c);
  CHECK(store->latest_chain(chat_a)->capacity == 5);
  CHECK(store->latest_chain(chat_a)->slot_caps.empty());
}

CONTRACT_TEST("the latest chain is the newest; one chain per header in a chat", "[chains]") {
  auto store = backend.make_store();
  chain c = sample_chain("key1");
  c.id = store->insert_chain(c);
  chain newer = sample_chain("key2");
  newer.header.clear();
  newer.tail.clear();
  newer.id = store->insert_chain(newer);
  const auto latest = store->latest_chain(chat_a);
  REQUIRE(latest);
  CHECK(latest->id == newer.id);
  CHECK(latest->header.empty());
  CHECK(latest->tail.empty());
  CHECK(latest->entries.empty());
  CHECK(store->find_chain(chat_a, "key1")->id == c.id);

  CHECK_THROWS(store->insert_chain(newer));
  chain elsewhere = sample_chain("key1");
  elsewhere.chat = chat_b;
  elsewhere.id = store->insert_chain(elsewhere);
  CHECK(store->find_chain(chat_b, "key1")->id == elsewhere.id);
  CHECK(store->latest_chain(chat_a)->id == newer.id);
  CHECK_FALSE(store->find_chain(chat_a, "key3"));
}

CONTRACT_TEST("the current chain is a coordinator's newest, else the newest", "[chains]") {
  auto store = backend.make_store();
  chain coordinators = sample_chain("key1");
  coordinators.by_coordinator = true;
  coordinators.id = store->insert_chain(coordinators);
  chain members = sample_chain("key2");
  members.id = store->insert_chain(members);
  CHECK(store->latest_chain(chat_a)->id == coordinators.id);
  CHECK(store->latest_chain(chat_a)->by_coordinator);
  CHECK_FALSE(store->find_chain(chat_a, "key2")->by_coordinator);
  chain newer = sample_chain("key3");
  newer.by_coordinator = true;
  newer.id = store->insert_chain(newer);
  CHECK(store->latest_chain(chat_a)->id == newer.id);
  // Without a coordinator's chain, the newest one.
  chain alone = sample_chain("key1");
  alone.chat = chat_b;
  alone.id = store->insert_chain(alone);
  chain later = sample_chain("key2");
  later.chat = chat_b;
  later.id = store->insert_chain(later);
  CHECK(store->latest_chain(chat_b)->id == later.id);
}
