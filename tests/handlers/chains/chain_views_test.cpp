#include "handlers/chains/chain_views.hpp"

#include <catch2/catch.hpp>

#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;
using json = nlohmann::json;

namespace {

// 2022-11-22 21:00 in Shanghai.
constexpr std::int64_t nine_pm_ms = 1669122000000;

}  // namespace

TEST_CASE("chain_view is empty for a chat without a chain", "[chain_views]") {
  testing::chat_fixture g;
  g.say("阿A", "大家好");
  CHECK_FALSE(chain_view(*g.store, g.chat, g.clock_ms));
}

TEST_CASE("chain_view shows the roster: confirmed first, the waitlist, who registered whom",
          "[chain_views]") {
  testing::chat_fixture g;
  g.say("阿A", "#接龙 明日核酸\n限2人\n\n1. 阿A 1号楼 上午\n2. 阿B, \"2号楼\"");
  g.say("王五", "帮报 张阿姨 3号楼 下午");
  const auto view = chain_view(*g.store, g.chat, g.clock_ms);
  REQUIRE(view);
  CHECK(*view == json{{"chain_id", 1},
                      {"title", "明日核酸"},
                      {"closed", false},
                      {"capacity", 2},
                      {"entries",
                       {{{"position", 1},
                         {"name", "阿A"},
                         {"detail", "1号楼 上午"},
                         {"slot", "上午"},
                         {"status", "confirmed"},
                         {"sender_id", "阿A"},
                         {"registered_by", nullptr}},
                        {{"position", 2},
                         {"name", "阿B"},
                         {"detail", "\"2号楼\""},
                         {"slot", nullptr},
                         {"status", "confirmed"},
                         {"sender_id", "阿A"},
                         {"registered_by", nullptr}},
                        {{"position", 3},
                         {"name", "张阿姨"},
                         {"detail", "3号楼 下午"},
                         {"slot", "下午"},
                         {"status", "waitlist"},
                         {"sender_id", "王五"},
                         {"registered_by", "王五"}}}}});
}

TEST_CASE("chain_view says closed as of the time it is asked", "[chain_views]") {
  testing::chat_fixture g;
  g.say("阿A", "#接龙 明日核酸\n\n1. 阿A");
  g.say("协调员", "/chain deadline 21:00", true);
  CHECK((*chain_view(*g.store, g.chat, nine_pm_ms - 60'000))["closed"] == false);
  CHECK((*chain_view(*g.store, g.chat, nine_pm_ms + 60'000))["closed"] == true);
  CHECK((*chain_view(*g.store, g.chat, nine_pm_ms - 60'000))["capacity"].is_null());
  g.say("协调员", "/chain close", true);
  CHECK((*chain_view(*g.store, g.chat, nine_pm_ms - 60'000))["closed"] == true);
}

TEST_CASE("chain_table is the roster as CSV, quoted where a field needs it", "[chain_views]") {
  testing::chat_fixture g;
  g.say("阿A", "#接龙 明日核酸\n限1人\n\n1. 阿A 1号楼 上午\n2. 阿B, \"2号楼\"");
  const table t = chain_table(*chain_view(*g.store, g.chat, g.clock_ms));
  CHECK(to_csv(t) ==
        "\xEF\xBB\xBFposition,name,detail,slot,status,sender_id,registered_by\r\n"
        "1,阿A,1号楼 上午,上午,confirmed,阿A,\r\n"
        "2,阿B,\"\"\"2号楼\"\"\",,waitlist,阿A,\r\n");
}

TEST_CASE("chain_counts is the chain's head count with its waiting list", "[chain_views]") {
  testing::chat_fixture g;
  g.say("阿A", "#接龙 明日核酸\n限2人\n\n1. 阿A\n2. 阿B\n3. 阿C");
  const auto view = chain_view(*g.store, g.chat, g.clock_ms);
  REQUIRE(view);
  CHECK(chain_counts(*view) == json{{"title", "明日核酸"},
                                    {"confirmed", 2},
                                    {"waitlist", 1},
                                    {"capacity", 2},
                                    {"closed", false}});
}
