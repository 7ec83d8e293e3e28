// /hours (handlers/tasks/hours_commands.cpp).

#include "tests/handlers/tasks/task_fixture.hpp"

using namespace linli;
using namespace linli::handlers;
using linli::tasks_testing::task_chat;

TEST_CASE("/hours lists scheduled and worked hours, most first, and warns near the cap",
          "[task_commands]") {
  task_chat g;
  CHECK(g.reply("r", "/hours") == "11-22 没有排班。");
  g.say("boss", "/task add 东门岗 明天 08:00-12:00", true);
  g.say("boss", "/task add 西门岗 明天 13:00-16:00", true);
  g.say("boss", "/task add 3号楼 配送 明天 17:00-18:30 需2人", true);
  g.say("a", "认领 T3");
  g.say("b", "认领 T1");
  g.say("b", "认领 T2");
  CHECK(g.reply("r", "/hours 明天") ==
        "⏱ 11-23 工时（上限 8 小时）：\n"
        "b 7 小时（已完成 0） ⚠️接近上限\n"
        "a 1.5 小时（已完成 0）\n"
        "合计已完成 0 小时");
  g.clock_ms = at_local({2022, 11, 23}, {18, 40}, tasks_testing::shanghai());
  g.say("a", "完成 T3");
  CHECK(g.reply("r", "/工时") ==
        "⏱ 11-23 工时（上限 8 小时）：\n"
        "b 7 小时（已完成 0） ⚠️接近上限\n"
        "a 1.5 小时（已完成 1.5）\n"
        "合计已完成 1.5 小时");
  g.english();
  CHECK(g.reply("r", "/hours") ==
        "⏱ Hours on 11-23 (cap 8):\n"
        "b 7 h (worked 0) ⚠️ near the cap\n"
        "a 1.5 h (worked 1.5)\n"
        "Worked in all: 1.5 h");
  CHECK(g.reply("r", "/hours 11-30") == "Nobody is scheduled on 11-30.");
}

TEST_CASE("the daily report includes volunteers' hours", "[task_commands]") {
  task_chat g;
  g.say("boss", "/task add 东门岗 08:00-10:00 需2人 明天", true);
  g.say("a", "认领 T1");
  g.say("b", "认领 T1");
  g.clock_ms = at_local({2022, 11, 23}, {10, 30}, tasks_testing::shanghai());
  g.say("a", "完成 T1");
  CHECK_THAT(g.replies_to("boss", "/report", true),
             Catch::Contains("志愿者：2 人次，排班 4 小时，已完成 2 小时"));
}
