#include "handlers/requests/request_views.hpp"

#include <catch2/catch.hpp>

#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;
using json = nlohmann::json;

namespace {

// Three requests: one claimed and bought, one cancelled, one without an address.
struct requests_chat : testing::chat_fixture {
  requests_chat() {
    say("王阿姨", "3号楼2单元501 需要 硝苯地平 2盒 59.9元 急");
    say("李叔", "5-1-1202 求购 大米10斤, 口罩 2包");
    say("小张", "认领 #1");
    say("小张", "已买 #1 实付 58.5元");
    say("老\"赵\", 楼下", "需要 牛奶 1箱 共50元");
    say("李叔", "取消 #2");
  }
};

const json first = {
    {"id", 1},
    {"requester_id", "王阿姨"},
    {"requester_name", "王阿姨"},
    {"address", {{"building", "3"}, {"unit", "2"}, {"room", "501"}}},
    {"items", {{{"name", "硝苯地平"}, {"quantity", 2}, {"unit", "盒"}, {"amount_cents", 5990}}}},
    {"amount_cents", 5990},
    {"spent_cents", 5850},
    {"category", "medicine"},
    {"urgent", true},
    {"status", "bought"},
    {"claimed_by", "小张"},
    {"duplicate_of", nullptr},
    {"message_id", "m1"}};

}  // namespace

TEST_CASE("requests_view lists every request, oldest first, with items and money",
          "[request_views]") {
  requests_chat g;
  const json view = requests_view(*g.store, g.chat);
  REQUIRE(view["requests"].size() == 3);
  CHECK(view["requests"][0] == first);
  CHECK(view["requests"][1]["status"] == "cancelled");
  CHECK(view["requests"][1]["amount_cents"].is_null());
  CHECK(view["requests"][1]["items"] ==
        json{{{"name", "大米"}, {"quantity", 10}, {"unit", "斤"}, {"amount_cents", nullptr}},
             {{"name", "口罩"}, {"quantity", 2}, {"unit", "包"}, {"amount_cents", nullptr}}});
  CHECK(view["requests"][2]["address"].is_null());
  CHECK(view["requests"][2]["amount_cents"] == 5000);
  CHECK(view.size() == 1);
}

TEST_CASE("requests_view keeps only the status asked for", "[request_views]") {
  requests_chat g;
  CHECK(requests_view(*g.store, g.chat, request_status::bought) == json{{"requests", {first}}});
  CHECK(requests_view(*g.store, g.chat, request_status::delivered) ==
        json{{"requests", json::array()}});
  CHECK(requests_view(*g.store, {"generic", "other"}) == json{{"requests", json::array()}});
}

TEST_CASE("requests_table flattens address and items into one spreadsheet row each",
          "[request_views]") {
  requests_chat g;
  CHECK(to_csv(requests_table(requests_view(*g.store, g.chat))) ==
        "\xEF\xBB\xBFid,requester_id,building,unit,room,items,amount_cents,spent_cents,category,"
        "urgent,status,claimed_by,duplicate_of,message_id\r\n"
        "1,王阿姨,3,2,501,硝苯地平 2盒,5990,5850,medicine,true,bought,小张,,m1\r\n"
        "2,李叔,5,1,1202,大米 10斤; 口罩 2包,,,food,false,cancelled,,,m2\r\n"
        "3,\"老\"\"赵\"\", 楼下\",,,,牛奶 1箱,5000,,food,false,open,,,m5\r\n");
}

TEST_CASE("tally_view totals the requests that are not cancelled", "[request_views]") {
  requests_chat g;
  CHECK(*tally_view(*g.store, g.chat, "building") ==
        json{{"by", "building"},
             {"rows",
              {{{"key", "3"}, {"requests", 1}, {"amount_cents", 5990}},
               {{"key", "unknown"}, {"requests", 1}, {"amount_cents", 5000}}}},
             {"total", {{"requests", 2}, {"amount_cents", 10990}}}});
  CHECK((*tally_view(*g.store, g.chat, "category"))["rows"] ==
        json{{{"key", "food"}, {"requests", 1}, {"amount_cents", 5000}},
             {{"key", "medicine"}, {"requests", 1}, {"amount_cents", 5990}}});
  CHECK_FALSE(tally_view(*g.store, g.chat, "colour"));
}

TEST_CASE("tally_table has quantity and unit columns by item only", "[request_views]") {
  requests_chat g;
  const auto by_item = tally_view(*g.store, g.chat, "item");
  REQUIRE(by_item);
  CHECK((*by_item)["rows"][1] == json{{"key", "硝苯地平"},
                                      {"requests", 1},
                                      {"amount_cents", 5990},
                                      {"quantity", 2},
                                      {"unit", "盒"}});
  CHECK(to_csv(tally_table(*by_item)) ==
        "\xEF\xBB\xBFkey,requests,amount_cents,quantity,unit\r\n牛奶,1,0,1,箱\r\n"
        "硝苯地平,1,5990,2,盒\r\n");
  CHECK(to_csv(tally_table(*tally_view(*g.store, g.chat, "building"))) ==
        "\xEF\xBB\xBFkey,requests,amount_cents\r\n3,1,5990\r\nunknown,1,5000\r\n");
}
