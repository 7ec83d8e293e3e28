// Claims (handlers/requests/request_claims.cpp): a volunteer takes one need or several, in the
// forms volunteers write, through the whole dispatcher.

#include <catch2/catch.hpp>

#include "handlers/core/dispatcher.hpp"
#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;
using testing::all_text;

namespace {

using group = testing::chat_fixture;

}  // namespace

TEST_CASE("a request is claimed in the forms volunteers write", "[request_commands]") {
  // tests/corpus/messages.jsonl (dev): 认领5, 接 5, #5我来, m0431, m0432, m0433.
  for (const char* claim : {"认领5", "认领 1", "接 1", "接 #1", "#1我来", "#1 我来", "#1 认领",
                            "接单 #1", "#1 我去买", "我来跑 #1", "我来买 1", "#1我接单",
                            // Batch 2 (dev) m0601, m0603: a remark after the claim.
                            "认领1 我离得近", "#1 我来，十分钟到", "接 1, 马上出发"}) {
    INFO(claim);
    group g;
    g.say("李叔", "5-1-1202 求购 大米10斤");
    const auto o = g.say("小张", claim);
    CHECK(o.kind == "request_claim");
    if (std::string(claim) == "认领5") {
      CHECK_THAT(all_text(o), Catch::Contains("没有需求 #5"));
      continue;
    }
    CHECK(g.request(1).claimed_by_name == "小张");
  }
  group g;
  g.say("李叔", "5-1-1202 求购 大米10斤");
  // A number inside other words, or a task id, is no request claim.
  CHECK(g.say("小张", "接到通知了").kind != "request_claim");
  CHECK(g.say("小张", "#1 明天再说").kind != "request_claim");
  CHECK(g.say("小张", "认领 T1").kind != "request_claim");
  CHECK(g.say("小张", "我来买菜").kind != "request_claim");
  CHECK(g.say("小张", "#1 我去买菜").kind != "request_claim");
  CHECK(g.say("小张", "认领1号楼的").kind != "request_claim");  // a number glued to a word
  CHECK(g.say("小张", "#1 我来看看").kind != "request_claim");
  CHECK(g.request(1).status == request_status::open);
}

TEST_CASE("several requests are claimed in one message", "[request_commands]") {
  // tests/corpus/messages.jsonl (dev) m0821: #14 #15 都我来, and the forms beside it.
  for (const char* claim : {"#1 #2 都我来，同一栋顺路", "#1 #2 我来", "#1、#2 我来", "#1和#2我来",
                            "认领 #1 #2", "认领 #1、#2 我离得近", "接 #1 #2"}) {
    INFO(claim);
    group g;
    g.say("李叔", "5-1-1202 求购 大米10斤");
    g.say("王姨", "5-2-301 需要 布洛芬 1盒");
    g.say("赵", "6-1-101 需要 鸡蛋 1盒");
    const auto o = g.say("小张", claim);
    CHECK(o.kind == "request_claim");
    REQUIRE(o.answers.size() == 1);  // one message, a line per need
    CHECK_THAT(o.answers[0].text, Catch::Contains("#1") && Catch::Contains("#2"));
    CHECK(g.request(1).claimed_by_name == "小张");
    CHECK(g.request(2).claimed_by_name == "小张");
    CHECK(g.request(3).status == request_status::open);
  }
  // A need already taken, or none of that number, is said in its line; the others are claimed.
  group g;
  g.say("李叔", "5-1-1202 求购 大米10斤");
  g.say("王姨", "5-2-301 需要 布洛芬 1盒");
  g.say("小李", "认领 #1");
  const auto o = g.say("小张", "#1 #2 #9 都我来");
  REQUIRE(o.answers.size() == 1);
  CHECK_THAT(o.answers[0].text, Catch::Contains("小李") && Catch::Contains("没有需求 #9"));
  CHECK(g.request(1).claimed_by_name == "小李");
  CHECK(g.request(2).claimed_by_name == "小张");
  // Numbers that are no list of needs claim nothing.
  CHECK(g.say("小张", "#1 #2 明天再说").kind != "request_claim");
}
