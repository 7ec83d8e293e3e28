// Chat settings and registered addresses.

#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::chat_b;

CONTRACT_TEST("a chat never seen has the default settings", "[chats]") {
  auto store = backend.make_store();
  const auto s = store->load_chat(chat_a);
  CHECK(s.lang == storage::language::zh);
  CHECK(s.time_zone.empty());
}

CONTRACT_TEST("chat settings are kept per chat and replaced when saved again", "[chats]") {
  auto store = backend.make_store();
  store->save_chat(chat_a, {.lang = storage::language::en, .time_zone = "Asia/Urumqi"});
  auto s = store->load_chat(chat_a);
  CHECK(s.lang == storage::language::en);
  CHECK(s.time_zone == "Asia/Urumqi");
  CHECK(store->load_chat(chat_b).lang == storage::language::zh);
  CHECK(store->load_chat({"telegram", "a"}).lang == storage::language::zh);

  store->save_chat(chat_a, {.lang = storage::language::zh});
  s = store->load_chat(chat_a);
  CHECK(s.lang == storage::language::zh);
  CHECK(s.time_zone.empty());
  // What a second connection reads was written, not only remembered.
  const auto reader = backend.connect(true);
  CHECK(reader->load_chat(chat_a).lang == storage::language::zh);
  store->save_chat(chat_b, {.lang = storage::language::en});
  CHECK(reader->load_chat(chat_b).lang == storage::language::en);
}

CONTRACT_TEST("a registered address is kept per chat and sender and replaced", "[chats]") {
  auto store = backend.make_store();
  CHECK_FALSE(store->load_address(chat_a, "u1"));
  store->save_address(chat_a, "u1", {"3", "2", "501"});
  store->save_address(chat_a, "u2", {"12", std::nullopt, std::nullopt});
  CHECK(store->load_address(chat_a, "u1") == address{"3", "2", "501"});
  const auto building_only = store->load_address(chat_a, "u2");
  REQUIRE(building_only);
  CHECK(building_only->building == "12");
  CHECK_FALSE(building_only->unit);
  CHECK_FALSE(building_only->room);
  CHECK_FALSE(store->load_address(chat_b, "u1"));

  store->save_address(chat_a, "u1", {"5", std::nullopt, "1202"});
  CHECK(store->load_address(chat_a, "u1") == address{"5", std::nullopt, "1202"});
}

CONTRACT_TEST("a chat's group robot is kept apart, replaced when bound again, removed", "[chats]") {
  auto store = backend.make_store();
  CHECK_FALSE(store->load_robot(chat_a));
  store->save_robot(chat_a, {"693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa", "boss", 1669000000000});
  auto robot = store->load_robot(chat_a);
  REQUIRE(robot);
  CHECK(robot->key == "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa");
  CHECK(robot->bound_by == "boss");
  CHECK(robot->bound_ms == 1669000000000);
  CHECK_FALSE(store->load_robot(chat_b));
  CHECK_FALSE(store->load_robot({"telegram", chat_a.chat_id}));
  // Nothing of it in the chat's settings.
  CHECK(store->load_chat(chat_a).time_zone.empty());

  store->save_robot(chat_a, {"k2", "lead", 2});
  const auto reader = backend.connect(true);
  robot = reader->load_robot(chat_a);
  REQUIRE(robot);
  CHECK(robot->key == "k2");
  CHECK(robot->bound_by == "lead");
  store->remove_robot(chat_a);
  CHECK_FALSE(reader->load_robot(chat_a));
  store->remove_robot(chat_b);  // nothing bound: nothing to do
  CHECK_FALSE(store->load_robot(chat_b));
}
