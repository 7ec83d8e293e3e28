// The Telegram adapter against the official webhook samples.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bot/platforms/telegram/telegram.hpp"
#include "tests/bot/platforms/platform_test_support.hpp"

using namespace linli;
using namespace linli::bot;
using namespace linli::testing;

TEST_CASE("telegram reads every official update sample", "[platforms][telegram]") {
  const auto p = platforms::make_telegram(with_env({{"LINLI_TELEGRAM_TOKEN", "123:abc"}}));
  REQUIRE(p);

  const auto text =
      p->parse(post(fixture("telegram/official_webhooks_guide_message_text.json")), 5);
  REQUIRE(text.message);
  CHECK(text.message->chat == chat_ref{"telegram", "1111111"});
  CHECK(text.message->delivery_id == "10000");
  CHECK(text.message->message_id == "1365");
  CHECK(text.message->from.id == "1111111");
  CHECK(text.message->from.name == "Test Firstname Test Lastname");
  CHECK(text.message->text == "/start");
  CHECK(text.message->sent_at == 1441645532);
  CHECK_FALSE(text.message->edited);

  const auto edited =
      p->parse(post(fixture("telegram/official_webhooks_guide_edited_message.json")), 5);
  REQUIRE(edited.message);
  CHECK(edited.message->edited);
  CHECK(edited.message->text == "Edited text");

  const auto reply =
      p->parse(post(fixture("telegram/official_webhooks_guide_message_reply.json")), 5);
  REQUIRE(reply.message);
  CHECK(reply.message->reply_to == "1334");

  const auto entities =
      p->parse(post(fixture("telegram/official_webhooks_guide_message_entities.json")), 5);
  REQUIRE(entities.message);
  CHECK(entities.message->text == "Bold and italics");

  // No message and no chat: the button press belongs to the person's own chat.
  const auto callback =
      p->parse(post(fixture("telegram/official_webhooks_guide_callback_query.json")), 5);
  REQUIRE(callback.message);
  CHECK(callback.message->chat.chat_id == "1111111");
  CHECK(callback.message->text == "Data from button callback");
}

TEST_CASE("telegram: 64-bit chats, no sender, UTF-16 mentions", "[platforms][telegram]") {
  const auto p = platforms::make_telegram(with_env({{"LINLI_TELEGRAM_SECRET", "s3cret"}}));
  REQUIRE(p);
  // "😷 @小林 3号楼": the emoji is two UTF-16 units, so the mention starts at unit 3.
  const std::string body = R"({"update_id": 9007199254740993, "message": {"message_id": 7,
      "date": 1669000000, "chat": {"id": -1001234567890123, "type": "supergroup", "title": "3号楼"},
      "sender_chat": {"id": -1001234567890123, "title": "3号楼"},
      "text": "😷 @小林 3号楼",
      "entities": [{"type": "mention", "offset": 3, "length": 3}]}})";
  const auto in = p->parse(post(body), 5);
  REQUIRE(in.message);
  CHECK(in.message->delivery_id == "9007199254740993");
  CHECK(in.message->chat.chat_id == "-1001234567890123");
  CHECK(in.message->from.role == platform_role::admin);  // an anonymous admin speaks as the group
  CHECK(in.message->mentions == std::vector<std::string>{"@小林"});

  // Updates that carry no message are answered and not stored.
  const auto member = p->parse(post(R"({"update_id": 3, "my_chat_member": {}})"), 5);
  CHECK_FALSE(member.message);
  CHECK(member.answer);
  CHECK(status_of([&] { p->parse(post(R"({"message": {}})"), 5); }) == 400);
  CHECK(status_of([&] { p->parse(post("[1]"), 5); }) == 400);
  CHECK(status_of([&] { p->parse(post(R"({"update_id": 4, "message": {"text": "x"}})"), 5); }) ==
        400);
}

TEST_CASE("telegram checks the secret token header", "[platforms][telegram]") {
  const auto p = platforms::make_telegram(with_env({{"LINLI_TELEGRAM_SECRET", "s3cret"}}));
  CHECK(status_of([&] {
          p->verify(post("{}", {{"x-telegram-bot-api-secret-token", "s3cret"}}), 0);
        }) == 200);
  CHECK(status_of([&] {
          p->verify(post("{}", {{"x-telegram-bot-api-secret-token", "s3creT"}}), 0);
        }) == 401);
  CHECK(status_of([&] { p->verify(post("{}"), 0); }) == 401);
}

TEST_CASE("telegram answers in the webhook when told to", "[platforms][telegram]") {
  const auto api = platforms::make_telegram(with_env({{"LINLI_TELEGRAM_TOKEN", "1:a"}}));
  CHECK(api->inline_replies() == 0);
  config::platform_config inline_mode;
  inline_mode.answer = "webhook";
  const auto hook = platforms::make_telegram(
      with_env({{"LINLI_TELEGRAM_TOKEN", "1:a"}}, {{"telegram", inline_mode}}));
  REQUIRE(hook->inline_replies() == 1);
  const auto answer = acknowledge(*hook, {"telegram", "-100123"}, {{"已登记"}});
  const auto j = nlohmann::json::parse(answer.body);
  CHECK(j["method"] == "sendMessage");
  CHECK(j["chat_id"] == -100123);
  CHECK(j["text"] == "已登记");
  // Telegram counts UTF-16 units.
  CHECK(api->limits().length.utf16);
  CHECK(api->limits().length.max == 4096);
}

TEST_CASE("telegram never puts its token in a send error, whatever the API base",
          "[platforms][telegram]") {
  for (const char* base : {"api.telegram.org", "http://127.0.0.1:1", "ftp://x", ""}) {
    const auto p = platforms::make_telegram(
        with_env({{"LINLI_TELEGRAM_TOKEN", "123:TOKENSECRET"}, {"LINLI_TELEGRAM_API_BASE", base}}));
    REQUIRE(p);
    outbound_message m;
    m.chat = {"telegram", "1111111"};
    m.text = "hi";
    const delivery d = p->send(m, "hi");
    CHECK(d.result != delivery::outcome::sent);
    CHECK(d.error.find("TOKENSECRET") == std::string::npos);
  }
}
