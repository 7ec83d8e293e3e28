// The Feishu adapter: the URL challenge, signatures, encrypted events.

#include <catch2/catch.hpp>
#include <limits>
#include <nlohmann/json.hpp>

#include "bot/platforms/feishu/feishu.hpp"
#include "bot/platforms/signature.hpp"
#include "tests/bot/platforms/platform_test_support.hpp"
#include "tests/support.hpp"

using namespace linli;
using namespace linli::bot;
using namespace linli::testing;

TEST_CASE("feishu: challenge, signature, encrypted events, content in a string",
          "[platforms][feishu]") {
  const auto plain = platforms::make_feishu(with_env({{"LINLI_FEISHU_APP_ID", "cli_1"}}));
  REQUIRE(plain);
  const auto challenge =
      plain->parse(post(fixture("feishu/official_doc_url_verification_plain.json")), 0);
  REQUIRE(challenge.answer);
  CHECK(nlohmann::json::parse(challenge.answer->body) ==
        nlohmann::json::parse(fixture("feishu/official_doc_url_verification_response.json")));

  const auto sample =
      plain->parse(post(fixture("feishu/official_doc_im_message_receive_v1_group.json")), 0);
  REQUIRE(sample.message);
  CHECK(sample.message->delivery_id == "5e3702a84e847582be8db7fb73283c02");
  CHECK(sample.message->chat == chat_ref{"feishu", "oc_5ce6d572455d361153b7xx51da133945"});
  CHECK(sample.message->from.id == "ou_84aad35d084aa403a838cf73ee18467");
  CHECK(sample.message->text == "test");
  CHECK(sample.message->reply_to == "om_5ce6d572455d361153b7cb5xxfsdfsdfdsf");
  CHECK(sample.message->sent_at == 1609073151);

  // Signed with the encrypt key: sha256(timestamp + nonce + key + body), computed with Python.
  const auto keyed = platforms::make_feishu(with_env(
      {{"LINLI_FEISHU_ENCRYPT_KEY", "test key"}, {"LINLI_FEISHU_VERIFICATION_TOKEN", "vt"}}));
  const std::string body =
      R"({"schema":"2.0","header":{"event_id":"ev1","event_type":"im.message.receive_v1","token":"vt"},"event":{"sender":{"sender_id":{"open_id":"ou_1"},"sender_type":"user"},"message":{"message_id":"om_1","chat_id":"oc_1","chat_type":"group","message_type":"text","content":"{\"text\":\"hi\"}"}}})";
  const std::string sig = "12aba76452e9e3e54125c7bcf7be82d298b3e367d5a689a51509d277993352b7";
  auto signed_post = [](const std::string& b, const std::string& s) {
    return post(b, {{"x-lark-request-timestamp", "1669000000"},
                    {"x-lark-request-nonce", "n0nce"},
                    {"x-lark-signature", s}});
  };
  const std::int64_t at = 1669000000'000;  // the signed timestamp, in ms
  CHECK(status_of([&] { keyed->verify(signed_post(body, sig), at); }) == 200);
  CHECK(status_of([&] { keyed->verify(signed_post(flip_one_byte(body, 30), sig), at); }) == 401);
  CHECK(status_of([&] { keyed->verify(signed_post(body, flip_one_byte(sig, 0)), at); }) == 401);
  // Outside ±300 s of now a signed event is refused, however well signed.
  CHECK(status_of([&] { keyed->verify(signed_post(body, sig), at + 300'000); }) == 200);
  CHECK(status_of([&] { keyed->verify(signed_post(body, sig), at - 300'000); }) == 200);
  CHECK(status_of([&] { keyed->verify(signed_post(body, sig), at + 301'000); }) == 401);
  CHECK(status_of([&] { keyed->verify(signed_post(body, sig), at - 301'000); }) == 401);
  // An unsigned event is refused once a key is set; only the URL challenge comes unsigned.
  CHECK(status_of([&] { keyed->parse(post(body), 0); }) == 401);
  REQUIRE(keyed->parse(signed_post(body, sig), 0).message);

  // Encrypted with `openssl enc -aes-256-cbc` under sha256("test key"); the mention's
  // placeholder becomes the name.
  const std::string encrypted =
      R"({"encrypt": "AAECAwQFBgcICQoLDA0ODzksK1XHDGhxTlKJKwLymcMyd1nZHD+oH9xjSv/KOaKKI4O6A0DKPkxscPxjNVM8wTjtXMGM52ZHfOq/W3qUA4poGGKhjxIBbkZxIYE/bBcJGgIf43BM5bYukdHsfT9Nrlwn6LsVcFcEf/t7sUhQ2zoUZjB1RWpbI29JWpi6Z68h6cRGe+v2BRKAY96A8xxumwIK8pEkZsS2S0T2m/OoSZik24PKrWuXZuK9wrlNW22hCjBdi2xsaxdX5FwMWW3UFyQOygNOW+fAMY3IoFzhWPy5gcTG1xrQmmDy7CpNzcjpfu38irLQPQ/jlIH4FqpxvWr9QgJuSI8bQSoHP205V/44zHJRLgagp8W89/YPiogohEpr7ffBMFNn8BpYG8UkuGV5m6dqhkqkF89CA5Sy/+HRRfVZfZ505FMIEvbSa2kksxNXNOrgXCKXylJ0H9WACrBroSc49f41DcdgvEItv2vGHiIv4BSI43Yi8v+RbDMVl7MmkF6dnOE4QmbArEKD7wFJYNEqCq6Cp683df4ds4w="})";
  const auto decrypted = keyed->parse(
      signed_post(encrypted, to_hex(sha256("1669000000n0ncetest key" + encrypted))), 0);
  REQUIRE(decrypted.message);
  CHECK(decrypted.message->delivery_id == "ev2");
  CHECK(decrypted.message->text == "@小林 3号楼 需要 退烧药 2盒");
  CHECK(decrypted.message->mentions == std::vector<std::string>{"ou_9"});
  const auto wrong_key = platforms::make_feishu(with_env({{"LINLI_FEISHU_ENCRYPT_KEY", "other"}}));
  CHECK(status_of([&] { wrong_key->parse(post(encrypted), 0); }) == 401);
  // A wrong verification token inside the event is refused too.
  const auto token_only =
      platforms::make_feishu(with_env({{"LINLI_FEISHU_VERIFICATION_TOKEN", "nope"}}));
  CHECK(status_of([&] { token_only->parse(post(body), 0); }) == 401);
}

TEST_CASE("feishu: mentions are replaced in one pass, whatever the names hold",
          "[platforms][feishu]") {
  const auto plain = platforms::make_feishu(with_env({{"LINLI_FEISHU_APP_ID", "cli_1"}}));
  // 24 mentions, each name holding the next placeholders: replaced again and again, the text
  // doubled with each one (29 s for 21 on an I/O thread). In one pass, each placeholder of the
  // text becomes its name once and names are never searched.
  nlohmann::json mentions = nlohmann::json::array();
  std::string text;
  for (int i = 1; i <= 24; ++i) {
    const std::string key = "@_user_" + std::to_string(i);
    mentions.push_back(
        {{"key", key},
         {"id", {{"open_id", "ou_" + std::to_string(i)}}},
         {"name", "@_user_" + std::to_string(i + 1) + "@_user_" + std::to_string(i + 1)}});
    text += key + " ";
  }
  const nlohmann::json event = {
      {"schema", "2.0"},
      {"header", {{"event_id", "ev-m"}, {"event_type", "im.message.receive_v1"}}},
      {"event",
       {{"sender", {{"sender_id", {{"open_id", "ou_0"}}}, {"sender_type", "user"}}},
        {"message",
         {{"message_id", "om_m"},
          {"chat_id", "oc_1"},
          {"message_type", "text"},
          {"content", nlohmann::json{{"text", text}}.dump()},
          {"mentions", mentions}}}}}};
  const auto parsed = plain->parse(post(event.dump()), 0);
  REQUIRE(parsed.message);
  std::string expected;
  for (int i = 1; i <= 24; ++i) {
    expected += "@@_user_" + std::to_string(i + 1) + "@_user_" + std::to_string(i + 1) + " ";
  }
  CHECK(parsed.message->text == expected);
  CHECK(parsed.message->mentions.size() == 24);

  // A long name for a placeholder repeated a thousand times: names are written up to the cap
  // (four times the text, plus 4 KiB), the rest of the text follows as it came.
  std::string many;
  for (int i = 0; i < 1000; ++i) many += "@_user_1";
  auto big = event;
  big["event"]["message"]["content"] = nlohmann::json{{"text", many}}.dump();
  big["event"]["message"]["mentions"] = nlohmann::json::array(
      {{{"key", "@_user_1"}, {"id", {{"open_id", "ou_1"}}}, {"name", std::string(199, 'x')}}});
  const auto capped = plain->parse(post(big.dump()), 0);
  REQUIRE(capped.message);
  CHECK(capped.message->text.size() <= 4 * many.size() + 4096 + many.size());
  CHECK(capped.message->text.starts_with("@" + std::string(199, 'x') + "@"));
  CHECK(capped.message->text.ends_with("@_user_1@_user_1"));
}

TEST_CASE("feishu: a send's uuid differs per part, per row and per database",
          "[platforms][feishu]") {
  outbound_message m;
  m.id = 7;
  m.created_ms = 1'700'000'000'123;
  const std::string first = platforms::message_uuid(m);
  CHECK(first == "linli-7-1700000000123-0");
  m.parts_sent = 1;
  CHECK(platforms::message_uuid(m) != first);  // the next part of the same row

  // The same outbox id in a fresh database (or a replay into one) is a new message to Feishu.
  outbound_message again;
  again.id = 7;
  again.created_ms = 1'700'000'999'000;
  CHECK(platforms::message_uuid(again) != first);

  // The largest row id and time still fit Feishu's 50 characters.
  outbound_message largest;
  largest.id = std::numeric_limits<std::int64_t>::max();
  largest.created_ms = 99'999'999'999'999;
  largest.parts_sent = 999;
  CHECK(platforms::message_uuid(largest).size() <= 50);
}

TEST_CASE("feishu: an edit (im.message.updated_v1) corrects the need its message logged",
          "[platforms][feishu]") {
  const auto p = platforms::make_feishu(with_env({{"LINLI_FEISHU_APP_ID", "cli_1"}}));
  const auto event = [&](const std::string& id, const std::string& type, const std::string& text) {
    nlohmann::json root =
        nlohmann::json::parse(fixture("feishu/official_doc_im_message_receive_v1_group.json"));
    root["header"]["event_id"] = id;
    root["header"]["event_type"] = type;
    root["event"]["message"]["content"] = nlohmann::json{{"text", text}}.dump();
    root["event"]["message"].erase("mentions");
    return p->parse(post(root.dump()), 0);
  };
  const auto first = event("ev-1", "im.message.receive_v1", "3-2-501 需要 硝苯地平 2盒");
  REQUIRE(first.message);
  CHECK_FALSE(first.message->edited);
  const auto edit = event("ev-2", "im.message.updated_v1", "3-2-501 需要 硝苯地平 3盒 急");
  REQUIRE(edit.message);
  CHECK(edit.message->edited);
  CHECK(edit.message->message_id == first.message->message_id);
  CHECK(edit.message->delivery_id == "ev-2");
  // Recalls and reactions carry nothing to keep.
  CHECK_FALSE(event("ev-3", "im.message.recalled_v1", "x").message);

  chat_fixture chat;
  chat.keep_messages = true;
  chat.chat = first.message->chat;
  envelope logged = *first.message;
  logged.received_at_ms = (chat.clock_ms += chat.step_ms);
  REQUIRE(chat.apply(logged).kind == "request");
  envelope corrected = *edit.message;
  corrected.received_at_ms = (chat.clock_ms += chat.step_ms);
  const auto out = chat.apply(corrected);
  REQUIRE(out.answers.size() == 1);
  CHECK_THAT(out.answers.front().text, Catch::Contains("已修改 #1"));
  CHECK_THAT(out.answers.front().text, Catch::Contains("硝苯地平 3盒"));
}
