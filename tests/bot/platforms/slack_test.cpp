// The Slack adapter against the official signing vector and event samples.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bot/platforms/slack/slack.hpp"
#include "tests/bot/platforms/platform_test_support.hpp"

using namespace linli;
using namespace linli::bot;
using namespace linli::testing;

TEST_CASE("slack verifies the official signing vector within 5 minutes", "[platforms][slack]") {
  const auto p = platforms::make_slack(
      with_env({{"LINLI_SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5"}}));
  REQUIRE(p);
  const std::string vector = fixture("slack/official_signing_test_vector.txt");
  const auto start = vector.find("token=");
  const std::string body = vector.substr(start, vector.find('\n', start) - start);
  const std::string sig = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  auto request = [&](const std::string& b, const std::string& s, const std::string& ts) {
    return http_request{.method = "POST",
                        .target = "/",
                        .headers = {{"content-type", "application/x-www-form-urlencoded"},
                                    {"x-slack-request-timestamp", ts},
                                    {"x-slack-signature", s}},
                        .body = b};
  };
  const std::int64_t at = 1531420618000;
  CHECK(status_of([&] { p->verify(request(body, sig, "1531420618"), at); }) == 200);
  CHECK(status_of([&] { p->verify(request(body, sig, "1531420618"), at + 299'000); }) == 200);
  CHECK(status_of([&] { p->verify(request(body, sig, "1531420618"), at + 301'000); }) == 401);
  CHECK(status_of([&] { p->verify(request(body, sig, "1531420618"), at - 301'000); }) == 401);
  CHECK(status_of([&] { p->verify(request(flip_one_byte(body, 10), sig, "1531420618"), at); }) ==
        401);
  CHECK(status_of([&] { p->verify(request(body, flip_one_byte(sig, 5), "1531420618"), at); }) ==
        401);
  CHECK(status_of([&] { p->verify(request(body, sig, "1531420619"), at); }) == 401);

  // The vector's body is a slash command: it becomes "/webhook-collect" from that user.
  const auto in = p->parse(request(body, sig, "1531420618"), at);
  REQUIRE(in.message);
  CHECK(in.message->chat == chat_ref{"slack", "G8PSS9T3V"});
  CHECK(in.message->from.id == "U2CERLKJA");
  CHECK(in.message->text == "/webhook-collect");
}

TEST_CASE("slack reads events, answers the URL challenge, skips bots", "[platforms][slack]") {
  const auto p = platforms::make_slack(with_env({{"LINLI_SLACK_BOT_TOKEN", "xoxb-1"}}));
  const auto challenge = p->parse(post(fixture("slack/official_url_verification.json")), 0);
  REQUIRE(challenge.answer);
  CHECK(nlohmann::json::parse(challenge.answer->body)["challenge"] ==
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");

  auto wrap = [](const std::string& inner, const std::string& id) {
    return R"({"type": "event_callback", "event_id": ")" + id +
           R"(", "event_time": 1355517523, "event": )" + inner + "}";
  };
  const auto in =
      p->parse(post(wrap(fixture("slack/official_doc_message_event_inner.json"), "Ev1")), 0);
  REQUIRE(in.message);
  CHECK(in.message->chat == chat_ref{"slack", "C123ABC456"});
  CHECK(in.message->delivery_id == "Ev1");
  CHECK(in.message->message_id == "1355517523.000005");
  CHECK(in.message->text == "Hello world");

  const auto edit =
      p->parse(post(wrap(fixture("slack/official_doc_message_edited_inner.json"), "Ev2")), 0);
  REQUIRE(edit.message);
  CHECK(edit.message->text == "Hello, world!");

  const auto mention =
      p->parse(post(wrap(R"({"type": "message", "channel": "C1", "user": "U1", "ts": "2.0",
                    "thread_ts": "1.0", "text": "&lt;急&gt; <@U9|小林> 3号楼 需要 药 &amp; 水"})",
                         "Ev3")),
               0);
  REQUIRE(mention.message);
  CHECK(mention.message->text == "<急> @小林 3号楼 需要 药 & 水");
  CHECK(mention.message->mentions == std::vector<std::string>{"U9"});
  CHECK(mention.message->reply_to == "1.0");

  // Our own bot's messages, and every other bot's, are not residents' words.
  const auto bot = p->parse(
      post(wrap(R"({"type": "message", "channel": "C1", "bot_id": "B1", "text": "hi", "ts": "3"})",
                "Ev4")),
      0);
  CHECK_FALSE(bot.message);
  const auto chat_postmessage = nlohmann::json::parse(
      fixture("slack/official_chat_postMessage_success_response.json"))["message"];
  const auto echo =
      p->parse(post(wrap(R"({"channel": "C1",)" + chat_postmessage.dump().substr(1), "Ev5")), 0);
  CHECK_FALSE(echo.message);
}
