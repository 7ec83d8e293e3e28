#include "handlers/requests/request_commands.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

#include "handlers/core/dispatcher.hpp"
#include "handlers/requests/requests.hpp"
#include "storage/open.hpp"
#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;
using testing::all_text;

namespace {

using group = testing::chat_fixture;

// Need #1 in the chat, claimed by 小张.
void claimed_by_zhang(group& g) {
  g.say("李叔", "5-1-1202 求购 大米10斤");
  g.say("小张", "认领 #1");
}

}  // namespace

TEST_CASE("a request is stored and acknowledged in one line with its id", "[request_commands]") {
  group g;
  const auto o = g.say("王阿姨", "3号楼2单元501 需要 硝苯地平 2盒 急");
  CHECK(o.kind == "request");
  REQUIRE(o.answers.size() == 1);
  CHECK_THAT(o.answers[0].text, Catch::StartsWith("📝 已登记 #1 3-2-501｜硝苯地平 2盒｜药品·急"));
  const auto r = g.request(1);
  CHECK(r.requester_id == "王阿姨");
  CHECK(r.where == address{"3", "2", "501"});
  CHECK(r.status == request_status::open);
  CHECK(r.category == "medicine");
  CHECK(r.urgent);
  CHECK(r.message_id == "m1");
  CHECK(g.say("王阿姨", "谢谢大家").kind == "chatter");
}

TEST_CASE("a registered address fills requests that lack one", "[request_commands]") {
  group g;
  CHECK_THAT(all_text(g.say("赵", "需要 鸡蛋30个")), Catch::Contains("没有识别到地址"));
  CHECK_THAT(all_text(g.say("赵", "我家是7号楼3单元302")), Catch::Contains("7-3-302"));
  CHECK_THAT(all_text(g.say("赵", "/addr 8-1-101")), Catch::Contains("8-1-101"));
  CHECK_THAT(all_text(g.say("赵", "/addr 隔壁")), Catch::Contains("用法"));
  g.say("赵", "需要 大米10斤");
  CHECK(g.request(2).where == address{"8", "1", "101"});
}

TEST_CASE("the lifecycle runs claim, bought, delivered; illegal steps are refused",
          "[request_commands]") {
  group g;
  g.say("李叔", "5-1-1202 求购 大米10斤 59.9元");
  CHECK_THAT(all_text(g.say("小张", "已送 #1")), Catch::Contains("需要先认领"));
  CHECK_THAT(all_text(g.say("小张", "已买 #1")), Catch::Contains("只有已认领"));
  CHECK(g.say("小张", "认领 #1").kind == "request_claim");
  CHECK(g.request(1).claimed_by_name == "小张");
  CHECK_THAT(all_text(g.say("小李", "我来 #1")), Catch::Contains("不能再认领：小张"));
  CHECK_THAT(all_text(g.say("小李", "已买 #1")), Catch::Contains("只有认领人或协调员"));
  CHECK_THAT(all_text(g.say("小张", "已买 #1 实付 58.5元")), Catch::Contains("实付 ¥58.50"));
  CHECK(g.request(1).spent_cents == 5850);
  CHECK_THAT(all_text(g.say("小张", "已送 #1")), Catch::Contains("已送达 5-1-1202"));
  CHECK(g.request(1).status == request_status::delivered);
  CHECK_THAT(all_text(g.say("李叔", "取消 #1")), Catch::Contains("不能再取消"));
  CHECK_THAT(all_text(g.say("小张", "认领 #99")), Catch::Contains("没有需求 #99"));
  CHECK(g.say("小张", "我来 3号楼配送").kind != "request_claim");  // a task, not a request
}

TEST_CASE("what was paid is read in the forms volunteers write", "[request_commands]") {
  // tests/corpus/messages.jsonl (dev): m0410, m0414, m0423 and new cases.
  for (const auto& [report, cents] :
       std::vector<std::pair<std::string, std::int64_t>>{{"已买 #1 一共花了45.5", 4550},
                                                         {"已买#1 共计¥128.4", 12840},
                                                         {"已买 #1,实付 1,280.00元", 128000},
                                                         {"已买 #1 垫付了 两百块", 20000},
                                                         // Batch 2 (dev) m0596, m0598, m0600.
                                                         {"买好了 #1，付了36块，找零不用了", 3600},
                                                         {"#1 實付 73.8元", 7380},
                                                         {"#1 共花￥52，已放门口", 5200}}) {
    INFO(report);
    group g;
    claimed_by_zhang(g);
    g.say("小张", report);
    CHECK(g.request(1).status == request_status::bought);
    CHECK(g.request(1).spent_cents == cents);
  }
  {
    // tests/corpus/messages.jsonl (dev) m0424: the number first, then the step.
    group g;
    claimed_by_zhang(g);
    CHECK(g.say("小张", "#1 已买 实付58元 找零2元").kind == "request_bought");
    CHECK(g.request(1).spent_cents == 5800);
    CHECK(g.say("小张", "#1 已送").kind == "request_delivered");
    CHECK(g.request(1).status == request_status::delivered);
  }
  group g;
  claimed_by_zhang(g);
  CHECK(g.say("小张", "已买 #1 实付 很多").answers.size() == 1);
  CHECK(g.request(1).status == request_status::claimed);  // told why, nothing recorded
}

TEST_CASE("what a volunteer paid, said in a message of its own", "[request_commands]") {
  // tests/corpus/messages.jsonl (dev) m0408, m0419, m0597 and new cases.
  for (const auto& [report, cents] :
       std::vector<std::pair<std::string, std::int64_t>>{{"垫付了120", 12000},
                                                         {"帮 #1 垫付了 两百块", 20000},
                                                         {"垫付了135，小票在群相册", 13500},
                                                         {"刚才花了45.5", 4550}}) {
    INFO(report);
    group g;
    claimed_by_zhang(g);
    CHECK(g.say("小张", report).kind == "request_bought");
    CHECK(g.request(1).status == request_status::bought);
    CHECK(g.request(1).spent_cents == cents);
  }
  group g;
  g.say("李叔", "5-1-1202 求购 大米10斤");
  g.say("王姨", "6-2-301 需要 布洛芬 1盒");
  // Nobody's claim (a group buy's organiser saying what they advanced, m0422): told that
  // nothing was recorded and how to say which request it was for.
  const auto advanced = g.say("团长", "今天团菜我先垫了 1360 元,大家记得转我");
  CHECK(advanced.kind == "request_bought");
  CHECK_THAT(all_text(advanced), Catch::Contains("还没有记账"));
  CHECK(g.request(1).status == request_status::open);
  CHECK(g.request(2).status == request_status::open);
  // How long ago something was paid is no amount.
  CHECK(g.say("李叔", "钱都付了三天了，能不能给个说法").kind == "chatter");
  g.say("小张", "认领 #1");
  g.say("小张", "认领 #2");
  const auto which = g.say("小张", "垫付了80");
  CHECK(which.kind == "request_bought");
  CHECK_THAT(all_text(which), Catch::Contains("#1，#2"));
  CHECK(g.request(1).status == request_status::claimed);  // asked which, nothing recorded
  // One amount for two (dev m0595): asked apart, no share made up, nothing recorded.
  const auto together = g.say("小张", "#1 #2 一起买的 共花89");
  CHECK(together.kind == "request_bought");
  CHECK_THAT(all_text(together), Catch::Contains("#1，#2") && Catch::Contains("还没有记账"));
  CHECK(g.request(1).status == request_status::claimed);
  CHECK(g.request(2).status == request_status::claimed);
  CHECK_FALSE(g.request(2).spent_cents);
}

TEST_CASE("volunteers in an English chat use English words", "[request_commands]") {
  group g;
  g.say("coordinator", "/lang en", true);
  CHECK_THAT(g.replies_to("Rose", "3-2-501 需要 硝苯地平 2盒"), Catch::Contains("Logged #1"));
  CHECK_THAT(g.replies_to("Vic", "claim #1"), Catch::Contains("claimed by Vic"));
  CHECK_THAT(g.replies_to("Vic", "bought #1 paid 58.5"), Catch::Contains("paid ¥58.50"));
  CHECK_THAT(g.replies_to("Vic", "delivered #1"), Catch::Contains("delivered to 3-2-501"));
  CHECK_THAT(g.replies_to("Rose", "cancel #1"), Catch::Contains("cannot be cancelled"));
  CHECK(g.say("Vic", "claim the prize").kind == "chatter");
}

TEST_CASE("only the requester or a coordinator cancels or changes a request",
          "[request_commands]") {
  group g;
  g.say("王阿姨", "3-2-501 需要 硝苯地平 2盒 急");
  CHECK_THAT(all_text(g.say("路人", "取消 #1")), Catch::Contains("只有提出需求的居民"));
  CHECK_THAT(all_text(g.say("路人", "改 #1 3-2-501 硝苯地平 9盒")),
             Catch::Contains("只有提出需求"));
  CHECK_THAT(all_text(g.say("王阿姨", "改 #1 3-2-501 硝苯地平 3盒")),
             Catch::Contains("已修改 #1 3-2-501｜硝苯地平 3盒｜药品·急"));
  CHECK_THAT(all_text(g.say("王阿姨", "改 #1 嗯")), Catch::Contains("没看懂"));
  CHECK_THAT(all_text(g.say("协调员", "取消 #1", true)), Catch::Contains("已取消 #1"));
  CHECK(g.request(1).status == request_status::cancelled);
  CHECK_THAT(all_text(g.say("小张", "认领 #1")), Catch::Contains("已取消"));
}

TEST_CASE("the same household asking again is flagged, never merged", "[request_commands]") {
  group g;
  g.say("王阿姨", "3-2-501 需要 硝苯地平 2盒");
  const auto again = g.say("王阿姨的女儿", "3号楼2单元501 需要 硝苯地平 2盒");
  CHECK_THAT(all_text(again), Catch::Contains("与 #1 是同一户、同样物品，是否重复"));
  CHECK(g.request(2).duplicate_of == 1);
  g.say("王阿姨", "3-2-501 需要 大米10斤");  // another item: not a repeat
  CHECK_FALSE(g.request(3).duplicate_of);
  g.clock_ms += 7 * 3'600'000;  // hours later it is a new need
  g.say("王阿姨", "3-2-501 需要 硝苯地平 2盒");
  CHECK_FALSE(g.request(4).duplicate_of);
}

TEST_CASE("需求 lists open requests, urgent medicine first", "[request_commands]") {
  group g;
  CHECK_THAT(all_text(g.say("x", "需求")), Catch::Contains("没有待办"));
  g.say("a", "1-1-101 需要 大米10斤");
  g.say("b", "2-1-101 需要 冻肉 2斤");
  g.say("c", "3-1-101 需要 布洛芬 1盒");
  g.say("d", "4-1-101 急需 胰岛素 1支");
  g.say("e", "5-1-101 需要 鸡蛋 10个");
  g.say("v", "认领 #5");
  g.say("v", "已送 #5");
  const std::string list = all_text(g.say("x", "/requests"));
  const auto at = [&](const char* s) { return list.find(s); };
  CHECK(at("#1 ") != std::string::npos);  // the last of the four: every one is listed
  CHECK(at("#4 ") < at("#3 "));
  CHECK(at("#3 ") < at("#2 "));
  CHECK(at("#2 ") < at("#1 "));
  CHECK(at("#5 ") == std::string::npos);
}

TEST_CASE("/requests lists 20 a page, and says how to see the next", "[request_commands]") {
  group g;
  for (int i = 1; i <= 45; ++i)
    g.say("r" + std::to_string(i), "需要 大米 " + std::to_string(i) + "斤");
  g.say("d", "4-1-101 急需 胰岛素 1支");  // #46, the most pressing: first on page 1
  const auto lines = [](const std::string& text) {
    return std::count(text.begin(), text.end(), '#');
  };
  const std::string first = all_text(g.say("x", "/requests"));
  CHECK(lines(first) == 20);
  CHECK(first.find("#46 ") < first.find("#1 "));
  CHECK_THAT(first, Catch::Contains("第 1/3 页，共 46 条待办") &&
                        Catch::Contains("发「/requests 2」看下一页"));
  const std::string second = all_text(g.say("x", "/requests 2"));
  CHECK(lines(second) == 20);
  CHECK_THAT(second, Catch::Contains("#20 ") && Catch::Contains("第 2/3 页"));
  CHECK(second.find("#46 ") == std::string::npos);
  // The last page has no next; a page past the end shows the last; words are the first page.
  const std::string last = all_text(g.say("x", "/requests 第3页"));
  CHECK(lines(last) == 6);
  CHECK_THAT(last, Catch::Contains("第 3/3 页") && !Catch::Contains("看下一页"));
  CHECK(all_text(g.say("x", "/requests 99")) == last);
  CHECK(all_text(g.say("x", "/requests open")) == first);
  CHECK(all_text(g.say("x", "需求")) == first);
}

TEST_CASE("/tally totals to the cent for coordinators", "[request_commands]") {
  group g;
  g.say("a", "3-1-101 需要 大米10斤 59.9元");
  g.say("b", "3-2-201 需要 蔬菜包 2份 68元/份");
  g.say("c", "5-1-101 需要 鸡蛋30个 共36.5元");
  g.say("c", "取消 #3");
  CHECK(g.say("a", "/tally").kind == "denied");
  const std::string t = all_text(g.say("协调员", "/tally", true));
  CHECK_THAT(t, Catch::Contains("3号楼：2 单，¥195.90") && Catch::Contains("合计：2 单，¥195.90"));
  CHECK_THAT(all_text(g.say("协调员", "/tally 物品", true)),
             Catch::Contains("蔬菜包 2份：1 单，¥136.00"));
  CHECK_THAT(all_text(g.say("协调员", "/tally colour", true)), Catch::Contains("用法"));
}

TEST_CASE("/tally never wraps: amounts past the cap are refused, sums stay positive",
          "[request_commands]") {
  group g;
  // Three lines that, read without a cap, sum past 2^63 cents and wrap the tally negative.
  const std::string huge = "999999999999元/袋";
  for (const char* who : {"a", "b", "c"}) {
    const std::string reply =
        all_text(g.say(who, "3-1-101 需要 大米 10000袋 " + huge + " 面粉 10000袋 " + huge +
                                " 油 10000桶 " + huge + " 盐 10000袋 " + huge));
    CHECK_THAT(reply, Catch::Contains("单笔上限 ¥1000000.00"));
  }
  const std::string t = all_text(g.say("协调员", "/tally", true));
  CHECK(t.find('-') == std::string::npos);
  CHECK_THAT(t, Catch::Contains("合计：3 单，¥0.00"));
  // At the cap is still money.
  g.say("d", "5-1-101 需要 大米 1袋 1000000元");
  CHECK_THAT(all_text(g.say("协调员", "/tally", true)), Catch::Contains("合计：4 单，¥1000000.00"));
}

TEST_CASE("editing the message of a need corrects the need", "[request_commands]") {
  group g;
  g.keep_messages = true;
  g.say("王阿姨", "3号楼2单元501 需要 硝苯地平 2盒");  // m1
  g.say("李四", "谢谢");                               // m2
  const auto o = g.edit("王阿姨", "m1", "3号楼2单元501 需要 硝苯地平 3盒 急");
  CHECK(o.kind == "request_edit");
  REQUIRE(o.answers.size() == 1);
  CHECK_THAT(o.answers[0].text, Catch::Contains("已修改 #1") && Catch::Contains("硝苯地平 3盒"));
  const auto r = g.request(1);
  CHECK(r.items.at(0).quantity == 3);
  CHECK(r.urgent);
  CHECK(g.store->list_requests(g.chat).size() == 1);  // corrected, not logged twice
  // A second edit still finds the need; an edit of chatter or of a command does nothing.
  g.edit("王阿姨", "m1", "3号楼2单元501 需要 硝苯地平 1盒");
  CHECK(g.request(1).items.at(0).quantity == 1);
  const auto chatter = g.edit("李四", "m2", "3号楼 需要 大米 5斤");
  CHECK(chatter.kind == "edited");
  CHECK(chatter.answers.empty());
  g.say("志愿者", "认领 #1");  // m6
  CHECK(g.edit("志愿者", "m6", "认领 #1 我开车").kind == "edited");
  CHECK(g.store->list_requests(g.chat).size() == 1);
  // Once bought, an edit is refused with the reason, not applied in silence.
  g.say("志愿者", "已买 #1 实付 20元");
  const auto late = g.edit("王阿姨", "m1", "3号楼2单元501 需要 硝苯地平 5盒");
  REQUIRE(late.answers.size() == 1);
  CHECK_THAT(late.answers[0].text, Catch::Contains("不能再修改"));
  CHECK(g.request(1).items.at(0).quantity == 1);
}

TEST_CASE("改 #N 类别:X files a need under another category, items and text kept",
          "[request_commands]") {
  group g;
  g.say("王阿姨", "3-2-501 需要 口罩 2包");
  REQUIRE(g.request(1).category == "daily");
  CHECK_THAT(all_text(g.say("协调员", "改 #1 类别：药品", true)),
             Catch::Contains("已修改 #1 3-2-501｜口罩 2包｜药品"));
  const auto r = g.request(1);
  CHECK(r.category == "medicine");
  CHECK(r.items.at(0).name == "口罩");
  CHECK(r.text == "3-2-501 需要 口罩 2包");
  g.say("协调员", "改 #1 category: cold_chain", true);
  CHECK(g.request(1).category == "cold_chain");
  CHECK_THAT(all_text(g.say("协调员", "改 #1 类别:玩具", true)), Catch::Contains("没有这个类别"));
  CHECK(g.request(1).category == "cold_chain");
  CHECK_THAT(all_text(g.say("路人", "改 #1 类别:食品")), Catch::Contains("只有提出需求"));
  CHECK(g.request(1).category == "cold_chain");
}

TEST_CASE("派 #N NAME: a coordinator assigns a need to a volunteer by name", "[request_commands]") {
  group g;
  g.say("王阿姨", "3-2-501 需要 硝苯地平 2盒");
  g.say("王阿姨", "5-1-1202 需要 大米10斤");
  g.say("小李", "认领 #2");  // 小李 is known by the id they claimed with
  CHECK_THAT(all_text(g.say("路人", "派 #1 小李")), Catch::Contains("只有协调员可以指派"));
  CHECK(g.request(1).status == request_status::open);
  CHECK_THAT(all_text(g.say("协调员", "派 #1 小李", true)), Catch::Contains("#1 已指派给 小李"));
  auto r = g.request(1);
  CHECK(r.status == request_status::claimed);
  CHECK(r.claimed_by == "小李");
  CHECK(r.claimed_by_name == "小李");
  // The volunteer then marks it as their own.
  CHECK_THAT(all_text(g.say("小李", "已买 #1")), Catch::Contains("#1"));
  CHECK(g.request(1).status == request_status::bought);
  CHECK_THAT(all_text(g.say("协调员", "指派 #1 小张", true)), Catch::Contains("不能再指派"));
  // Someone linli has not seen is known by the name alone.
  g.say("协调员", "assign #2 Zhang Wei", true);
  r = g.request(2);
  CHECK(r.claimed_by == "name:Zhang Wei");
  CHECK(r.claimed_by_name == "Zhang Wei");
  CHECK_THAT(all_text(g.say("协调员", "派 #2", true)), Catch::Contains("用法"));
  CHECK(g.say("路人", "派送到了吗").kind == "chatter");
}
