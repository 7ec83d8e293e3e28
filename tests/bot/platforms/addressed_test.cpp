// Addressed by mention on every platform: each adapter marks a message that @-mentions the bot
// and removes that mention (not other people's), from the platforms' official samples; then a
// command, a keyword and a chain copy after the mention are answered exactly as without one.

#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>

#include "bot/platforms/dingtalk/dingtalk.hpp"
#include "bot/platforms/feishu/feishu.hpp"
#include "bot/platforms/onebot/onebot.hpp"
#include "bot/platforms/onebot12/onebot12.hpp"
#include "bot/platforms/slack/slack.hpp"
#include "bot/platforms/telegram/telegram.hpp"
#include "handlers/core/dispatcher.hpp"
#include "tests/bot/platforms/platform_test_support.hpp"
#include "tests/bot/platforms/wecom_test_support.hpp"
#include "tests/support.hpp"

using namespace linli;
using namespace linli::bot;
using namespace linli::testing;
using json = nlohmann::json;

namespace {

// The official Telegram sample as a group message "text" with entities.
envelope telegram_message(const platform& p, const std::string& text, json entities) {
  json update = json::parse(fixture("telegram/official_webhooks_guide_message_entities.json"));
  update["message"]["chat"] = {{"id", -1001234567890}, {"type", "supergroup"}, {"title", "3号楼"}};
  update["message"]["text"] = text;
  update["message"]["entities"] = std::move(entities);
  update["update_id"] = update["update_id"].get<int>() + static_cast<int>(text.size());
  auto in = p.parse(post(update.dump()), 0);
  REQUIRE(in.message);
  return *in.message;
}

json mention(int offset, int length) {
  return {{"type", "mention"}, {"offset", offset}, {"length", length}};
}

envelope slack_message(const platform& p, const std::string& text, bool authorizations = true) {
  json event = json::parse(fixture("slack/official_doc_message_event_inner.json"));
  event["text"] = text;
  json root = {{"type", "event_callback"},
               {"event_id", "Ev" + std::to_string(text.size())},
               {"event_time", 1355517523},
               {"event", event}};
  if (authorizations) root["authorizations"] = {{{"user_id", "UBOT"}, {"is_bot", true}}};
  auto in = p.parse(post(root.dump()), 0);
  REQUIRE(in.message);
  return *in.message;
}

envelope feishu_message(const platform& p, const std::string& text, json mentions) {
  json root = json::parse(fixture("feishu/official_doc_im_message_receive_v1_group.json"));
  root["event"]["message"]["content"] = json{{"text", text}}.dump();
  root["event"]["message"]["mentions"] = std::move(mentions);
  root["header"]["event_id"] = "ev-" + std::to_string(text.size());
  auto in = p.parse(post(root.dump()), 0);
  REQUIRE(in.message);
  return *in.message;
}

json feishu_mention(const std::string& key, const std::string& open_id, const std::string& name) {
  return {{"key", key}, {"id", {{"open_id", open_id}}}, {"name", name}};
}

// What the handlers answer to `e` in a fresh chat, after opening a chain there when asked.
struct answered {
  chat_fixture chat;
  std::string reply_to(envelope e) {
    e.received_at_ms = (chat.clock_ms += chat.step_ms);
    storage::transaction tx(*chat.store);
    const auto out = chat.bot.handle(e, *chat.store);
    tx.commit();
    std::string text;
    for (const auto& r : out.answers) text += r.text + "\n";
    return text;
  }
};

}  // namespace

TEST_CASE("telegram: @bot first is addressed and removed; other mentions stay",
          "[platforms][addressed]") {
  config::platform_config named;
  named.bot_username = "@Linli_Bot";
  named.given = {"bot_username"};
  const auto p =
      platforms::make_telegram(with_env({{"LINLI_TELEGRAM_TOKEN", "1:a"}}, {{"telegram", named}}));
  const envelope list = telegram_message(*p, "@linli_bot 名单", {mention(0, 10)});
  CHECK(list.addressed);
  CHECK(list.text == "名单");
  CHECK(list.mentions.empty());
  // UTF-16 offsets: the bot's mention after an emoji and Chinese, another person's kept.
  const envelope mid =
      telegram_message(*p, "😷请 @LINLI_BOT 看 @wang 的需求", {mention(4, 10), mention(17, 5)});
  CHECK(mid.addressed);
  CHECK(mid.text == "😷请 看 @wang 的需求");
  CHECK(mid.mentions == std::vector<std::string>{"@wang"});
  const envelope other = telegram_message(*p, "@wang 名单", {mention(0, 5)});
  CHECK_FALSE(other.addressed);
  CHECK(other.text == "@wang 名单");
  // A private chat is with the bot.
  auto in = p->parse(post(fixture("telegram/official_webhooks_guide_message_entities.json")), 0);
  CHECK(in.message->addressed);

  answered a;
  a.chat.chat = list.chat;
  CHECK_THAT(a.reply_to(telegram_message(*p, "@linli_bot /ping", {mention(0, 10)})),
             Catch::Contains("在线"));
}

TEST_CASE("slack: <@UBOT> is addressed and removed, by the event's authorizations or config",
          "[platforms][addressed]") {
  const auto p = platforms::make_slack(with_env({{"LINLI_SLACK_BOT_TOKEN", "xoxb-1"}}));
  const envelope list = slack_message(*p, "<@UBOT> 名单");
  CHECK(list.addressed);
  CHECK(list.text == "名单");
  CHECK(list.mentions.empty());
  const envelope both = slack_message(*p, "请 <@UBOT> 看看 <@U123|wang> &amp; 李");
  CHECK(both.addressed);
  CHECK(both.text == "请 看看 @wang & 李");
  CHECK(both.mentions == std::vector<std::string>{"U123"});
  const envelope plain = slack_message(*p, "<@U123> 名单");
  CHECK_FALSE(plain.addressed);
  CHECK(plain.text == "@U123 名单");
  // Without authorizations in the event, the configured id.
  CHECK_FALSE(slack_message(*p, "<@UBOT> 名单", false).addressed);
  const auto configured = platforms::make_slack(
      with_env({{"LINLI_SLACK_BOT_TOKEN", "xoxb-1"}, {"LINLI_SLACK_BOT_USER_ID", "UBOT"}}));
  CHECK(slack_message(*configured, "<@UBOT> 名单", false).text == "名单");
}

TEST_CASE("feishu: @_user_1 that is the bot is addressed and removed", "[platforms][addressed]") {
  const auto p = platforms::make_feishu(
      with_env({{"LINLI_FEISHU_APP_ID", "cli_1"}, {"LINLI_FEISHU_BOT_OPEN_ID", "ou_bot"}}));
  const envelope ping =
      feishu_message(*p, "@_user_1 /ping", {feishu_mention("@_user_1", "ou_bot", "邻里")});
  CHECK(ping.addressed);
  CHECK(ping.text == "/ping");
  CHECK(ping.mentions.empty());
  const envelope both = feishu_message(
      *p, "@_user_2 请 @_user_1 看",
      {feishu_mention("@_user_1", "ou_bot", "邻里"), feishu_mention("@_user_2", "ou_tom", "Tom")});
  CHECK(both.addressed);
  CHECK(both.text == "@Tom 请 看");
  CHECK(both.mentions == std::vector<std::string>{"ou_tom"});
  // The official sample mentions Tom, not the bot.
  auto sample = p->parse(post(fixture("feishu/official_doc_im_message_receive_v1_group.json")), 0);
  CHECK_FALSE(sample.message->addressed);

  answered a;
  a.chat.chat = ping.chat;
  CHECK_THAT(a.reply_to(ping), Catch::Contains("在线"));
}

TEST_CASE(
    "on every platform a command, a keyword and a chain copy after the mention are answered "
    "as without",
    "[platforms][addressed]") {
  config::platform_config named;
  named.bot_username = "linli_bot";
  named.given = {"bot_username"};
  const auto tg =
      platforms::make_telegram(with_env({{"LINLI_TELEGRAM_TOKEN", "1:a"}}, {{"telegram", named}}));
  const auto sl = platforms::make_slack(with_env({{"LINLI_SLACK_BOT_TOKEN", "xoxb-1"}}));
  const auto fs = platforms::make_feishu(
      with_env({{"LINLI_FEISHU_APP_ID", "cli_1"}, {"LINLI_FEISHU_BOT_OPEN_ID", "ou_bot"}}));
  const auto ob = platforms::make_onebot(with_env({{"LINLI_ONEBOT_API_BASE", "http://x"}}));
  const auto ob12 = platforms::make_onebot12(with_env({{"LINLI_ONEBOT12_API_BASE", "http://x"}}));
  const auto wc = wecom_samples::bot_with();
  const auto dt = platforms::make_dingtalk(with_env({{"LINLI_DINGTALK_APP_SECRET", "s"}}));
  int sent = 0;  // each message its own delivery id
  const auto parsed = [](const platform& p, const http_request& request) {
    auto in = p.parse(request, 0);
    REQUIRE(in.message);
    return *in.message;
  };
  // Each platform's own way of putting the bot's mention first, as its official samples show.
  const std::vector<std::pair<std::string, std::function<envelope(const std::string&)>>> platforms =
      {{"telegram",
        [&](const std::string& text) {
          return telegram_message(*tg, "@linli_bot " + text, {mention(0, 10)});
        }},
       {"slack", [&](const std::string& text) { return slack_message(*sl, "<@UBOT> " + text); }},
       {"feishu",
        [&](const std::string& text) {
          return feishu_message(*fs, "@_user_1 " + text,
                                {feishu_mention("@_user_1", "ou_bot", "邻里")});
        }},
       {"onebot 11 (CQ string)",
        [&](const std::string& text) {
          return parsed(*ob, post(json{{"post_type", "message"},
                                       {"message_type", "group"},
                                       {"group_id", 555},
                                       {"user_id", 42},
                                       {"self_id", 10001},
                                       {"message_id", ++sent},
                                       {"time", 1},
                                       {"message", "[CQ:at,qq=10001] " + text}}
                                      .dump()));
        }},
       {"onebot 12 (segments)",
        [&](const std::string& text) {
          json message =
              json::parse(fixture("onebot12/event_group_message.json"))["final"]["parsed"];
          message["id"] = "ev-" + std::to_string(++sent);
          message["message"] = json::array(
              {{{"type", "mention"}, {"data", {{"user_id", message["self"]["user_id"]}}}},
               {{"type", "text"}, {"data", {{"text", " " + text}}}}});
          return parsed(*ob12, post(message.dump(), {{"x-onebot-version", "12"}}));
        }},
       {"wecom",
        [&](const std::string& text) {
          json message = wecom_samples::payload("aibot_callback_text_group.json");
          message["msgid"] = "msg-" + std::to_string(++sent);
          message["text"]["content"] = "@RobotA " + text;
          message.erase("quote");
          return parsed(*wc, wecom_samples::callback(message.dump()));
        }},
       {"dingtalk", [&](const std::string& text) {
          // DingTalk takes the robot's @ out itself and delivers only what mentions it.
          json message =
              json::parse(fixture("dingtalk/official_doc_outgoing_robot_group_message.json"));
          message["msgId"] = "msg-" + std::to_string(++sent);
          message["text"]["content"] = text;
          return parsed(*dt, post(message.dump()));
        }}};
  const std::string chain = "#接龙 明日核酸点志愿者\n限2人\n1. 阿A 1号楼";
  const std::string copy = chain + "\n2. 阿B 2号楼";
  for (const auto& [name, through] : platforms) {
    INFO(name);
    answered with, without;
    const envelope opened = through(chain);
    REQUIRE(opened.addressed);
    REQUIRE(opened.text == chain);
    with.chat.chat = without.chat.chat = opened.chat;
    envelope plain = opened;
    CHECK(with.reply_to(opened) == without.reply_to(plain));
    for (const std::string& text :
         {copy, std::string("名单"), std::string("/help"), std::string("/ping")}) {
      INFO(text);
      envelope e = through(text);
      CHECK(e.addressed);
      CHECK(e.text == text);
      envelope bare = e;
      bare.text = text;
      const std::string answer = with.reply_to(e);
      CHECK_FALSE(answer.empty());
      CHECK(answer == without.reply_to(bare));
    }
  }
}
