// What the bot does as time passes (handlers/tasks/schedule.cpp): ask the evening before, drop
// and refill at the morning cutoff, remind before each shift; one message per chat and kind,
// stored in the outbox.

#include "handlers/tasks/schedule.hpp"

#include <algorithm>

#include "tests/handlers/tasks/task_fixture.hpp"

using namespace linli;
using namespace linli::handlers;
using linli::tasks_testing::sign_up;
using linli::tasks_testing::task_chat;

namespace {
const civil_date today{2022, 11, 22};
const civil_date tomorrow{2022, 11, 23};
}  // namespace

TEST_CASE("nothing is due before the evening request", "[schedule]") {
  task_chat g;
  g.say("boss", "/task add 东门岗 明天 09:00-11:00", true);
  CHECK(g.run_clock(today, {20, 0}).empty());  // nobody holds it
  g.say("boss", "/assign T1 小王", true);
  CHECK(g.run_clock(today, {19, 59}).empty());
  CHECK(g.store->pending_outbound().empty());
}

TEST_CASE("the evening request: one message per chat listing every shift to confirm",
          "[schedule]") {
  task_chat g;
  g.say("boss", "/task add 东门岗 明天 09:00-11:00 需2人", true);
  g.say("boss", "/task add 3号楼 配送 第一波 明天 13:00-15:00", true);
  g.say("boss", "/assign T1 小王", true);
  g.say("boss", "/assign T1 小李", true);
  g.say("boss", "/assign T2 小王", true);
  g.say("a", "认领 T2");  // full: nothing changes
  const auto sent = g.run_clock(today, {20, 0});
  REQUIRE(sent.size() == 1);
  CHECK(sent[0] ==
        "📋 请确认以下岗位：\n"
        "@小王 @小李 T1 11-23 09:00-11:00 东门岗 秩序\n"
        "@小王 T2 11-23 13:00-15:00 3号楼 配送 第一波\n"
        "回复 1 确认，2 退出。");
  // run_due only says what to send; the scheduler stores it through the outbox component
  // (tests/bot/pipeline/scheduler_test.cpp).
  CHECK(g.store->pending_outbound().empty());
  // Asked once: the members carry when.
  const auto t = g.store->find_task(g.chat, 1);
  REQUIRE(t);
  for (const task_member& m : t->members) CHECK(m.asked_ms);
  CHECK(g.run_clock(today, {21, 0}).empty());
}

TEST_CASE("a claimed place is confirmed already: no request, only the reminder", "[schedule]") {
  task_chat g;
  g.say("boss", "/task add 东门岗 明天 09:00-11:00", true);
  g.say("a", "认领 T1");
  CHECK(g.run_clock(today, {20, 0}).empty());
  CHECK(g.run_clock(tomorrow, {7, 0}).empty());
  CHECK(g.run_clock(tomorrow, {8, 30}) ==
        std::vector<std::string>{"⏰ 即将开始：\n@a 09:00-11:00 东门岗 秩序（T1）"});
  CHECK_FALSE(g.store->find_task(g.chat, 1)->next_event_ms);
}

TEST_CASE("the cutoff drops the unconfirmed, refills while the shift is ahead, counts the rest",
          "[schedule]") {
  task_chat g;
  sign_up(g);
  g.say("boss", "/task add 东门岗 明天 09:00-11:00 需4人", true);
  g.say("boss", "/task add 西门岗 明天 07:00-08:00", true);  // starts at the cutoff
  g.say("boss", "/task add 南门 明天 10:00-11:00", true);
  g.say("boss", "/assign T1 小王", true);
  g.say("boss", "/assign T2 小李", true);
  g.say("a", "认领 T3");
  g.say("boss", "/assign T3 小赵", true);  // over the head count
  g.run_clock(today, {20, 0});
  const auto sent = g.run_clock(tomorrow, {7, 0});
  // T1 takes 候补 first, then the confirmed whose slots fit (王五 signed up for the afternoon),
  // and is still short; the line shows the task as it was before. T2 has begun: nobody is
  // called in. T3 keeps its one place.
  CHECK(sent ==
        std::vector<std::string>{"⚠️ 以下岗位有人未确认：\n"
                                 "T2 西门岗 秩序 07:00-08:00（0/1）：未确认 小李 （仍缺1人）\n"
                                 "T1 东门岗 秩序 09:00-11:00（0/4）：未确认 小王 → 候补补位： "
                                 "@赵六 @张三 @李四（仍缺1人）\n"
                                 "T3 南门 10:00-11:00（1/1）：未确认 小赵 \n"
                                 "补位的志愿者请回复 1 确认。"});
  CHECK(g.holders(1) == std::vector<std::string>{"赵六", "张三", "李四"});
  CHECK(g.holders(2).empty());
  CHECK(g.holders(3) == std::vector<std::string>{"a"});
  const auto t = g.store->find_task(g.chat, 1);
  REQUIRE(t);
  REQUIRE_FALSE(t->members.empty());
  CHECK(t->members.front().name == "小王");
  CHECK(t->members.front().state == member_state::dropped);
  CHECK(g.run_clock(tomorrow, {7, 1}).empty());  // the cutoff runs once
}

TEST_CASE("a reminder that would come after the start is not sent", "[schedule]") {
  task_chat g;
  g.say("boss", "/task add 东门岗 明天 09:00-11:00", true);
  g.say("a", "认领 T1");
  // The scheduler was down until after 09:00: the reminder is dropped, not sent late.
  CHECK(g.run_clock(tomorrow, {9, 5}).empty());
  CHECK(g.store->find_task(g.chat, 1)->reminded);
}

TEST_CASE("reminders can be turned off", "[schedule]") {
  policy rules;
  rules.shifts.remind_before_minutes = 0;
  task_chat g(rules);
  g.say("boss", "/task add 东门岗 明天 09:00-11:00", true);
  g.say("a", "认领 T1");
  CHECK(g.run_clock(tomorrow, {8, 59}).empty());
  CHECK_FALSE(g.store->find_task(g.chat, 1)->next_event_ms);
}

TEST_CASE("each chat gets its own messages, in its own language", "[schedule]") {
  task_chat g;
  g.say("boss", "/task add 东门岗 明天 09:00-11:00", true);
  g.say("boss", "/assign T1 小王", true);
  g.chat = {"generic", "g2"};
  g.english();
  g.say("boss", "/task add 3号楼 明天 09:00-10:00", true);
  g.say("boss", "/assign T1 Ann", true);
  const auto asked = g.run_clock(today, {20, 0});
  REQUIRE(asked.size() == 2);
  CHECK(std::count(
            asked.begin(), asked.end(),
            "📋 请确认以下岗位：\n@小王 T1 11-23 09:00-11:00 东门岗 秩序\n回复 1 确认，2 退出。") ==
        1);
  CHECK(std::count(asked.begin(), asked.end(),
                   "📋 Please confirm your shifts:\n@Ann T1 11-23 09:00-10:00 3号楼\nReply 1 to "
                   "confirm, 2 to withdraw.") == 1);
  const auto cut = g.run_clock(tomorrow, {7, 0});
  REQUIRE(cut.size() == 2);
  CHECK(
      std::count(cut.begin(), cut.end(),
                 "⚠️ Unconfirmed places:\nT1 3号楼 09:00-10:00 (0/1): not confirmed — Ann  "
                 "(still 1 "
                 "short)\nNewly placed volunteers: reply 1 to confirm.") == 1);
}

TEST_CASE("the English reminder", "[schedule]") {
  task_chat g;
  g.english();
  g.say("boss", "/task add 3号楼 配送 第一波 明天 09:00-11:00 需2人", true);
  g.say("a", "认领 T1");
  g.say("b", "认领 T1");
  CHECK(g.run_clock(tomorrow, {8, 30}) ==
        std::vector<std::string>{"⏰ Starting soon:\n@a @b 09:00-11:00 3号楼 配送 第一波（T1）"});
}

TEST_CASE("the cutoff's refill never asks whoever answered 2 for another shift", "[schedule]") {
  task_chat g;
  sign_up(g);
  g.say("boss", "/task add 东门岗 明天 09:00-11:00 需3人", true);
  g.say("boss", "/task add 仓库 明天 14:00-15:00", true);
  g.say("boss", "/assign T1 小王", true);
  g.say("boss", "/assign T2 李四", true);
  g.run_clock(today, {20, 0});
  g.say("li", "2");  // 李四 cannot come tomorrow
  const auto t2 = g.store->find_task(g.chat, 2);
  REQUIRE(t2);
  REQUIRE_FALSE(t2->members.empty());
  REQUIRE(t2->members.front().name == "李四");
  REQUIRE(t2->members.front().state == member_state::declined);
  g.run_clock(tomorrow, {7, 0});
  // 小王 is dropped; 候补 赵六 and 张三 come in, 李四 (全天, free at 09:00) is not asked.
  CHECK(g.holders(1) == std::vector<std::string>{"赵六", "张三"});
}
