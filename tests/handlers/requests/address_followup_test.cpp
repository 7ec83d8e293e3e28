#include "handlers/requests/address_followup.hpp"

#include <catch2/catch.hpp>

#include "handlers/core/dispatcher.hpp"
#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;

TEST_CASE("a need without an address asks for it, and the address alone completes it",
          "[address_followup]") {
  testing::chat_fixture g;
  const std::string logged = g.reply("王阿姨", "需要 布洛芬 1盒");
  CHECK_THAT(
      logged,
      Catch::EndsWith(
          "\n⚠️ 没有识别到地址：请直接回复您的地址（如 3-2-501），30 "
          "分钟内补上即可。"));
  const auto done = g.say("王阿姨", "3号楼2单元501");
  CHECK(done.kind == "address");
  REQUIRE(done.answers.size() == 1);
  CHECK_THAT(done.answers[0].text, Catch::StartsWith("📍 已补上地址：#1 3-2-501｜布洛芬 1盒"));
  CHECK(g.store->find_request(g.chat, 1)->where == address{"3", "2", "501"});
  // Remembered for the next need.
  CHECK(g.store->load_address(g.chat, "王阿姨") == address{"3", "2", "501"});
  CHECK_THAT(g.reply("王阿姨", "需要 口罩 10个"), Catch::StartsWith("📝 已登记 #2 3-2-501"));
  // Once complete, another address alone is chatter.
  CHECK(g.say("王阿姨", "3-2-502").kind == "chatter");
}

TEST_CASE("the follow-up is the sender's own and bounded in time", "[address_followup]") {
  testing::chat_fixture g;
  g.say("王阿姨", "需要 布洛芬 1盒");
  // Someone else's address does not complete her need.
  CHECK(g.say("赵", "7-2-301").kind == "chatter");
  CHECK_FALSE(g.store->find_request(g.chat, 1)->where);
  // Past the window the address is only text.
  g.clock_ms += address_followup_ms;
  CHECK(g.say("王阿姨", "3-2-501").kind == "chatter");
  CHECK_FALSE(g.store->find_request(g.chat, 1)->where);
}

TEST_CASE("others may talk between the ask and the address", "[address_followup]") {
  testing::chat_fixture g;
  g.say("赵", "需要 口罩 10个");
  g.say("李叔", "谢谢大家");
  CHECK(g.say("赵", "7-2-301").kind == "address");
  CHECK(g.store->find_request(g.chat, 1)->where == address{"7", "2", "301"});
  // Text around an address is no answer to the ask.
  g.say("王阿姨", "需要 布洛芬 1盒");
  CHECK(g.say("王阿姨", "我在3-2-501楼下等快递").kind != "address");
}

TEST_CASE("a need that has an address asks nothing and takes no follow-up", "[address_followup]") {
  testing::chat_fixture g;
  CHECK_THAT(g.reply("王阿姨", "5-1-1202 需要 布洛芬 1盒"), !Catch::Contains("地址"));
  CHECK(g.say("王阿姨", "3-2-501").kind == "chatter");
  CHECK(g.store->find_request(g.chat, 1)->where == address{"5", "1", "1202"});
}
