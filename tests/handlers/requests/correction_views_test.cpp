#include "handlers/requests/correction_views.hpp"

#include <catch2/catch.hpp>

#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;
using json = nlohmann::json;

namespace {

std::int64_t keep(testing::chat_fixture& g, const std::string& who, const std::string& text,
                  bool coordinator = false) {
  const int id = g.next_id + 1;
  const outcome out = g.say(who, text, coordinator);
  storage::stored_message m;
  m.message.chat = g.chat;
  m.message.delivery_id = "m" + std::to_string(id);
  m.message.from = {who, who, coordinator ? platform_role::admin : platform_role::member};
  m.message.text = text;
  m.message.received_at_ms = g.clock_ms;
  m.kind = out.kind;
  storage::transaction tx(*g.store);
  const std::int64_t seq = g.store->insert_message(m);
  tx.commit();
  return seq;
}

}  // namespace

TEST_CASE("corrections_view gives each correction as a corpus record, oldest first",
          "[correction_views]") {
  testing::chat_fixture g;
  const auto a = keep(g, "王阿姨", "我家老爷子常用的那个快用完了 3号楼2单元501");
  const auto b = keep(g, "赵大爷", "刚从药店回来 排了很久");
  keep(g, "协调员", "/代登记 " + std::to_string(a) + " 需求 3号楼2单元501 需要 硝苯地平 2盒 急",
       true);
  keep(g, "协调员", "/代登记 " + std::to_string(b) + " 供给 我家有 布洛芬 2盒 可以分享", true);

  const json view = corrections_view(*g.store, g.chat);
  REQUIRE(view["corrections"].size() == 2);
  const json& first = view["corrections"][0];
  CHECK(first["id"] == "x" + std::to_string(a));
  CHECK(first["split"] == "dev");
  CHECK(first["text"] == "我家老爷子常用的那个快用完了 3号楼2单元501");
  CHECK(first["note"] == "corrected text: 3号楼2单元501 需要 硝苯地平 2盒 急");
  CHECK(first["source"] == "linli correction in generic:g1 by 协调员");
  const json& label = first["label"];
  CHECK(label["kind"] == "need");
  CHECK(label["address"] == json{{"building", "3"}, {"unit", "2"}, {"room", "501"}});
  CHECK(label["items"] == json::array({{{"name", "硝苯地平"}, {"quantity", 2}, {"unit", "盒"}}}));
  CHECK(label["category"] == "medicine");
  CHECK(label["urgent"] == true);
  CHECK(label["money_cents"] == nullptr);
  for (const char* field : {"urgency_reason", "priority_group", "question"}) {
    CHECK(label.contains(field));
  }
  const json& second = view["corrections"][1];
  CHECK(second["label"]["kind"] == "offer");
  CHECK(second["label"]["items"][0]["name"] == "布洛芬");
  CHECK(second["label"]["urgent"] == false);
  CHECK(corrections_view(*g.store, {"generic", "other"})["corrections"].empty());
}
