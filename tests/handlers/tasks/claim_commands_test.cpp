// 认领 T12, 我来 3号楼配送, +1 in reply, 退出 T12, 完成 T12 (handlers/tasks/claim_commands.cpp).

#include "tests/handlers/tasks/task_fixture.hpp"

using namespace linli;
using namespace linli::handlers;
using linli::tasks_testing::task_chat;

TEST_CASE("coordinators add tasks; volunteers claim, leave and finish them", "[task_commands]") {
  task_chat g;
  CHECK_THAT(g.replies_to("u1", "/task add 3号楼 配送 明天 09:00-11:00 需2人"),
             Catch::Contains("只有协调员"));
  const std::string added =
      g.replies_to("boss", "/task add 3号楼 配送 第一波 明天 09:00-11:00 需2人", true);
  CHECK_THAT(added, Catch::Contains("T1 3号楼 配送 第一波 11-23 09:00-11:00（0/2）"));
  g.replies_to("boss", "/task add 5号楼 配送 第一波 明天 09:00-11:00 需1人", true);

  CHECK_THAT(g.replies_to("a", "认领 T1"), Catch::Contains("✅ a 认领 T1"));
  CHECK_THAT(g.replies_to("b", "我来 3号楼配送"), Catch::Contains("✅ b 认领 T1"));
  const std::string full = g.replies_to("c", "认领 T1");
  CHECK_THAT(full, Catch::Contains("T1 已满") && Catch::Contains("T2 5号楼"));
  CHECK_THAT(g.replies_to("a", "认领 T1"), Catch::Contains("已在 T1"));
  CHECK_THAT(g.replies_to("c", "认领 T9"), Catch::Contains("没有任务 T9"));
  CHECK(g.holders(1) == std::vector<std::string>{"a", "b"});

  CHECK_THAT(g.replies_to("b", "退出 T1"), Catch::Contains("已退出"));
  CHECK(g.holders(1) == std::vector<std::string>{"a"});
  CHECK_THAT(g.replies_to("c", "认领 t1"), Catch::Contains("✅"));
  CHECK(g.holders(1) == std::vector<std::string>{"a", "c"});
  CHECK_THAT(g.replies_to("a", "完成 T1"), Catch::Contains("还没开始"));
  CHECK_THAT(g.replies_to("x", "/task 明天"), Catch::Contains("T1") && Catch::Contains("a、c"));
}

TEST_CASE("claims refuse overlapping shifts and the daily cap", "[task_commands]") {
  task_chat g;
  g.say("boss", "/task add 东门岗 明天 08:00-12:00", true);
  g.say("boss", "/task add 3号楼 配送 明天 11:00-13:00", true);
  g.say("boss", "/task add 西门岗 明天 13:00-17:00", true);
  g.say("boss", "/task add 核酸点 明天 18:00-20:00", true);
  CHECK_THAT(g.replies_to("a", "认领 T1"), Catch::Contains("✅"));
  CHECK(g.reply("a", "认领 T2") == "不能认领 T2：与已有班次时间冲突（或间隔不足 30 分钟）。");
  CHECK_THAT(g.replies_to("a", "认领 T3"), Catch::Contains("✅"));
  CHECK(g.reply("a", "认领 T4") == "不能认领 T4：当天已排 8 小时，再加会超过 8 小时上限。");
  CHECK(g.holders(2).empty());
  CHECK(g.holders(4).empty());
}

TEST_CASE("+1 in reply to a task announcement claims it", "[task_commands]") {
  task_chat g;
  g.say("boss", "/task add 东门岗 明天 08:00-12:00", true);  // message m1
  envelope e;
  e.chat = g.chat;
  e.delivery_id = "reply-1";
  e.from = {"a", "小王", platform_role::member};
  e.text = "+1";
  e.reply_to = "m1";
  e.received_at_ms = g.clock_ms + 60'000;
  storage::transaction tx(*g.store);
  const auto out = g.bot.handle(e, *g.store);
  tx.commit();
  CHECK(out.kind == "task_claim");
  CHECK(g.holders(1) == std::vector<std::string>{"小王"});
  // +1 to a message that created no task is not a claim.
  g.say("x", "hello");  // m2
  CHECK(g.say("b", "+1", false, "m2").kind != "task_claim");
  CHECK(g.holders(1) == std::vector<std::string>{"小王"});
}

TEST_CASE("a full task with nothing else open, and a task that is over", "[task_commands]") {
  task_chat g;
  g.say("boss", "/task add 孤岗 明天 10:00-11:00", true);
  g.say("boss", "/task add 旧岗 今天 08:00-09:00", true);
  g.say("a", "认领 T1");
  CHECK(g.reply("b", "认领 T1") == "T1 已满（1/1）。暂无其他空缺。");
  CHECK(g.reply("b", "认领 T2") == "T2 已结束。");
  CHECK(g.holders(2).empty());
  // Words that match no task are not a task claim: another feature may take them.
  CHECK(g.say("b", "我来 不存在的岗").kind != "task_claim");
}

TEST_CASE("leaving a shift still ahead refills it from the waitlist", "[task_commands]") {
  task_chat g;
  tasks_testing::sign_up(g);
  g.say("boss", "/task add 东门岗 明天 09:00-11:00", true);
  g.say("boss", "/assign", true);
  REQUIRE(g.holders(1) == std::vector<std::string>{"张三"});
  CHECK(g.reply("zhang", "退出 T1") ==
        "已退出 T1 东门岗 秩序 09:00-11:00（0/1）\n由候补补位：@赵六（请回复 1 确认 / 2 退出）");
  CHECK(g.holders(1) == std::vector<std::string>{"赵六"});
  CHECK(g.reply("zhang", "退出 T1") == "您不在 T1 里。");
  CHECK(g.say("zhang", "退出").kind != "task_leave");  // no task named
}

TEST_CASE("完成 records the hours of a shift that has started", "[task_commands]") {
  task_chat g;
  g.say("boss", "/task add 东门岗 明天 08:00-09:30", true);
  g.say("a", "认领 T1");
  CHECK(g.reply("b", "完成 T1") == "您不在 T1 里。");
  CHECK(g.reply("a", "完成 T1") == "T1 还没开始。");
  g.clock_ms = at_local({2022, 11, 23}, {9, 0}, tasks_testing::shanghai());
  CHECK(g.reply("a", "完成 T1") == "👍 T1 完成，记 1.5 小时。辛苦了！");
  const auto t = g.store->find_task(g.chat, 1);
  REQUIRE(t);
  REQUIRE(t->members.size() == 1);
  CHECK(t->members[0].completed);
}

TEST_CASE("claims answer in English when the chat chose it", "[task_commands]") {
  task_chat g;
  g.english();
  g.say("boss", "/task add 3号楼 配送 明天 09:00-11:00", true);
  g.say("boss", "/task add 5号楼 配送 明天 09:00-11:00", true);
  CHECK(g.reply("a", "认领 T1") == "✅ a took T1 3号楼 配送 11-23 09:00-11:00 (1/1)");
  CHECK(g.reply("b", "认领 T1") ==
        "T1 is full (1/1). Nearest open: T2 5号楼 配送 09:00-11:00 (0/1) — send 认领 T2");
  CHECK(g.reply("a", "认领 T2") ==
        "Cannot take T2: overlaps another shift (or less than 30 minutes' rest).");
  CHECK(g.reply("a", "认领 T1") == "You are already on T1.");
  CHECK(g.reply("a", "认领 T7") ==
        "There is no task T7. Send /task to see today's and tomorrow's.");
  CHECK(g.reply("a", "退出 T1") == "Left T1 3号楼 配送 09:00-11:00 (0/1)");
  CHECK(g.reply("a", "完成 T1") == "You are not on T1.");
}
