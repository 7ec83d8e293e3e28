#include "handlers/requests/donation_commands.hpp"

#include <catch2/catch.hpp>

#include "handlers/core/dispatcher.hpp"
#include "storage/open.hpp"
#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;

namespace {

struct group : testing::chat_fixture {
  std::string text(const std::string& who, const std::string& t, bool admin = false) {
    return replies_to(who, t, admin);
  }
};

}  // namespace

TEST_CASE("donations count toward the goal and keep counting past it", "[donations]") {
  group g;
  CHECK_THAT(g.text("张三", "捐 200"), Catch::Contains("目前没有募捐"));
  CHECK_THAT(g.text("张三", "/募捐 1000 防疫物资"), Catch::Contains("只有协调员"));
  CHECK_THAT(g.text("协调员", "/募捐 1000 防疫物资", true), Catch::Contains("目标 ¥1000.00"));
  CHECK_THAT(g.text("张三", "捐 600"), Catch::Contains("已筹 ¥600.00 / ¥1000.00（1 人）"));
  CHECK_THAT(g.text("张三", "捐款 0.5元"), Catch::Contains("已筹 ¥600.50 / ¥1000.00（1 人）"));
  CHECK_THAT(g.text("李四", "捐款500元"),
             Catch::Contains("🎉 已够，感谢大家") && Catch::Contains("¥1100.50"));
  CHECK_THAT(g.text("王五", "捐 ¥100"),
             Catch::Contains("目标已达成，超出部分如实记录：已筹 ¥1200.50 / ¥1000.00（3 人）"));
  CHECK_THAT(g.text("路人", "/募捐"), Catch::Contains("¥1200.50"));
  CHECK(g.say("王五", "捐款的事明天说").kind == "chatter");
  CHECK(g.say("王五", "捐 -5").kind == "chatter");
}

TEST_CASE("donations in the forms residents write", "[donations]") {
  // tests/corpus/messages.jsonl (dev): m0109, m0395, m0396, m0400, m0401, m0402.
  group g;
  g.text("协调员", "/募捐 100000 防疫物资", true);
  CHECK_THAT(g.text("张三", "我也捐80块"), Catch::Contains("¥80.00"));
  CHECK_THAT(g.text("李四", "捐款 2,000元"), Catch::Contains("¥2080.00"));
  CHECK_THAT(g.text("王五", "捐款两百块 给大白买水"), Catch::Contains("¥2280.00"));
  CHECK_THAT(g.text("赵六", "我家捐300,给志愿者买点吃的"), Catch::Contains("¥2580.00"));
  CHECK_THAT(g.text("钱七", "捐款:88.88元"), Catch::Contains("¥2668.88"));
  CHECK_THAT(g.text("孙八", "我捐2萬"), Catch::Contains("¥22668.88"));
  // Goods, not money: no donation is recorded.
  CHECK(g.say("周九", "捐2件衣服").kind != "donation");
  CHECK_THAT(g.text("吴十", "捐 1"), Catch::Contains("¥22669.88"));
}
