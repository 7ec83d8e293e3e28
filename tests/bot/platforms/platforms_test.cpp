// Every platform adapter against the official samples and signature vectors in
// tests/fixtures/platforms (copied from ../shared/fixtures/platforms).

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/platforms/onebot.hpp"
#include "bot/platforms/platform.hpp"
#include "bot/platforms/signature.hpp"

using namespace linli;
using namespace linli::bot;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(LINLI_FIXTURES) + "/platforms/" + name, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

config::config with_env(std::map<std::string, std::string> vars,
                        std::map<std::string, config::platform_config> platforms = {}) {
  config::config c;
  c.env.vars = std::move(vars);
  c.platforms = std::move(platforms);
  return c;
}

http_request post(std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
  headers.emplace_back("content-type", "application/json");
  return {.method = "POST", .target = "/v1/webhook/x", .headers = headers, .body = std::move(body)};
}

int status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const http_error& e) {
    return e.status;
  }
  return 200;
}

std::string flip_one_byte(std::string s, std::size_t at) {
  s[at] = static_cast<char>(s[at] ^ 0x01);
  return s;
}

}  // namespace

TEST_CASE("crypto primitives match known vectors", "[platforms][crypto]") {
  CHECK(to_hex(sha256("abc")) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(base64_encode("hello world") == "aGVsbG8gd29ybGQ=");
  CHECK(base64_decode("aGVsbG8gd29ybGQ=") == std::optional<std::string>("hello world"));
  CHECK(base64_decode("aGk=") == std::optional<std::string>("hi"));
  CHECK_FALSE(base64_decode("aGk"));
  CHECK_FALSE(base64_decode("a Gk="));
  // Feishu's official "Encrypt Key" example.
  const auto raw = base64_decode("P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=");
  REQUIRE(raw);
  CHECK(aes256_cbc_decrypt(sha256("test key"), raw->substr(0, 16), raw->substr(16)) ==
        std::optional<std::string>("hello world"));
  CHECK_FALSE(aes256_cbc_decrypt(sha256("other key"), raw->substr(0, 16), raw->substr(16)) ==
              std::optional<std::string>("hello world"));
  CHECK_FALSE(aes256_cbc_decrypt(sha256("test key"), raw->substr(0, 16), raw->substr(17)));
}

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
  const auto answer = hook->acknowledge({"telegram", "-100123"}, {{"已登记"}}, false);
  const auto j = nlohmann::json::parse(answer.body);
  CHECK(j["method"] == "sendMessage");
  CHECK(j["chat_id"] == -100123);
  CHECK(j["text"] == "已登记");
  // Telegram counts UTF-16 units.
  CHECK(api->limits().length.utf16);
  CHECK(api->limits().length.max == 4096);
}

TEST_CASE("onebot verifies X-Signature and reads the spec's samples", "[platforms][onebot]") {
  const auto p = platforms::make_onebot(with_env({{"LINLI_ONEBOT_SECRET", "some-secret"}}));
  REQUIRE(p);
  const std::string body = fixture("onebot11/spec_http_post_private_message.json");
  REQUIRE(body.size() == 358);
  const std::string sig = "sha1=bcb2b2a1ec287db50581f264aaa1f858b76004ec";
  CHECK(status_of([&] { p->verify(post(body, {{"x-signature", sig}}), 0); }) == 200);
  CHECK(status_of([&] {
          p->verify(post(flip_one_byte(body, 40), {{"x-signature", sig}}), 0);
        }) == 401);
  CHECK(status_of([&] {
          p->verify(post(body, {{"x-signature", flip_one_byte(sig, 9)}}), 0);
        }) == 401);
  CHECK(status_of([&] { p->verify(post(body), 0); }) == 401);

  const auto in = p->parse(post(body), 5);
  REQUIRE(in.message);
  CHECK(in.message->chat == chat_ref{"onebot", "private:12345678"});
  CHECK(in.message->delivery_id == "10001000:0:12345678:12:1515204254");
  CHECK(in.message->from.name == "小不点");
  CHECK(in.message->text == "你好～");
}

TEST_CASE("onebot reads CQ strings and segment arrays alike", "[platforms][onebot]") {
  const auto p = platforms::make_onebot(with_env({{"LINLI_ONEBOT_API_BASE", "http://x"}}));
  const std::string array = fixture("onebot11/spec_message_array_example.json");
  const std::string event = R"({"post_type": "message", "message_type": "group", "time": 1,
      "self_id": 1, "group_id": 555, "user_id": 42, "message_id": 9,
      "sender": {"nickname": "阿强", "card": "3号楼 阿强", "role": "admin"}, "message": )" +
                            array + "}";
  const auto in = p->parse(post(event), 5);
  REQUIRE(in.message);
  CHECK(in.message->chat == chat_ref{"onebot", "555"});
  CHECK(in.message->from.name == "3号楼 阿强");
  CHECK(in.message->from.role == platform_role::admin);
  CHECK(in.message->text == "[第一部分]图片之后的部分，表情：");

  const auto cq = p->parse(
      post(R"({"post_type": "message", "message_type": "group", "group_id": 555, "user_id": 42,
               "message_id": 10, "time": 2, "sender": {"role": "member"},
               "message": "[CQ:reply,id=9][CQ:at,qq=10001] &#91;接龙&#93; 张三&amp;李四"})"),
      5);
  REQUIRE(cq.message);
  CHECK(cq.message->reply_to == "9");
  CHECK(cq.message->mentions == std::vector<std::string>{"10001"});
  CHECK(cq.message->text == "@10001 [接龙] 张三&李四");

  const auto heartbeat = p->parse(post(R"({"post_type": "meta_event"})"), 5);
  CHECK_FALSE(heartbeat.message);

  config::platform_config quick;
  quick.answer = "webhook";
  const auto hook =
      platforms::make_onebot(with_env({{"LINLI_ONEBOT_SECRET", "s"}}, {{"onebot", quick}}));
  const auto j =
      nlohmann::json::parse(hook->acknowledge({"onebot", "555"}, {{"嗨～"}}, false).body);
  CHECK(j["reply"] == "嗨～");
  CHECK(j["at_sender"] == false);
}

TEST_CASE("CQ codes: escaping round-trips and malformed codes are text", "[platforms][onebot]") {
  using platforms::parse_cq;
  const auto s = parse_cq("a&#91;b&#93;[CQ:at,qq=1,name=x&#44;y]c[CQ:broken");
  REQUIRE(s.size() == 3);
  CHECK(s[0].data.at("text") == "a[b]");
  CHECK(s[1].type == "at");
  CHECK(s[1].data.at("name") == "x,y");
  CHECK(s[2].data.at("text") == "c[CQ:broken");
  const std::string words = "[1],&2";
  CHECK(parse_cq(platforms::cq_escape(words)).at(0).data.at("text") == words);
  CHECK(platforms::cq_escape("a,b", true) == "a&#44;b");
  CHECK(parse_cq("").empty());
}

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
  CHECK(status_of([&] { keyed->verify(signed_post(body, sig), 0); }) == 200);
  CHECK(status_of([&] { keyed->verify(signed_post(flip_one_byte(body, 30), sig), 0); }) == 401);
  CHECK(status_of([&] { keyed->verify(signed_post(body, flip_one_byte(sig, 0)), 0); }) == 401);
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

TEST_CASE("dingtalk checks sign within an hour and reads the outgoing robot sample",
          "[platforms][dingtalk]") {
  const auto p = platforms::make_dingtalk(
      with_env({{"LINLI_DINGTALK_APP_SECRET", "this_is_a_made_up_app_secret"}}));
  REQUIRE(p);
  const std::string sign = "H2aS9N3FjJ1UcB2BxMD5hpvqXXxssDGwtqvcp+lCPi8=";
  auto signed_post = [](const std::string& ts, const std::string& s) {
    return post("{}", {{"timestamp", ts}, {"sign", s}});
  };
  const std::int64_t at = 1577262236757;
  CHECK(status_of([&] { p->verify(signed_post("1577262236757", sign), at); }) == 200);
  CHECK(status_of([&] { p->verify(signed_post("1577262236757", sign), at + 3'599'000); }) == 200);
  CHECK(status_of([&] { p->verify(signed_post("1577262236757", sign), at + 3'601'000); }) == 401);
  CHECK(status_of([&] { p->verify(signed_post("1577262236758", sign), at); }) == 401);
  CHECK(status_of([&] { p->verify(signed_post("1577262236757", flip_one_byte(sign, 3)), at); }) ==
        401);

  const auto in =
      p->parse(post(fixture("dingtalk/official_doc_outgoing_robot_group_message.json")), 7);
  REQUIRE(in.message);
  CHECK(in.message->chat == chat_ref{"dingtalk", "xxx"});
  CHECK(in.message->delivery_id == "msg0xxxxx");
  CHECK(in.message->from.id == "user123");
  CHECK(in.message->from.name == "杨xx");
  CHECK(in.message->from.role == platform_role::admin);
  CHECK(in.message->text == " 你好");
  CHECK(in.message->route == "https://oapi.dingtalk.com/robot/sendBySession?session=xxxxx");
  CHECK(in.message->sent_at == 1613630252);
}

TEST_CASE("platforms are enabled by their credentials", "[platforms]") {
  const auto none = make_platforms(config::config{});
  CHECK(none.all().size() == 1);
  CHECK(none.find("generic"));
  CHECK_FALSE(none.find("telegram"));
  const auto some = make_platforms(
      with_env({{"LINLI_TELEGRAM_TOKEN", "1:a"}, {"LINLI_SLACK_SIGNING_SECRET", "s"}}));
  CHECK(some.find("telegram"));
  CHECK(some.find("slack"));
  CHECK_FALSE(some.find("feishu"));
}
