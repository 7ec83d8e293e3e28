// The audit trail of coordinators' actions and residents' erasures (issue 15, items 15 and 16).

#include <catch2/catch.hpp>

#include "handlers/core/audit_views.hpp"
#include "tests/inbox_fixture.hpp"

using namespace linli;
using namespace linli::handlers;
using testing::all_text;

TEST_CASE("coordinators' commands and keywords are recorded with who and when", "[audit]") {
  testing::chat_fixture g;
  g.say("阿A", "#接龙 周六值班\n\n1. 阿A\n2. 阿B");
  g.say("阿A", "名单");  // a resident's: not recorded
  g.say("协调员", "/chain remove 2", true);
  g.say("协调员", "/chain close", true);
  const auto trail = g.store->list_audit(g.chat, 0, 10);
  REQUIRE(trail.size() == 2);
  CHECK(trail[0].action == "/chain");
  CHECK(trail[0].target == "close");
  CHECK(trail[1].target == "remove 2");
  CHECK(trail[1].actor_id == "协调员");
  CHECK(trail[1].actor_name == "协调员");
  CHECK(trail[1].at_ms == g.clock_ms - g.step_ms);
  CHECK(trail[1].chat == g.chat);
}

TEST_CASE("audit_view pages the trail as the read API shows it", "[audit]") {
  testing::chat_fixture g;
  g.say("协调员", "/chain new 周六值班", true);
  g.say("协调员", "/chain cap 5", true);
  g.say("协调员", "/chain close", true);
  const auto first = audit_view(*g.store, g.chat, 0, 2);
  REQUIRE(first.at("entries").size() == 2);
  CHECK(first.at("entries")[0].at("target") == "close");
  CHECK(first.at("entries")[0].at("actor").at("id") == "协调员");
  CHECK(first.at("entries")[0].at("scope") == "chat");
  REQUIRE(first.at("next_before").is_number());
  const auto second = audit_view(*g.store, g.chat, first.at("next_before").get<std::int64_t>(), 2);
  REQUIRE(second.at("entries").size() == 1);
  CHECK(second.at("entries")[0].at("target") == "new 周六值班");
  CHECK(second.at("next_before").is_null());
}

TEST_CASE("/forget asks first, then erases the sender's personal data and records it", "[audit]") {
  testing::inbox_chat g;
  g.say("王阿姨", "3号楼2单元501 需要 硝苯地平 2盒 电话13812345678");
  g.say("王阿姨", "#接龙 周六值班\n\n1. 王阿姨 13812345678");
  g.say("李四", "#接龙 周六值班\n\n1. 王阿姨 13812345678\n2. 李四");
  const auto ask = g.say("王阿姨", "/forget");
  CHECK_THAT(all_text(ask), Catch::Contains("确认请发送「/forget 确认」"));
  CHECK(g.store->find_message(g.chat, "m1")->message.text.starts_with("3号楼"));

  const auto done = g.say("王阿姨", "删除我的信息 确认");
  CHECK_THAT(all_text(done), Catch::Contains("已删除您的个人信息") && Catch::Contains("1 条需求") &&
                                 Catch::Contains("1 条接龙登记"));
  CHECK(g.store->find_message(g.chat, "m1")->message.text.empty());
  CHECK(g.store->find_message(g.chat, "m3")->message.text.starts_with("#接龙"));  // 李四's
  const auto need = g.store->find_request(g.chat, 1);
  REQUIRE(need);
  CHECK(need->requester_name.empty());
  CHECK(need->text.empty());
  // Off the roster: 李四 is first now.
  CHECK_THAT(all_text(g.say("李四", "名单")), Catch::Contains("1 人"));

  const auto trail = g.store->list_audit(g.chat, 0, 10);
  REQUIRE(trail.size() == 1);
  CHECK(trail[0].action == "forget");
  CHECK(trail[0].actor_id == "王阿姨");
  CHECK(trail[0].actor_name.empty());  // the name was part of what went
  CHECK(trail[0].rows >= 4);
  CHECK(trail[0].target.empty());
}
