#include "handlers/requests/money_views.hpp"

#include <catch2/catch.hpp>

#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;
using json = nlohmann::json;

namespace {

constexpr std::int64_t day_ms = 86'400'000;

// Two group buys of one day: 蔬菜包 closed, 鸡蛋 still open; households in buildings 3, 12 and
// one without an address.
struct buys_chat : testing::chat_fixture {
  buys_chat() {
    say("协调员", "/团购 蔬菜包 68元/份", true);
    say("张三", "3-1-201 2份");
    say("王五", "12-1-101 1份");
    say("李四", "3-2-101 1份");
    say("赵六", "+2");
    say("周七", "3-2-102 0份");
    say("协调员", "/团购 结束", true);
    say("协调员", "/团购 鸡蛋 30元/箱", true);
    say("张三", "3-1-201 1箱");
  }
};

}  // namespace

TEST_CASE("order_sheet_view is one line per household with all it ordered", "[money_views]") {
  buys_chat g;
  const json sheet = order_sheet_view(*g.store, g.chat, g.clock_ms - day_ms, g.clock_ms + 1);
  REQUIRE(sheet["buys"].size() == 2);
  CHECK(sheet["buys"][0]["title"] == "蔬菜包");
  CHECK(sheet["buys"][0]["closed"] == true);
  CHECK(sheet["buys"][1]["unit"] == "箱");
  REQUIRE(sheet["buildings"].size() == 3);
  CHECK(sheet["buildings"][0]["building"] == "3");
  CHECK(sheet["buildings"][1]["building"] == "12");  // 3 before 12
  CHECK(sheet["buildings"][2]["building"] == "");    // no address last
  const json& three = sheet["buildings"][0];
  REQUIRE(three["households"].size() == 2);
  const json veg = sheet["buys"][0]["id"], eggs = sheet["buys"][1]["id"];
  CHECK(three["households"][0] == json{{"household", "3-1-201"},
                                       {"name", "张三"},
                                       {"items",
                                        {{{"buy_id", veg},
                                          {"title", "蔬菜包"},
                                          {"quantity", 2},
                                          {"unit", "份"},
                                          {"amount_cents", 13600}},
                                         {{"buy_id", eggs},
                                          {"title", "鸡蛋"},
                                          {"quantity", 1},
                                          {"unit", "箱"},
                                          {"amount_cents", 3000}}}},
                                       {"amount_cents", 16600}});
  CHECK(three["households"][1]["household"] == "3-2-101");  // 3-2-102 ordered nothing
  CHECK(three["items"][0] == json{{"buy_id", veg},
                                  {"title", "蔬菜包"},
                                  {"quantity", 3},
                                  {"unit", "份"},
                                  {"amount_cents", 20400},
                                  {"households", 2}});
  CHECK(three["amount_cents"] == 23400);
  CHECK(sheet["buildings"][2]["households"][0]["household"] == "赵六");
  CHECK(sheet["items"][0]["quantity"] == 6);
  CHECK(sheet["items"][0]["households"] == 4);
  CHECK(sheet["items"][1]["amount_cents"] == 3000);
  CHECK(sheet["households"] == 4);
  CHECK(sheet["amount_cents"] == 6 * 6800 + 3000);

  // Another day: only the buy still open.
  const json later =
      order_sheet_view(*g.store, g.chat, g.clock_ms + day_ms, g.clock_ms + 2 * day_ms);
  REQUIRE(later["buys"].size() == 1);
  CHECK(later["buys"][0]["title"] == "鸡蛋");
  CHECK(later["households"] == 1);
  CHECK(later["amount_cents"] == 3000);
}

TEST_CASE("donations_view lists every gift and the donors, most given first", "[money_views]") {
  testing::chat_fixture g;
  CHECK(donations_view(*g.store, g.chat)["drive"].is_null());
  g.say("协调员", "/募捐 500 防疫物资", true);
  g.say("张三", "捐 200");
  g.say("李四", "捐款300元");
  g.say("张三", "捐 150.50");
  const json view = donations_view(*g.store, g.chat);
  CHECK(view["drive"]["title"] == "防疫物资");
  CHECK(view["drive"]["goal_cents"] == 50000);
  REQUIRE(view["donations"].size() == 3);
  CHECK(view["donations"][2]["name"] == "张三");
  CHECK(view["donations"][2]["cents"] == 15050);
  CHECK(view["donors"] ==
        json{{{"donor_id", "张三"}, {"name", "张三"}, {"cents", 35050}, {"gifts", 2}},
             {{"donor_id", "李四"}, {"name", "李四"}, {"cents", 30000}, {"gifts", 1}}});
  CHECK(view["total_cents"] == 65050);
  CHECK(view["goal_reached"] == true);
}

TEST_CASE("the order sheet and the donors as tables for the report", "[money_views]") {
  buys_chat g;
  g.say("协调员", "/募捐 500 防疫物资", true);
  g.say("张三", "捐 200");
  CHECK(to_csv(order_sheet_table(order_sheet_view(*g.store, g.chat, 0, g.clock_ms + 1))) ==
        "\xEF\xBB\xBF"
        "building,household,name,items,amount_cents\r\n"
        "3,3-1-201,张三,蔬菜包 2份; 鸡蛋 1箱,16600\r\n"
        "3,3-2-101,李四,蔬菜包 1份,6800\r\n"
        "12,12-1-101,王五,蔬菜包 1份,6800\r\n"
        ",赵六,赵六,蔬菜包 2份,13600\r\n");
  CHECK(to_csv(donations_table(donations_view(*g.store, g.chat))) ==
        "\xEF\xBB\xBFname,gifts,amount_cents\r\n张三,1,20000\r\n");
}
