// /robot: a coordinator binds a WeCom chat's group robot; the key is never echoed, never kept in
// the inbox, and shown masked.

#include "handlers/core/robot_command.hpp"

#include <catch2/catch.hpp>

#include "bot/pipeline/apply.hpp"
#include "handlers/core/dispatcher.hpp"
#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;

namespace {

const std::string key = "693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa";
const std::string url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + key;

struct wecom_group : testing::chat_fixture {
  wecom_group() { chat = {"wecom", "wrkSFfCgAAtMQKg4xqDbcmA9c1o0"}; }

  // Through the writer's path, so the inbox row is what the writer keeps.
  bot::applied post(const std::string& who, const std::string& text, bool coordinator) {
    envelope e;
    e.chat = chat;
    e.delivery_id = "m" + std::to_string(++next_id);
    e.from = {who, who, coordinator ? platform_role::admin : platform_role::member};
    e.text = text;
    e.received_at_ms = (clock_ms += step_ms);
    storage::transaction tx(*store);
    bot::applied out = bot::apply_message(*store, bot, e);
    tx.commit();
    return out;
  }
};

std::string joined(const replies& answers) {
  std::string out;
  for (const reply& r : answers) out += r.text + "\n";
  return out;
}

}  // namespace

TEST_CASE("robot keys are read from a bare key or a webhook URL and masked", "[robot]") {
  CHECK(robot_key_of(key) == key);
  CHECK(robot_key_of(url) == key);
  CHECK(robot_key_of("  " + url + "&debug=1 ") == key);
  CHECK(robot_key_of("http://proxy.local/x?key=abcdefgh12#frag") == "abcdefgh12");
  CHECK_FALSE(robot_key_of("short"));
  CHECK_FALSE(robot_key_of("abc def ghi jkl"));
  CHECK_FALSE(robot_key_of("693a91f6;rm -rf"));
  CHECK_FALSE(robot_key_of(std::string(129, 'a')));
  CHECK(mask_key(key) == "693a****5aaa");
  CHECK(mask_key("abcdefgh") == "****");
}

TEST_CASE("a coordinator binds the group robot; the key is never echoed nor kept in the inbox",
          "[robot]") {
  wecom_group g;
  // A resident cannot, and their message loses the key too.
  const auto denied = g.post("u1", "/robot " + url, false);
  CHECK(denied.kind == kinds::denied);
  CHECK_FALSE(g.store->load_robot(g.chat));
  CHECK(g.store->find_message(g.chat, "m1")->message.text == "/robot [已隐藏 hidden]");

  const auto bound = g.post("boss", "/robot " + url, true);
  const std::string answer = joined(bound.answers);
  CHECK_THAT(answer, Catch::Contains("693a****5aaa"));
  CHECK(answer.find(key) == std::string::npos);
  CHECK(answer.find("91f6") == std::string::npos);
  const auto robot = g.store->load_robot(g.chat);
  REQUIRE(robot);
  CHECK(robot->key == key);
  CHECK(robot->bound_by == "boss");
  const auto kept = g.store->find_message(g.chat, "m2");
  REQUIRE(kept);
  CHECK(kept->message.text == "/robot [已隐藏 hidden]");
  CHECK(kept->message.text.find(key) == std::string::npos);
  // The alias and a full-width slash are the same command, equally hidden.
  g.post("boss", "／绑定机器人 " + key, true);
  CHECK(g.store->find_message(g.chat, "m3")->message.text.find(key) == std::string::npos);
  // Asking shows it masked; a bare /robot keeps its text (nothing secret in it).
  CHECK_THAT(joined(g.post("boss", "/robot", true).answers), Catch::Contains("693a****5aaa"));
  CHECK(g.store->find_message(g.chat, "m4")->message.text == "/robot");
  // The read API's view masks it too.
  const auto view = robot_view(*g.store, g.chat);
  CHECK(view["bound"] == true);
  CHECK(view["needed"] == true);
  CHECK(view["key"] == "693a****5aaa");
  CHECK(view.dump().find(key) == std::string::npos);
  // A bad key is explained, and unbinding forgets it.
  CHECK_THAT(joined(g.post("boss", "/robot hello", true).answers), Catch::Contains("/robot"));
  CHECK(g.store->load_robot(g.chat));
  g.post("boss", "/robot off", true);
  CHECK_FALSE(g.store->load_robot(g.chat));
  CHECK(robot_view(*g.store, g.chat)["bound"] == false);
}

TEST_CASE("other platforms need no robot; /report on WeCom says what waits for one", "[robot]") {
  testing::chat_fixture plain;
  CHECK_THAT(plain.reply("boss", "/robot " + key, true), Catch::Contains("不需要"));
  CHECK_FALSE(plain.store->load_robot(plain.chat));
  CHECK(plain.reply("boss", "/report", true).find("/robot") == std::string::npos);

  wecom_group g;
  outbound_message waiting;
  waiting.chat = g.chat;
  waiting.text = "明早 8:00 请确认";
  g.store->insert_outbound(waiting);
  g.store->insert_outbound(waiting);
  waiting.chat.chat_id = "another";
  g.store->insert_outbound(waiting);
  const std::string report = g.reply("boss", "/report", true);
  CHECK_THAT(report, Catch::Contains("2 条主动消息") && Catch::Contains("/robot"));
  g.post("boss", "/robot " + key, true);
  CHECK(g.reply("boss", "/report", true).find("/robot") == std::string::npos);
}
