#include "handlers/requests/group_buy_commands.hpp"

#include <catch2/catch.hpp>

#include "handlers/core/dispatcher.hpp"
#include "storage/open.hpp"
#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;

namespace {

// The replies to a message, joined.
struct group : testing::chat_fixture {
  std::string say(const std::string& who, const std::string& text, bool admin = false) {
    return replies_to(who, text, admin);
  }
};

}  // namespace

TEST_CASE("a group buy takes orders and closes with an order sheet", "[group_buy]") {
  group g;
  CHECK_THAT(g.say("张三", "/团购 蔬菜包 68元/份"), Catch::Contains("只有协调员"));
  CHECK_THAT(g.say("协调员", "/团购 蔬菜包 68元/份 截止21:00", true),
             Catch::Contains("团购开始：「蔬菜包」¥68.00/份，截止 21:00"));
  CHECK_THAT(g.say("协调员", "/团购 水果 30元/箱", true), Catch::Contains("已有进行中的团购"));
  CHECK_THAT(g.say("张三", "3-1-201 2份"), Catch::Contains("3-1-201 订 2份（¥136.00）"));
  g.say("李四", "/addr 3-2-101");
  CHECK_THAT(g.say("李四", "+3"), Catch::Contains("3号楼 5份；共 5份，¥340.00"));
  CHECK_THAT(g.say("李四", "+1"), Catch::Contains("3-2-101 订 4份"));
  CHECK_THAT(g.say("王五", "5-1-101 蔬菜包 1份"), Catch::Contains("5号楼 1份"));
  CHECK_THAT(g.say("张三", "3-1-201 1份"), Catch::Contains("3-1-201 订 1份"));  // a correction
  CHECK_THAT(g.say("赵六", "+2"), Catch::Contains("没有地址"));
  CHECK_THAT(g.say("路人", "/团购"), Catch::Contains("共 8份，¥544.00"));

  const std::string sheet = g.say("协调员", "/团购 结束", true);
  CHECK_THAT(sheet, Catch::Contains("3号楼：5份 ¥340.00\n  3-1-201 1份 ¥68.00（张三）\n"
                                    "  3-2-101 4份 ¥272.00（李四）"));
  CHECK_THAT(sheet, Catch::Contains("5号楼：1份 ¥68.00"));
  CHECK_THAT(sheet, Catch::Contains("未知地址：2份 ¥136.00\n  赵六 2份"));
  CHECK_THAT(sheet, Catch::Contains("合计：8份，¥544.00，4 户"));
  // Closed: a late order is no longer taken, and the household is told so.
  const auto after_close = g.testing::chat_fixture::say("李四", "+1");
  CHECK(after_close.kind == "group_buy_late");
  REQUIRE(after_close.answers.size() == 1);
  CHECK_THAT(after_close.answers[0].text, Catch::Contains("团购「蔬菜包」已截止"));
  CHECK_THAT(g.say("王五", "我要2份 9号楼1单元803"), Catch::Contains("已截止"));
  CHECK(g.testing::chat_fixture::say("李四", "谢谢大家").kind == "chatter");
  // Two days on, a +1 is just chatter again.
  g.clock_ms += 3 * 86'400'000LL;
  CHECK(g.testing::chat_fixture::say("李四", "+1").kind == "chatter");
}

TEST_CASE("orders in the forms residents write", "[group_buy]") {
  // tests/corpus/messages.jsonl (dev): m0366, m0369, m0372, m0375, m0376, m0383, m0384, m0386,
  // m0388, m0391, m0392.
  struct form {
    const char* text;
    const char* reply;
  };
  for (const form& f :
       {form{"两份 5栋1201", "5号楼 2份"}, form{"1份 11-1-702", "11-1-702 订 1份"},
        form{"我要一份 18-2-1903", "18-2-1903 订 1份"}, form{"要兩份 3座1502", "3号楼 2份"},
        form{"5栋2单元402 要1份", "5-2-402 订 1份"}, form{"14栋1003 一箱", "14号楼 1份"},
        form{"二份 谢谢团长", "订 2份"}, form{"+1 🙋", "订 1份"}}) {
    INFO(f.text);
    group g;
    g.say("协调员", "/团购 蔬菜包 68元/份", true);
    g.say("张三", "/addr 3-2-101");
    CHECK_THAT(g.say("张三", f.text), Catch::Contains(f.reply));
  }
  group g;
  g.say("协调员", "/团购 蔬菜包 68元/份", true);
  g.say("张三", "/addr 3-2-101");
  CHECK_THAT(g.say("张三", "我也要一份"), Catch::Contains("3-2-101 订 1份"));
  CHECK_THAT(g.say("张三", "再加2份"), Catch::Contains("3-2-101 订 3份"));
  CHECK_THAT(g.say("张三", "加一份"), Catch::Contains("3-2-101 订 4份"));
  CHECK_THAT(g.say("张三", "我要 2 箱"), Catch::Contains("3-2-101 订 2份"));
  // A bare number is a confirmation or a reply; a need is no order.
  CHECK(g.testing::chat_fixture::say("张三", "2").kind != "group_buy_order");
  CHECK(g.testing::chat_fixture::say("张三", "要2袋大米").kind != "group_buy_order");
}

TEST_CASE("orders with a note, a change or a particle are orders too", "[group_buy]") {
  group g;
  g.say("协调员", "/团购 蔬菜包 68元/份", true);
  g.say("张三", "/addr 3-2-101");
  CHECK_THAT(g.say("张三", "我來一份"), Catch::Contains("3-2-101 订 1份"));
  CHECK_THAT(g.say("张三", "+5(帮楼上王阿姨带)"), Catch::Contains("3-2-101 订 6份"));
  CHECK_THAT(g.say("张三", "改成3份"), Catch::Contains("3-2-101 订 3份"));  // replaces
  CHECK_THAT(g.say("张三", "2份就行"), Catch::Contains("3-2-101 订 2份"));
  CHECK_THAT(g.say("李四", "我要2份 9号楼1单元803"), Catch::Contains("9-1-803 订 2份"));
  CHECK_THAT(g.say("张三", "团长我要3份"), Catch::Contains("3-2-101 订 3份"));
  // Batch 2 (dev) m0580, m0582: where to leave it, the buy's name after the count.
  CHECK_THAT(g.say("王五", "2箱 放门口 3-1-201"), Catch::Contains("3-1-201 订 2份"));
  CHECK_THAT(g.say("赵六", "团长，我家要一份蔬菜包，12号楼602"), Catch::Contains("订 1份"));
  // 我来 5 claims need #5; it is no order of five.
  CHECK(g.testing::chat_fixture::say("张三", "我来 5").kind != "group_buy_order");
  CHECK(g.testing::chat_fixture::say("张三", "改成3份大米").kind != "group_buy_order");
}

TEST_CASE("orders after the group buy's deadline are refused", "[group_buy]") {
  group g;
  g.say("协调员", "/团购 蔬菜包 68元/份 截止18:30", true);
  g.clock_ms += 3'600'000;
  CHECK_THAT(g.say("张三", "3-1-201 2份"), Catch::Contains("已于 18:30 截止"));
}

TEST_CASE("a group buy reads its price per unit either way round", "[group_buy]") {
  group g;
  CHECK_THAT(g.say("协调员", "/团购 水果 每箱30元", true), Catch::Contains("「水果」¥30.00/箱"));
  g.say("协调员", "/团购 结束", true);
  CHECK_THAT(g.say("协调员", "/团购 鸡蛋 12.5/盒", true), Catch::Contains("「鸡蛋」¥12.50/盒"));
  g.say("协调员", "/团购 结束", true);
  // A long unit is cut on a character boundary, never inside one.
  const std::string reply = g.say("协调员", "/团购 米 50元/袋装五公斤的 截止20:00", true);
  CHECK_THAT(reply, Catch::Contains("¥50.00/袋装五公，") && Catch::Contains("截止 20:00"));
}

TEST_CASE("a group buy needs a price per unit", "[group_buy]") {
  group g;
  CHECK_THAT(g.say("协调员", "/团购 蔬菜包", true), Catch::Contains("用法"));
  CHECK_THAT(g.say("协调员", "/团购 68元/份", true), Catch::Contains("用法"));
  CHECK_THAT(g.say("张三", "+2"), !Catch::Contains("订"));  // nothing open
  CHECK(g.testing::chat_fixture::say("张三", "+2").kind == "chatter");
}

TEST_CASE("a household withdraws its order in words", "[group_buy]") {
  group g;
  g.say("协调员", "/团购 蔬菜包 68元/份", true);
  g.say("张三", "3-1-201 2份");
  g.say("李四", "5-1-101 1份");
  CHECK(g.say("王五", "我的那份不要了").empty());  // no order of theirs: chatter
  CHECK(g.say("张三", "那份还要吗？").empty());    // a question
  CHECK_THAT(g.say("张三", "我的那份不要了，已经在别的群买到了"),
             Catch::Contains("已取消：3-1-201 的 2份（团购「蔬菜包」）") &&
                 Catch::Contains("共 1份，¥68.00"));
  const std::string sheet = g.say("协调员", "/团购 结束", true);
  CHECK_THAT(sheet, !Catch::Contains("3-1-201"));
  CHECK_THAT(sheet, Catch::Contains("5-1-101 1份"));
}
