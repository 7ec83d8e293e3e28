#include "handlers/requests/board_views.hpp"

#include <catch2/catch.hpp>

#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;
using json = nlohmann::json;

namespace {

struct board_chat : testing::chat_fixture {
  board_chat() {
    say("李叔", "5-1-1202 求购 大米10斤 共35元");             // #1 food
    say("王阿姨", "3号楼2单元501 需要 硝苯地平 2盒 59.9元");  // #2 medicine
    say("小赵", "12栋602 胰岛素 急 需冷藏");                  // #3 urgent
    say("老周", "7号楼 需要 口罩 2包");                       // #4, cancelled below
    say("小张", "认领 #1");
    say("老周", "取消 #4");
  }
};

std::vector<int> ids(const json& view) {
  std::vector<int> out;
  for (const auto& r : view["requests"]) out.push_back(r["id"].get<int>());
  return out;
}

}  // namespace

TEST_CASE("board_view puts open before claimed before done, urgent and medicine first",
          "[board_views]") {
  board_chat g;
  const json view = board_view(*g.store, g.chat);
  CHECK(ids(view) == std::vector<int>{3, 2, 1, 4});
  const json& urgent = view["requests"][0];
  CHECK(urgent["requester_name"] == "小赵");
  CHECK(urgent["text"] == "12栋602 胰岛素 急 需冷藏");
  CHECK(urgent["urgent"] == true);
  CHECK(urgent["rank"] == 0);
  CHECK(view["requests"][2]["claimed_by_name"] == "小张");
  CHECK(view["requests"][1]["amount_cents"] == 5990);
  CHECK(view["total"] == 4);
  const json other = board_view(*g.store, {"generic", "other"});
  CHECK(other["requests"] == json::array());
  CHECK(other["total"] == 0);
}

TEST_CASE("board_view filters by status, category, building, urgency and text", "[board_views]") {
  board_chat g;
  board_query q;
  q.status = request_status::open;
  CHECK(ids(board_view(*g.store, g.chat, q)) == std::vector<int>{3, 2});
  q = {};
  q.category = "medicine";
  CHECK(ids(board_view(*g.store, g.chat, q)) == std::vector<int>{3, 2});
  q = {};
  q.building = "5";
  CHECK(ids(board_view(*g.store, g.chat, q)) == std::vector<int>{1});
  q.building = "55";
  CHECK(ids(board_view(*g.store, g.chat, q)).empty());
  q = {};
  q.urgent_only = true;
  CHECK(ids(board_view(*g.store, g.chat, q)) == std::vector<int>{3});
  q = {};
  q.text = "口罩";  // an item's name
  CHECK(ids(board_view(*g.store, g.chat, q)) == std::vector<int>{4});
  q.text = "王阿姨";  // the requester's name
  CHECK(ids(board_view(*g.store, g.chat, q)) == std::vector<int>{2});
  q.text = "冷藏";  // the text as written
  CHECK(ids(board_view(*g.store, g.chat, q)) == std::vector<int>{3});
  q.status = request_status::delivered;  // every filter must hold
  CHECK(ids(board_view(*g.store, g.chat, q)).empty());
}

TEST_CASE("board_view sorts and pages, ranks counting from the page's offset", "[board_views]") {
  board_chat g;
  board_query q;
  q.sort = board_sort::newest;
  CHECK(ids(board_view(*g.store, g.chat, q)) == std::vector<int>{4, 3, 2, 1});
  q.sort = board_sort::number;
  q.offset = 1;
  q.limit = 2;
  const json page = board_view(*g.store, g.chat, q);
  CHECK(ids(page) == std::vector<int>{2, 3});
  CHECK(page["total"] == 4);
  CHECK(page["offset"] == 1);
  CHECK(page["requests"][0]["rank"] == 1);
  q.offset = 10;  // past the end: an empty page, the total still told
  const json past = board_view(*g.store, g.chat, q);
  CHECK(past["requests"].empty());
  CHECK(past["total"] == 4);
  CHECK(board_sort_from("oldest") == board_sort::oldest);
  CHECK_FALSE(board_sort_from("random"));
}

TEST_CASE("overview_view counts by status, lists the urgent open ones with their age",
          "[board_views]") {
  board_chat g;
  const std::int64_t now = g.clock_ms + 30 * 60'000;
  const json o = overview_view(*g.store, g.chat, now);
  CHECK(o["by_status"] ==
        json{{"open", 2}, {"claimed", 1}, {"bought", 0}, {"delivered", 0}, {"cancelled", 1}});
  CHECK(o["by_category"].value("medicine", 0) == 2);  // 硝苯地平 and 胰岛素
  REQUIRE(o["urgent_open"].size() == 1);
  CHECK(o["urgent_open"][0]["id"] == 3);
  CHECK(o["urgent_open"][0]["building"] == "12");
  CHECK(o["urgent_open"][0]["age_minutes"].get<int>() >= 30);
  CHECK(o["money"]["requested_cents"] == 3500 + 5990);
  CHECK(o["per_hour"].size() == 72);
  int counted = 0;
  for (const auto& h : o["per_hour"]) counted += h["requests"].get<int>();
  CHECK(counted == 4);
  REQUIRE(o["by_building"].size() == 3);     // the cancelled one's building is not counted
  CHECK(o["by_building"][0]["key"] == "3");  // in counting order: 3, 5, 12
  CHECK(o["by_building"][2]["key"] == "12");
}

TEST_CASE("buildings go in the order people count them", "[board_views]") {
  CHECK(building_before("3", "12"));
  CHECK_FALSE(building_before("12", "3"));
  CHECK(building_before("12", "东区"));  // numbers before names
  CHECK(building_before("东区", ""));    // no address last
  CHECK_FALSE(building_before("", "3"));
  CHECK(building_before("A栋", "B栋"));
  CHECK_FALSE(building_before("3", "3"));
}

TEST_CASE("money_view tallies the needs and lists what each volunteer paid", "[board_views]") {
  board_chat g;  // 小张 claimed #1 (大米, 35元)
  g.say("小张", "已买 #1 实付 33.50");
  g.say("小李", "认领 #2");
  g.say("小李", "已买 #2 实付 60");
  g.say("小李", "认领 #3");
  const json m = money_view(*g.store, g.chat);
  CHECK(m["reimbursements"] == json::array({{{"volunteer_id", "小李"},
                                             {"volunteer", "小李"},
                                             {"requests", {2}},
                                             {"spent_cents", 6000}},
                                            {{"volunteer_id", "小张"},
                                             {"volunteer", "小张"},
                                             {"requests", {1}},
                                             {"spent_cents", 3350}}}));
  CHECK(m["spent_cents"] == 9350);
  CHECK(m["by_building"]["by"] == "building");
  CHECK(m["by_category"]["total"]["requests"] == 3);  // the cancelled one is not counted
  CHECK(m["by_item"]["rows"].size() >= 3);
}
