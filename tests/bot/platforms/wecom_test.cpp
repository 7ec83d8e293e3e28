// The WeCom 智能机器人 adapter: the URL verification, encrypted callbacks from the official docs'
// samples (tests/fixtures/platforms/wecom), passive replies and the response_url.

#include "bot/platforms/wecom/wecom.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "bot/net/http_client.hpp"
#include "bot/platforms/signature.hpp"
#include "bot/platforms/wecom/wecom_crypto.hpp"
#include "bot/platforms/wecom/wecom_robot.hpp"
#include "tests/bot/platforms/platform_test_support.hpp"
#include "tests/bot/platforms/wecom_test_support.hpp"

using namespace linli;
using namespace linli::bot;
using namespace linli::testing;
using json = nlohmann::json;

namespace {

using namespace linli::testing::wecom_samples;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TEST_CASE("wecom answers the URL verification with the decrypted echostr", "[platforms][wecom]") {
  // The official Go/C++ sample's request, verbatim (an application: its corp id is the receive id).
  const json vectors = json::parse(fixture("wecom/wxbizmsgcrypt_vectors.json"));
  const json& v = vectors["vectors"][0];
  REQUIRE(v["id"] == "classic_verify");
  const std::string published = v["http_request_as_published"];
  const std::string target = "/v1/webhook/wecom" + published.substr(published.find('?'));
  const json& keys = vectors["key_sets"]["B_classic"];
  const auto p = platforms::make_wecom(with_env({{"LINLI_WECOM_TOKEN", keys["token"]},
                                                 {"LINLI_WECOM_AES_KEY", keys["encoding_aes_key"]},
                                                 {"LINLI_WECOM_RECEIVE_ID", keys["receiveid"]}}));
  const http_request get{.method = "GET", .target = target};
  CHECK(status_of([&] { p->verify(get, 0); }) == 200);
  const inbound in = p->parse(get, 0);
  REQUIRE(in.answer);
  CHECK_FALSE(in.message);
  CHECK(in.answer->status == 200);
  CHECK(in.answer->body == v["derived_locally"]["plaintext_msg"].get<std::string>());
  CHECK_THAT(in.answer->content_type, Catch::StartsWith("text/plain"));

  // One byte of the signature changed; no signature; another receive id; no echostr.
  const std::size_t at = target.find("msg_signature=") + 20;
  CHECK(status_of([&] { p->verify({.method = "GET", .target = flip_one_byte(target, at)}, 0); }) ==
        401);
  CHECK(status_of([&] {
          p->verify({.method = "GET", .target = "/v1/webhook/wecom?timestamp=1&nonce=2&echostr=x"},
                    0);
        }) == 401);
  const auto aibot = platforms::make_wecom(with_env(
      {{"LINLI_WECOM_TOKEN", keys["token"]}, {"LINLI_WECOM_AES_KEY", keys["encoding_aes_key"]}}));
  CHECK(status_of([&] { aibot->parse(get, 0); }) == 401);
  CHECK(status_of([&] {
          p->verify({.method = "GET", .target = "/v1/webhook/wecom?nonce=1"}, 0);
        }) == 400);
}

TEST_CASE("wecom reads a group text that @-mentions the bot, without the mention",
          "[platforms][wecom]") {
  const auto p = bot_with();
  json message = payload("aibot_callback_text_group.json");
  message["response_url"] = "https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=RC";
  const http_request request = callback(message.dump());
  CHECK(status_of([&] { p->verify(request, 0); }) == 200);
  const inbound in = p->parse(request, 5);
  REQUIRE(in.message);
  const envelope& e = *in.message;
  CHECK(e.chat == chat_ref{"wecom", "CHATID"});
  CHECK(e.delivery_id == "CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=");
  CHECK(e.from.id == "USERID");
  CHECK(e.text == "hello robot");
  CHECK(e.mentions.empty());  // the bot's own mention is `addressed`
  CHECK(e.addressed);
  CHECK(e.route == message["response_url"]);
  CHECK(e.received_at_ms == 5);
  CHECK(json::parse(in.context)["nonce"] == "n0nce");

  // With the bot's name configured, its mention goes wherever it stands.
  config::platform_config named;
  named.bot_username = "RobotA";
  named.given = {"bot_username"};
  const auto by_name = bot_with({{"wecom", named}});
  message["text"]["content"] = "3号楼2单元501 @RobotA 需要 硝苯地平 2盒";
  CHECK(by_name->parse(callback(message.dump()), 5).message->text ==
        "3号楼2单元501 需要 硝苯地平 2盒");

  // A response_url on another host is never followed: the envelope does not keep it.
  for (const char* forged :
       {"https://evil.example/cgi-bin/aibot/response", "https://qyapi.weixin.qq.com.evil.example/x",
        "https://qyapi.weixin.qq.com@evil.example/x", "RESPONSEURL"}) {
    message["response_url"] = forged;
    CHECK(p->parse(callback(message.dump()), 5).message->route.empty());
  }
  // ... but one on LINLI_WECOM_WEBHOOK_BASE's is (tests, proxies).
  const auto proxied = bot_with({}, {{"LINLI_WECOM_WEBHOOK_BASE", "http://127.0.0.1:9/"}});
  message["response_url"] = "http://127.0.0.1:9/cgi-bin/aibot/response?response_code=RC";
  CHECK(proxied->parse(callback(message.dump()), 5).message->route == message["response_url"]);
}

TEST_CASE("wecom reads mixed, image and voice messages; events are answered, not stored",
          "[platforms][wecom]") {
  const auto p = bot_with();
  const auto mixed = p->parse(callback(payload("aibot_callback_mixed.json").dump()), 0);
  REQUIRE(mixed.message);
  CHECK(mixed.message->text == "这是今日的测试情况\n[图片]");
  CHECK(mixed.message->delivery_id == "CAIQrcjMjQYY/NGagIOAgAMg6PDc/w0=");

  const json others = payload("aibot_callback_text_group.json", "other_messages_same_page");
  const auto image = p->parse(callback(others["image_single"].dump()), 0);
  REQUIRE(image.message);
  CHECK(image.message->chat == chat_ref{"wecom", "private:USERID"});
  CHECK(image.message->text == "[图片]");
  CHECK(image.message->addressed);
  const auto voice = p->parse(callback(others["voice_single"].dump()), 0);
  CHECK(voice.message->text == "这是语音转成文本的内容");
  const auto refresh = p->parse(callback(others["stream_refresh"].dump()), 0);
  CHECK_FALSE(refresh.message);

  const json events = json::parse(fixture("wecom/aibot_callback_events.json"));
  for (const char* event :
       {"enter_chat", "template_card_event_button_interaction", "feedback_event"}) {
    INFO(event);
    const auto in = p->parse(callback(events[event].dump()), 0);
    CHECK_FALSE(in.message);
    REQUIRE(in.answer);
    CHECK(in.answer->status == 200);
    CHECK(in.answer->body.empty());  // the empty reply each event allows
  }
}

TEST_CASE("wecom refuses forged, malformed and undecryptable callbacks", "[platforms][wecom]") {
  const auto p = bot_with();
  const std::string text = payload("aibot_callback_text_group.json").dump();
  http_request good = callback(text);
  http_request changed = good;
  changed.body = flip_one_byte(good.body, 20);  // inside the encrypted text
  CHECK(status_of([&] { p->verify(changed, 0); }) == 401);
  http_request unsigned_request = good;
  unsigned_request.target = "/v1/webhook/wecom?timestamp=1700000000&nonce=n0nce";
  CHECK(status_of([&] { p->verify(unsigned_request, 0); }) == 401);
  CHECK(status_of([&] { p->verify(post("not json"), 0); }) == 400);
  CHECK(status_of([&] { p->verify(post(R"({"encrypt": 7})"), 0); }) == 400);

  // Signed, but not something the key opens: 400.
  const std::string garbage = base64_encode(std::string(64, 'g'));
  const http_request undecryptable{
      .method = "POST",
      .target = "/v1/webhook/wecom?msg_signature=" + wecom::signature(token, "1", "2", garbage) +
                "&timestamp=1&nonce=2",
      .body = json{{"encrypt", garbage}}.dump()};
  CHECK(status_of([&] { p->verify(undecryptable, 0); }) == 200);
  CHECK(status_of([&] { p->parse(undecryptable, 0); }) == 400);
  // Meant for another receiver: 401. Decrypted but not JSON, or without a msgid: 400.
  CHECK(status_of([&] { p->parse(callback(text, "wwcorp"), 0); }) == 401);
  CHECK(status_of([&] { p->parse(callback("{ :mycreate"), 0); }) == 400);
  CHECK(status_of([&] { p->parse(callback(R"({"msgtype": "text", "chattype": "group"})"), 0); }) ==
        400);
  // An EncodingAESKey that is not one stops linli at start.
  CHECK_THROWS_AS(platforms::make_wecom(with_env({{"LINLI_WECOM_AES_KEY", "short"}})),
                  config::config_error);
}

TEST_CASE("wecom answers in the callback while WeCom waits, else through the response_url",
          "[platforms][wecom]") {
  const auto p = bot_with();
  json message = payload("aibot_callback_text_group.json");
  message["response_url"] = "https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=RC";
  inbound in = p->parse(callback(message.dump()), now_ms());
  const replies answers = {{"已登记 #1"}, {"第二句"}};
  REQUIRE(p->inline_replies() >= answers.size());

  // In time: one row, recorded as carried by the passive reply.
  const auto rows = p->outbox_rows(*in.message, answers);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].state == outbound_state::sent);
  CHECK(rows[0].route == "wecom:passive");
  CHECK(rows[0].text == "已登记 #1\n\n第二句");
  const http_response answer = acknowledge(*p, in.message->chat, answers, false, rows, in.context);
  const json sealed = json::parse(answer.body);
  CHECK(sealed["nonce"] == "n0nce");
  CHECK(sealed["timestamp"] == 1700000000);
  CHECK(sealed["msgsignature"] ==
        wecom::signature(token, "1700000000", "n0nce", sealed["encrypt"].get<std::string>()));
  const auto opened =
      wecom::decrypt(*wecom::aes_key(encoding_key), sealed["encrypt"].get<std::string>());
  REQUIRE(opened);
  CHECK(opened->receive_id.empty());
  const json reply = json::parse(opened->message);
  CHECK(reply["msgtype"] == "stream");
  CHECK(reply["stream"]["finish"] == true);
  CHECK(reply["stream"]["content"] == "已登记 #1\n\n第二句");
  CHECK(reply["stream"]["id"].get<std::string>().size() == 32);
  // A redelivery gets the original replies back, in the same stream.
  const json repeated =
      json::parse(acknowledge(*p, in.message->chat, answers, true, {}, in.context).body);
  const json again = json::parse(
      wecom::decrypt(*wecom::aes_key(encoding_key), repeated["encrypt"].get<std::string>())
          ->message);
  CHECK(again["stream"]["id"] == reply["stream"]["id"]);

  // Too late for the passive reply: the row waits for the response_url, the answer is empty.
  in.message->received_at_ms = now_ms() - 10'000;
  const auto late = p->outbox_rows(*in.message, answers);
  REQUIRE(late.size() == 1);
  CHECK(late[0].state == outbound_state::pending);
  CHECK(late[0].route == message["response_url"]);
  CHECK(acknowledge(*p, in.message->chat, answers, false, late, in.context).body.empty());
  CHECK(p->outbox_rows(*in.message, {}).empty());

  // answer: "api" sends every reply through the response_url.
  config::platform_config api;
  api.given = {"answer"};
  const auto confirmed = bot_with({{"wecom", api}});
  in.message->received_at_ms = now_ms();
  const auto through_api = confirmed->outbox_rows(*in.message, answers);
  CHECK(through_api.at(0).state == outbound_state::pending);
  CHECK(acknowledge(*confirmed, in.message->chat, answers, true, {}, in.context).body.empty());

  // No response_url (or a used one) and no group robot bound: no host is called; the row waits
  // (no attempt counted) and lets the chat's later replies pass.
  outbound_message own = late[0];
  own.route.clear();
  const delivery none = p->send(own, own.text);
  CHECK(none.result == delivery::outcome::wait);
  CHECK(none.retry_after_ms > 0);
  CHECK_THAT(none.error, Catch::Contains("waiting for a group robot webhook"));
  own.route = late[0].route;
  own.created_ms = now_ms() - 3'700'000;  // valid for an hour
  CHECK(p->send(own, own.text).result == delivery::outcome::wait);
  own.route = "https://evil.example/steal";
  CHECK_THAT(p->send(own, own.text).error, Catch::Contains("waiting for a group robot webhook"));
}

TEST_CASE("wecom sends what it sends on its own through the chat's bound group robot",
          "[platforms][wecom]") {
  std::vector<chat_ref> asked;
  platform_services services;
  services.robot_key = [&asked](const chat_ref& chat) -> std::optional<std::string> {
    asked.push_back(chat);
    if (chat.chat_id == "broken") throw std::runtime_error("database is locked");
    if (chat.chat_id != "wrkSFfCgAAtMQKg4xqDbcmA9c1o0") return std::nullopt;
    return "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
  };
  // Nothing listens on port 9 here: the call is made, and fails as a retry.
  const auto p =
      platforms::make_wecom(with_env({{"LINLI_WECOM_TOKEN", token},
                                      {"LINLI_WECOM_AES_KEY", encoding_key},
                                      {"LINLI_WECOM_WEBHOOK_BASE", "http://127.0.0.1:9/"}}),
                            services);
  outbound_message m;
  m.chat = {"wecom", "wrkSFfCgAAtMQKg4xqDbcmA9c1o0"};
  m.text = "明早 8:00 东门岗，请回复 1 确认";
  m.created_ms = now_ms();
  const delivery tried = p->send(m, m.text);
  CHECK(tried.result == delivery::outcome::retry);
  REQUIRE(asked.size() == 1);
  CHECK(asked[0] == m.chat);
  // The key never shows in what is logged or stored about a failure.
  CHECK(tried.error.find("693a91f6") == std::string::npos);
  m.chat.chat_id = "other";
  CHECK(p->send(m, m.text).result == delivery::outcome::wait);
  m.chat.chat_id = "broken";
  const delivery unread = p->send(m, m.text);
  CHECK(unread.result == delivery::outcome::retry);
  CHECK_THAT(unread.error, Catch::Contains("database is locked"));
}

TEST_CASE("wecom group robot: the send URL, the text body and its answers", "[platforms][wecom]") {
  CHECK(wecom::robot_url("https://qyapi.weixin.qq.com", "693a91f6-7xxx") ==
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx");
  CHECK(wecom::robot_url("http://127.0.0.1:8080/", "a b&c") ==
        "http://127.0.0.1:8080/cgi-bin/webhook/send?key=a%20b%26c");
  // The body as the official sample has it (fixtures: wecom/webhook_send.json).
  const json sample = json::parse(fixture("wecom/webhook_send.json"))["curl_text_hello_world"];
  CHECK(json::parse(wecom::robot_body("hello world")) == sample);
  const json limits = json::parse(fixture("wecom/webhook_send.json"))["limits"];
  CHECK_THAT(limits["text.content"].get<std::string>(), Catch::Contains("2048"));
  CHECK(wecom::robot_text_bytes == 2048);

  http_result ok{200, {}, R"({"errcode":0,"errmsg":"ok"})", ""};
  CHECK(wecom::checked(ok, "robot").result == delivery::outcome::sent);
  http_result limited{200, {}, R"({"errcode":45009,"errmsg":"api freq out of limit"})", ""};
  const delivery slow = wecom::checked(limited, "robot");
  CHECK(slow.result == delivery::outcome::retry);
  CHECK(slow.retry_after_ms == 60'000);
  http_result removed{200, {}, R"({"errcode":93000,"errmsg":"invalid webhook url"})", ""};
  const delivery gone = wecom::checked(removed, "robot");
  CHECK(gone.result == delivery::outcome::give_up);
  CHECK_THAT(gone.error, Catch::Contains("93000"));
  http_result busy{503, {}, "", ""};
  CHECK(wecom::checked(busy, "robot").result == delivery::outcome::retry);
}

TEST_CASE("wecom: mentions and origins", "[platforms][wecom]") {
  std::string removed;
  CHECK(wecom::strip_mention("@RobotA hello", "", removed) == "hello");
  CHECK(removed == "@RobotA");
  CHECK(wecom::strip_mention("@小林\u2005#接龙 明日\n1. 阿A", "", removed) == "#接龙 明日\n1. 阿A");
  CHECK(wecom::strip_mention("@小林\n#接龙", "", removed) == "#接龙");
  CHECK(wecom::strip_mention("3号楼 需要 药", "", removed) == "3号楼 需要 药");
  CHECK(removed.empty());
  CHECK(wecom::strip_mention("@ 你好", "", removed) == "@ 你好");
  CHECK(wecom::strip_mention("@linli", "", removed).empty());
  CHECK(wecom::strip_mention("请 @小林 看看 @小林", "小林", removed) == "请 看看 ");
  CHECK(wecom::strip_mention("@小林看看", "小林", removed) == "@小林看看");  // another name
  CHECK(wecom::strip_mention("a@小林 b", "小林", removed) == "a@小林 b");    // an address
  CHECK(removed.empty());

  CHECK(wecom::same_origin("https://qyapi.weixin.qq.com/cgi-bin/x?y=1",
                           "https://qyapi.weixin.qq.com"));
  CHECK(wecom::same_origin("HTTPS://QYAPI.weixin.qq.com/x", "https://qyapi.weixin.qq.com"));
  CHECK_FALSE(wecom::same_origin("http://qyapi.weixin.qq.com/x", "https://qyapi.weixin.qq.com"));
  CHECK_FALSE(
      wecom::same_origin("https://qyapi.weixin.qq.com:8443/x", "https://qyapi.weixin.qq.com"));
  CHECK_FALSE(
      wecom::same_origin("https://qyapi.weixin.qq.com.evil/x", "https://qyapi.weixin.qq.com"));
  CHECK_FALSE(wecom::same_origin("", ""));
}

TEST_CASE("wecom declares what it allows", "[platforms][wecom]") {
  const auto p = bot_with();
  const capabilities& caps = p->capabilities();
  CHECK_FALSE(caps.sees_all_messages);
  CHECK(caps.verifies_url_by_get);
  CHECK(caps.answers_in_webhook);
  // What goes through the group robot: 2048 bytes of text, never more than 20 in a minute.
  CHECK(caps.limits.length.max == 2048);
  REQUIRE(caps.limits.per_chat.size() == 1);
  const rate robot = caps.limits.per_chat[0];
  CHECK(robot.burst + robot.per_second * 60 <= 20.0 + 1e-9);
  const auto registry = make_platforms(with_env({{"LINLI_WECOM_TOKEN", token}}));
  CHECK(registry.find("wecom"));
  config::config dev =
      config::parse(R"({"platforms": {"wecom": {"answer": "webhook", "bot_username": "RobotA"}}})");
  dev.insecure_dev = true;
  CHECK_NOTHROW(make_platforms(dev));
}
