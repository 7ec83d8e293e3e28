// Each platform as its users use it: Telegram forum topics, Slack threads and slash commands'
// response_url, OneBot 11 anonymous members.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bot/platforms/onebot/onebot.hpp"
#include "bot/platforms/slack/slack.hpp"
#include "bot/platforms/telegram/telegram.hpp"
#include "tests/bot/platforms/platform_test_support.hpp"

using namespace linli;
using namespace linli::bot;
using namespace linli::testing;
using json = nlohmann::json;

TEST_CASE("telegram: a message in a forum topic is answered in that topic",
          "[platforms][telegram]") {
  config::platform_config hook;
  hook.answer = "webhook";
  hook.given = {"answer"};
  const auto p =
      platforms::make_telegram(with_env({{"LINLI_TELEGRAM_TOKEN", "1:a"}}, {{"telegram", hook}}));
  json update = json::parse(fixture("telegram/official_webhooks_guide_message_text.json"));
  json& message = update["message"];
  message["chat"] = {{"id", -1001234567890}, {"type", "supergroup"}, {"is_forum", true}};
  message["is_topic_message"] = true;
  message["message_thread_id"] = 77;
  // Every message of a topic replies to the topic's creation message.
  message["reply_to_message"] = {
      {"message_id", 77}, {"forum_topic_created", {{"name", "3号楼"}}}, {"chat", message["chat"]}};
  inbound in = p->parse(post(update.dump()), 0);
  REQUIRE(in.message);
  CHECK(in.message->reply_to.empty());
  CHECK(in.message->route == "topic:77");
  CHECK(in.message->route_reaches_chat);  // kept: what linli sends on its own goes there too
  const json answer =
      json::parse(acknowledge(*p, in.message->chat, {{"在线"}}, false, {}, in.context).body);
  CHECK(answer["method"] == "sendMessage");
  CHECK(answer["message_thread_id"] == 77);
  // It quotes the message it answers, as an answer through sendMessage does.
  CHECK(answer["reply_parameters"]["message_id"] == 1365);
  // A reply to a real message inside the topic keeps it.
  message["reply_to_message"] = {{"message_id", 80}, {"chat", message["chat"]}};
  update["update_id"] = 99;
  in = p->parse(post(update.dump()), 0);
  CHECK(in.message->reply_to == "80");
  CHECK(in.message->route == "topic:77");
  // Outside a topic nothing changes.
  const auto plain =
      p->parse(post(fixture("telegram/official_webhooks_guide_message_text.json")), 0);
  CHECK(plain.message->route.empty());
  CHECK_FALSE(plain.message->route_reaches_chat);
  CHECK(json::parse(acknowledge(*p, plain.message->chat, {{"x"}}, false, {}, plain.context).body)
            .count("message_thread_id") == 0);
}

TEST_CASE(
    "slack: a thread's message is answered in the thread; slash commands keep their "
    "response_url",
    "[platforms][slack]") {
  const auto p = platforms::make_slack(with_env({{"LINLI_SLACK_BOT_TOKEN", "xoxb-1"}}));
  json event = json::parse(fixture("slack/official_doc_message_event_inner.json"));
  event["thread_ts"] = "1355517000.000001";
  const json root = {{"type", "event_callback"}, {"event_id", "EvT"}, {"event", event}};
  const auto in = p->parse(post(root.dump()), 0);
  REQUIRE(in.message);
  CHECK(in.message->route == "thread:1355517000.000001");
  CHECK(in.message->reply_to == "1355517000.000001");
  const auto rows = p->outbox_rows(*in.message, {{"在线"}});
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].route == "thread:1355517000.000001");

  http_request command = post("");
  command.headers = {{"content-type", "application/x-www-form-urlencoded"}};
  command.body =
      "command=%2Flinli&text=ping&channel_id=C1&user_id=U1&trigger_id=T1&response_url="
      "https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1%2F2%2Fabc";
  const auto slash = p->parse(command, 0);
  CHECK(slash.message->route == "response_url:https://hooks.slack.com/commands/T1/2/abc");
  // Another host is never followed.
  command.body =
      "command=%2Flinli&text=ping&channel_id=C1&user_id=U1&trigger_id=T2&response_url="
      "https%3A%2F%2Fevil.example%2Fx";
  CHECK(p->parse(command, 0).message->route.empty());
}

TEST_CASE("onebot: anonymous members are each a person of their own", "[platforms][onebot]") {
  const auto p = platforms::make_onebot(with_env({{"LINLI_ONEBOT_API_BASE", "http://x"}}));
  auto anonymous = [](const std::string& id, const std::string& name, int message_id) {
    return json{{"post_type", "message"},
                {"message_type", "group"},
                {"sub_type", "anonymous"},
                {"self_id", 10001},
                {"group_id", 20002},
                {"user_id", 80000000},
                {"message_id", message_id},
                {"time", 1669000000},
                {"message", "需要 大米"},
                {"anonymous", {{"id", std::stoll(id)}, {"name", name}, {"flag", "f" + id}}},
                {"sender", {{"user_id", 80000000}, {"nickname", "匿名消息"}, {"role", "admin"}}}}
        .dump();
  };
  const auto a = p->parse(post(anonymous("111", "大熊", 1)), 0);
  const auto b = p->parse(post(anonymous("222", "小鹿", 2)), 0);
  CHECK(a.message->from.id == "anonymous:111");
  CHECK(b.message->from.id == "anonymous:222");
  CHECK(a.message->from.name == "匿名 大熊");
  CHECK(a.message->from.role == platform_role::member);  // never a coordinator
  CHECK(a.message->delivery_id != b.message->delivery_id);
}
