// The OneBot v11 adapter against the specification's samples and a computed X-Signature vector.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bot/platforms/onebot/onebot.hpp"
#include "tests/bot/platforms/platform_test_support.hpp"

using namespace linli;
using namespace linli::bot;
using namespace linli::testing;

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
  CHECK(in.message->addressed);  // a private chat is with the bot
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

  CHECK_FALSE(cq.message->addressed);

  // The bot's own @ (self_id) is left out of the text and marks the message addressed.
  const auto at_bot = p->parse(
      post(R"({"post_type": "message", "message_type": "group", "group_id": 555, "user_id": 42,
               "self_id": 10001, "message_id": 11, "time": 3,
               "message": "[CQ:at,qq=10001] 3号楼2单元501 需要 硝苯地平 2盒 [CQ:at,qq=7]"})"),
      5);
  REQUIRE(at_bot.message);
  CHECK(at_bot.message->text == "3号楼2单元501 需要 硝苯地平 2盒 @7");
  CHECK(at_bot.message->mentions == std::vector<std::string>{"7"});
  CHECK(at_bot.message->addressed);

  const auto heartbeat = p->parse(post(R"({"post_type": "meta_event"})"), 5);
  CHECK_FALSE(heartbeat.message);

  config::platform_config quick;
  quick.answer = "webhook";
  const auto hook =
      platforms::make_onebot(with_env({{"LINLI_ONEBOT_SECRET", "s"}}, {{"onebot", quick}}));
  const auto j = nlohmann::json::parse(acknowledge(*hook, {"onebot", "555"}, {{"嗨～"}}).body);
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
  // An unclosed code ends at the next '[': the code after it is still read.
  const auto after = parse_cq("[CQ:at,qq=1[CQ:at,qq=2]");
  REQUIRE(after.size() == 2);
  CHECK(after[0].data.at("text") == "[CQ:at,qq=1");
  CHECK(after[1].data.at("qq") == "2");
}

TEST_CASE("CQ codes: many unclosed codes are read in one pass", "[platforms][onebot]") {
  // 60,000 "[CQ:x" with no ']' (300 KB): each looked to the end of the text before, quadratic.
  std::string hostile;
  for (int i = 0; i < 60'000; ++i) hostile += "[CQ:x";
  hostile += "[CQ:at,qq=3]";
  const auto s = platforms::parse_cq(hostile);
  REQUIRE(s.size() == 2);
  CHECK(s[0].data.at("text").size() == 300'000);
  CHECK(s[1].data.at("qq") == "3");
}
