// The OneBot 12 adapter against the specification's events in both published layouts
// (tests/fixtures/platforms/onebot12, from botuniverse/onebot and ComWeChatBotClient).

#include "bot/platforms/onebot12/onebot12.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/bot/platforms/platform_test_support.hpp"

using namespace linli;
using namespace linli::bot;
using namespace linli::testing;
using json = nlohmann::json;

namespace {

json spec(const std::string& file, const std::string& key) {
  return json::parse(fixture("onebot12/" + file))[key]["parsed"];
}

// An event as an implementation POSTs it: X-OneBot-Version 12 and the access token.
http_request event(const json& body, const std::string& token = "ob12-token") {
  return post(
      body.dump(),
      {{"x-onebot-version", "12"}, {"x-impl", "ComWechat"}, {"authorization", "Bearer " + token}});
}

json group_message(const std::string& id, json segments) {
  return {{"id", id},
          {"self", {{"platform", "wechat"}, {"user_id", "wxid_bot"}}},
          {"time", 1669000000.5},
          {"type", "message"},
          {"detail_type", "group"},
          {"sub_type", ""},
          {"message_id", "m-" + id},
          {"message", std::move(segments)},
          {"alt_message", "alt"},
          {"group_id", "12345@chatroom"},
          {"user_id", "wxid_asker"}};
}

}  // namespace

TEST_CASE("onebot12 reads group messages in the released and the draft layouts",
          "[platforms][onebot12]") {
  const auto p = platforms::make_onebot12(with_env({{"LINLI_ONEBOT12_API_BASE", "http://x"}}));
  for (const char* layout : {"final", "draft_2022"}) {
    INFO(layout);
    const auto in = p->parse(event(spec("event_group_message.json", layout)), 7);
    REQUIRE(in.message);
    const envelope& e = *in.message;
    CHECK(e.chat == chat_ref{"onebot12", "12345"});
    CHECK(e.delivery_id == "b6e65187-5ac0-489c-b431-53078e9d2bbb");
    CHECK(e.message_id == "6283");
    CHECK(e.from.id == "123456788");
    CHECK(e.text == "OneBot is not a bot[图片]");
    CHECK(e.sent_at == 1632847927);
    CHECK(e.received_at_ms == 7);
    CHECK_FALSE(e.addressed);
  }
  // The 2021 draft, typos as published: "messsage", and a "private" example carrying a group.
  const auto early = p->parse(event(spec("event_group_message.json", "draft_2021_early")), 7);
  REQUIRE(early.message);
  CHECK(early.message->chat == chat_ref{"onebot12", "private:123456788"});
  CHECK(early.message->text == "OneBot is not a bot[图片]");
  CHECK(early.message->addressed);

  const auto direct = p->parse(event(spec("event_private_message.json", "final")), 7);
  REQUIRE(direct.message);
  CHECK(direct.message->chat == chat_ref{"onebot12", "private:123456788"});
  CHECK(direct.message->route.empty());  // no one to @ in a private chat

  // Without a segment array, alt_message is the text.
  json plain = group_message("e1", nullptr);
  plain["alt_message"] = "3号楼 需要 大米";
  CHECK(p->parse(event(plain), 0).message->text == "3号楼 需要 大米");
}

TEST_CASE("onebot12 segments: the bot's mention is removed and marks the message addressed",
          "[platforms][onebot12]") {
  const auto p = platforms::make_onebot12(with_env({{"LINLI_ONEBOT12_API_BASE", "http://x"}}));
  const json segments =
      json::array({{{"type", "reply"}, {"data", {{"message_id", "m-0"}, {"user_id", "wxid_x"}}}},
                   {{"type", "mention"}, {"data", {{"user_id", "wxid_bot"}}}},
                   {{"type", "text"}, {"data", {{"text", " 3号楼2单元501 需要 硝苯地平 2盒 "}}}},
                   {{"type", "mention"}, {"data", {{"user_id", "wxid_lin"}}}},
                   {{"type", "mention_all"}, {"data", json::object()}},
                   {{"type", "image"}, {"data", {{"file_id", "f"}}}},
                   {{"type", "voice"}, {"data", {{"file_id", "v"}}}}});
  const auto in = p->parse(event(group_message("e2", segments)), 0);
  REQUIRE(in.message);
  const envelope& e = *in.message;
  CHECK(e.addressed);
  CHECK(e.text == "3号楼2单元501 需要 硝苯地平 2盒 @wxid_lin@全体成员[图片][语音]");
  CHECK(e.mentions == std::vector<std::string>{"wxid_lin"});
  CHECK(e.reply_to == "m-0");
  CHECK(e.route == "wxid_asker");  // answers @ the asker
  CHECK(in.context == "wxid_asker");
  CHECK(e.sent_at == 1669000000);

  // The draft layout names the bot at the top level.
  json draft =
      group_message("e3", json::array({{{"type", "mention"}, {"data", {{"user_id", "b"}}}},
                                       {{"type", "text"}, {"data", {{"text", "/ping"}}}}}));
  draft.erase("self");
  draft["self_id"] = "b";
  draft["platform"] = "wechat";
  CHECK(p->parse(event(draft), 0).message->text == "/ping");
  CHECK(p->parse(event(draft), 0).message->addressed);
}

TEST_CASE("onebot12 checks the access token in constant time, header or query",
          "[platforms][onebot12]") {
  const auto p = platforms::make_onebot12(with_env({{"LINLI_ONEBOT12_TOKEN", "ob12-token"}}));
  const json body = spec("event_group_message.json", "final");
  CHECK(status_of([&] { p->verify(event(body), 0); }) == 200);
  CHECK(status_of([&] { p->verify(event(body, "ob12-tokeN"), 0); }) == 401);
  CHECK(status_of([&] { p->verify(event(body, flip_one_byte("ob12-token", 0)), 0); }) == 401);
  CHECK(status_of([&] { p->verify(post(body.dump(), {{"x-onebot-version", "12"}}), 0); }) == 401);
  http_request by_query = post(body.dump(), {{"x-onebot-version", "12"}});
  by_query.target = "/v1/webhook/onebot12?access_token=ob12-token";
  CHECK(status_of([&] { p->verify(by_query, 0); }) == 200);
  by_query.target = "/v1/webhook/onebot12?access_token=wrong";
  CHECK(status_of([&] { p->verify(by_query, 0); }) == 401);
  http_request other_scheme = event(body);
  other_scheme.headers[2].second = "Token ob12-token";
  CHECK(status_of([&] { p->verify(other_scheme, 0); }) == 401);

  // Not OneBot 12, not JSON, no id.
  CHECK(status_of([&] { p->parse(post(body.dump()), 0); }) == 400);
  CHECK(status_of([&] { p->parse(post(body.dump(), {{"x-onebot-version", "11"}}), 0); }) == 400);
  json no_id = body;
  no_id.erase("id");
  CHECK(status_of([&] { p->parse(event(no_id), 0); }) == 400);
  json no_group = body;
  no_group.erase("group_id");
  CHECK(status_of([&] { p->parse(event(no_group), 0); }) == 400);
}

TEST_CASE("onebot12 meta events are answered 204 and not stored", "[platforms][onebot12]") {
  const auto p = platforms::make_onebot12(with_env({{"LINLI_ONEBOT12_TOKEN", "ob12-token"}}));
  const json meta = json::parse(fixture("onebot12/event_meta.json"));
  for (const char* name : {"final_connect", "final_heartbeat", "final_status_update",
                           "draft_heartbeat", "comwechat_heartbeat"}) {
    INFO(name);
    const auto in = p->parse(event(meta[name]["parsed"]), 0);
    CHECK_FALSE(in.message);
    REQUIRE(in.answer);
    CHECK(in.answer->status == 204);
    CHECK(in.answer->body.empty());
  }
  const auto notice = p->parse(event({{"id", "n1"}, {"type", "notice"}}), 0);
  CHECK_FALSE(notice.message);
}

TEST_CASE("onebot12 answers with send_message, quickly where configured", "[platforms][onebot12]") {
  const auto api = platforms::make_onebot12(with_env({{"LINLI_ONEBOT12_API_BASE", "http://x"}}));
  CHECK(api->inline_replies() == 0);
  CHECK(acknowledge(*api, {"onebot12", "g"}, {}).status == 204);

  config::platform_config quick;
  quick.answer = "webhook";
  const auto hook =
      platforms::make_onebot12(with_env({{"LINLI_ONEBOT12_TOKEN", "t"}}, {{"onebot12", quick}}));
  REQUIRE(hook->inline_replies() == 1);
  const http_response answer =
      acknowledge(*hook, {"onebot12", "12467"}, {{"已登记 #1"}}, false, {}, "wxid_asker");
  CHECK(answer.status == 200);
  const json actions = json::parse(answer.body);
  REQUIRE(actions.is_array());
  const json& action = actions.at(0);
  CHECK(action["action"] == "send_message");
  CHECK(action["params"]["detail_type"] == "group");
  CHECK(action["params"]["group_id"] == "12467");
  CHECK(action["params"]["message"][0] ==
        json{{"type", "mention"}, {"data", {{"user_id", "wxid_asker"}}}});
  CHECK(action["params"]["message"][1]["data"]["text"] == " 已登记 #1");
  // The spec's own request shape, as the fixture has it, for a reply without a mention.
  const json spec_request = spec("action_send_message.json", "spec_request_group");
  const json plain =
      json::parse(acknowledge(*hook, {"onebot12", "12467"}, {{"我是文字巴拉巴拉巴拉"}}).body)[0];
  CHECK(plain == spec_request);
  const json direct =
      json::parse(acknowledge(*hook, {"onebot12", "private:123445667"}, {{"嗨～"}}).body)[0];
  CHECK(direct["params"] ==
        spec("action_send_message.json", "spec_request_private_with_echo")["params"]);

  const capabilities& caps = hook->capabilities();
  CHECK(caps.sees_all_messages);
  CHECK(caps.answers_in_webhook);
  CHECK_FALSE(caps.limits.per_chat.empty());
  CHECK(make_platforms(
            with_env({{"LINLI_ONEBOT12_API_BASE", "http://x"}, {"LINLI_ONEBOT12_TOKEN", "t"}}))
            .find("onebot12"));
}

TEST_CASE("onebot12 takes a time past int64's range as no time, not as a wrapped one",
          "[platforms][onebot12]") {
  // The fuzzer's input (fuzz/corpus/platforms/onebot12-time-past-int64): converting such a double
  // to an integer is undefined behaviour.
  const auto p = platforms::make_onebot12(with_env({{"LINLI_ONEBOT12_API_BASE", "http://x"}}));
  for (const json& time : {json(1.6e22), json(-1.6e22), json(18446744073709551615ULL)}) {
    INFO(time.dump());
    json body = group_message("t", json::array({{{"type", "text"}, {"data", {{"text", "hi"}}}}}));
    body["time"] = time;
    const auto in = p->parse(event(body), 7);
    REQUIRE(in.message);
    CHECK(in.message->sent_at == 0);
    CHECK(in.message->text == "hi");
  }
}
