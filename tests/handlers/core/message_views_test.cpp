#include "handlers/core/message_views.hpp"

#include <catch2/catch.hpp>

#include "storage/open.hpp"

using namespace linli;
using namespace linli::handlers;
using json = nlohmann::json;

namespace {

struct inbox {
  std::unique_ptr<storage::store> store = storage::open(":memory:");
  chat_ref chat{"generic", "g1"};

  void add(const std::string& id, const std::string& text, const std::string& kind,
           linli::replies answers = {}, chat_ref where = {"generic", "g1"}) {
    storage::stored_message m;
    m.message.chat = where;
    m.message.delivery_id = id;
    m.message.from = {"u1", "张三", platform_role::admin};
    m.message.text = text;
    m.message.sent_at = 1669000000;
    m.message.received_at_ms = 1669000000123;
    m.kind = kind;
    m.answers = std::move(answers);
    store->insert_message(m);
  }
};

}  // namespace

TEST_CASE("messages_view lists a chat's messages newest first with their replies",
          "[message_views]") {
  inbox b;
  b.add("m1", "/ping", "command", {{"在线 ✅"}});
  b.add("x1", "elsewhere", "chatter", {}, {"generic", "g2"});
  b.add("m2", "谢谢大家", "chatter");
  const json view = messages_view(*b.store, b.chat, {});
  CHECK(view["chat_id"] == "g1");
  CHECK(view["platform"] == "generic");
  CHECK(view["next_before"].is_null());
  REQUIRE(view["messages"].size() == 2);
  CHECK(view["messages"][1] == json{{"seq", 1},
                                    {"message_id", "m1"},
                                    {"sender", {{"id", "u1"}, {"name", "张三"}, {"role", "admin"}}},
                                    {"text", "/ping"},
                                    {"timestamp", 1669000000},
                                    {"received_at_ms", 1669000000123},
                                    {"kind", "command"},
                                    {"replies", {{{"text", "在线 ✅"}}}}});
  CHECK(view["messages"][0]["message_id"] == "m2");
  CHECK(view["messages"][0]["replies"] == json::array());
}

TEST_CASE("messages_view filters by kind and pages with next_before", "[message_views]") {
  inbox b;
  for (int i = 1; i <= 5; ++i) b.add("m" + std::to_string(i), "x", i % 2 ? "chatter" : "command");
  const json page = messages_view(*b.store, b.chat, {.limit = 2});
  REQUIRE(page["messages"].size() == 2);
  CHECK(page["messages"][0]["message_id"] == "m5");
  CHECK(page["next_before"] == 4);
  const json next = messages_view(*b.store, b.chat, {.before_seq = 4, .limit = 2});
  CHECK(next["messages"][0]["message_id"] == "m3");
  const json last = messages_view(*b.store, b.chat, {.before_seq = 2, .limit = 2});
  CHECK(last["messages"].size() == 1);
  CHECK(last["next_before"].is_null());
  const json chatter = messages_view(*b.store, b.chat, {.kind = "chatter"});
  CHECK(chatter["messages"].size() == 3);
  CHECK(messages_view(*b.store, b.chat, {.limit = 0})["next_before"].is_null());
}
