// linli purge: personal data older than a date erased in steps, with progress and a record.

#include "bot/purge_command.hpp"

#include <catch2/catch.hpp>

#include "tests/inbox_fixture.hpp"

using namespace linli;

TEST_CASE("purge_before erases in steps, reports progress and records the erasure", "[purge]") {
  testing::inbox_chat g;  // 2022-11-22 18:00, a minute a message
  for (int i = 0; i < 5; ++i) g.say("王阿姨", "第" + std::to_string(i) + "条 电话13812345678");
  g.say("李四", "新消息");
  std::vector<std::pair<int, int>> steps;
  const erasure_counts n =
      bot::purge_before(*g.store, g.clock_ms - 30'000, "2022-11-22", g.clock_ms + 1, 4,
                        [&](int step, int of) { steps.emplace_back(step, of); });
  CHECK(n.messages == 5);
  CHECK(steps == std::vector<std::pair<int, int>>{{1, 4}, {2, 4}, {3, 4}, {4, 4}});
  CHECK(g.store->find_message(g.chat, "m5")->message.text.empty());
  CHECK(g.store->find_message(g.chat, "m6")->message.text == "新消息");
  const auto trail = g.store->list_audit(g.chat, 0, 10);
  REQUIRE(trail.size() == 1);
  CHECK(trail[0].action == "purge");
  CHECK(trail[0].actor_id == "operator");
  CHECK(trail[0].target == "before 2022-11-22");
  CHECK(trail[0].rows == 5);
  CHECK(trail[0].at_ms == g.clock_ms + 1);
}
