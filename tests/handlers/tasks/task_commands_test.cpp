// /task add|list|done|remove|cap and the registration (handlers/tasks/task_commands.cpp).

#include "handlers/tasks/task_commands.hpp"

#include "tests/handlers/tasks/task_fixture.hpp"

using namespace linli;
using namespace linli::handlers;
using linli::tasks_testing::task_chat;

TEST_CASE("/task add says what is wrong with a task line", "[task_commands]") {
  task_chat g;
  const std::string form = "\n格式：/task add 地点 内容 09:00-11:00 需2人 [明天] [组:配送]";
  CHECK(g.reply("boss", "/task add 3号楼 配送 需2人", true) ==
        "没能添加任务：缺少时间段，如 09:00-11:00。" + form);
  CHECK(g.reply("boss", "/task add 3号楼 11:00-09:00", true) ==
        "没能添加任务：时间段看不懂或结束早于开始（同一天内，如 09:00-11:00）。" + form);
  CHECK(g.reply("boss", "/task add 09:00-11:00", true) ==
        "没能添加任务：缺少地点，如 3号楼 或 东门岗。" + form);
  CHECK(g.reply("boss", "/task add 3号楼 09:00-11:00 需0人", true) ==
        "没能添加任务：人数须在 1 到 1000 之间。" + form);
  CHECK(g.reply("boss", "/task add 3号楼 09:00-11:00 11-20", true) == "不能为过去的日期添加任务。");
  CHECK(g.store->tasks_on(g.chat, "2022-11-20").empty());
  CHECK(g.store->tasks_on(g.chat, "2022-11-22").empty());
}

TEST_CASE(
    "/task add announces the task, its group, and falls on tomorrow once today's window is over",
    "[task_commands]") {
  task_chat g;  // 18:00
  CHECK(g.reply("boss", "/task add 东门岗 08:00-12:00 需2人", true) ==
        "🆕 任务 T1 东门岗 秩序 11-23 08:00-12:00（0/2），秩序组\n认领请发「认领 T1」或回复本条 +1");
  CHECK(g.reply("boss", "/task add 仓库 搬运 19:00-21:00", true) ==
        "🆕 任务 T2 仓库 搬运 11-22 19:00-21:00（0/1）\n认领请发「认领 T2」或回复本条 +1");
  // The ideographic space separates the subcommand like any other.
  CHECK_THAT(g.reply("boss", "/task add　5号楼 明天 09:00-10:00", true),
             Catch::StartsWith("🆕 任务 T3 5号楼"));
}

TEST_CASE("leads add and change only their own group's tasks", "[task_commands]") {
  task_chat g(tasks_testing::with_leads());
  CHECK_THAT(g.reply("lead_peisong", "/task add 6号楼 配送 明天 14:00-15:00"),
             Catch::StartsWith("🆕 任务 T1"));
  const std::string denied = "只有协调员，或该服务组的组长，可以管理这个任务。";
  CHECK(g.reply("lead_peisong", "/task add 西门 秩序 明天 14:00-15:00") == denied);
  CHECK(g.reply("lead_peisong", "/task add 仓库 搬运 明天 14:00-15:00") == denied);  // no group
  g.say("boss", "/task add 东门岗 明天 08:00-12:00", true);                          // T2, 秩序
  CHECK(g.reply("lead_peisong", "/task done T2") == denied);
  CHECK(g.reply("resident", "/task done T1") == denied);
  CHECK(g.reply("lead_zhixu", "/task done T2") == "✔ T2 已完成，工时已记录。");
  CHECK(g.store->find_task(g.chat, 2)->done);
  CHECK_FALSE(g.store->find_task(g.chat, 1)->done);
}

TEST_CASE("/task lists a day with who holds what", "[task_commands]") {
  task_chat g;
  CHECK(g.reply("r", "/task") ==
        "11-22 没有任务。协调员可发「/task add 3号楼 配送 09:00-11:00 需2人」。");
  tasks_testing::sign_up(g);
  g.say("boss", "/task add 东门岗 明天 08:00-12:00 需2人", true);
  g.say("boss", "/task add 仓库 搬运 明天 13:00-14:00", true);
  g.say("boss", "/task add 3号楼 配送 明天 09:00-10:00", true);
  g.say("a", "认领 T1");
  g.say("boss", "/assign T1 张三", true);
  g.say("boss", "/task done T3", true);
  const std::string list =
      "📋 11-23 任务：\n"
      "T1 东门岗 秩序 08:00-12:00（2/2）：a、张三(待确认)\n"
      "T3 3号楼 配送 09:00-10:00（0/1） ✔已完成\n"
      "T2 仓库 搬运 13:00-14:00（0/1）\n"
      "认领发「认领 T编号」。";
  CHECK(g.reply("r", "/task 明天") == list);
  CHECK(g.reply("r", "/task list 明天") == list);
  CHECK(g.reply("r", "/任务 查看 11-23") == list);
  CHECK(g.reply("r", "/task 11-23") == list);
}

TEST_CASE("/task done, remove and cap change one task", "[task_commands]") {
  task_chat g;
  g.say("boss", "/task add 东门岗 明天 08:00-12:00 需2人", true);
  g.say("a", "认领 T1");
  g.say("b", "认领 T1");
  CHECK(g.reply("boss", "/task done", true) == "请写任务编号，如 /task done T12");
  CHECK(g.reply("boss", "/task 删除", true) == "请写任务编号，如 /task remove T12");
  CHECK(g.reply("boss", "/task cap T9 3", true) == "没有任务 T9。");
  CHECK(g.reply("boss", "/task cap T1", true) == "用法：/task cap T12 3");
  CHECK(g.reply("boss", "/task cap T1 0", true) == "用法：/task cap T12 3");
  CHECK(g.reply("boss", "/task cap T1 1", true) ==
        "人数已改：T1 东门岗 秩序 08:00-12:00（2/1）（已超出，多出的人请协调）");
  CHECK(g.reply("boss", "/task 人数 T1 三", true) == "人数已改：T1 东门岗 秩序 08:00-12:00（2/3）");
  CHECK(g.store->find_task(g.chat, 1)->capacity == 3);
  CHECK(g.reply("boss", "/task remove T1", true) ==
        "🗑 已取消 T1 东门岗 秩序 11-23 08:00-12:00（2/3），请知悉：@a @b");
  CHECK(g.store->find_task(g.chat, 1)->cancelled);
  CHECK(g.reply("boss", "/task done T1", true) == "没有任务 T1。");
  g.say("boss", "/task add 西门岗 明天 08:00-12:00", true);
  CHECK(g.reply("boss", "/task cancel T2", true) ==
        "🗑 已取消 T2 西门岗 秩序 11-23 08:00-12:00（0/1）");
}

TEST_CASE("/task done closes a task and counts its holders' hours", "[task_commands]") {
  task_chat g;
  g.say("boss", "/task add 东门岗 明天 08:00-10:00 需2人", true);
  g.say("a", "认领 T1");
  CHECK(g.reply("boss", "/task 完成 T1", true) == "✔ T1 已完成，工时已记录。");
  const auto t = g.store->find_task(g.chat, 1);
  REQUIRE(t);
  CHECK(t->done);
  REQUIRE(t->members.size() == 1);
  CHECK(t->members[0].completed);
}

TEST_CASE("/task answers the usage to a word it does not know", "[task_commands]") {
  task_chat g;
  CHECK(g.reply("r", "/task foo") ==
        "用法：/task add 地点 内容 09:00-11:00 需2人 | /task [明天] | /task done T12 | /task "
        "remove T12 | /task cap T12 3");
}

TEST_CASE("/task in English", "[task_commands]") {
  task_chat g;
  g.english();
  CHECK(g.reply("r", "/task") ==
        "No tasks on 11-22. Coordinators: /task add 3号楼 配送 09:00-11:00 需2人");
  CHECK(g.reply("boss", "/task add 3号楼 需2人", true) ==
        "Could not add the task: missing a time window such as 09:00-11:00.\nForm: /task add PLACE "
        "WHAT 09:00-11:00 需2人 [明天] [组:配送]");
  CHECK(g.reply("boss", "/task add 东门岗 明天 08:00-12:00 需2人", true) ==
        "🆕 Task T1 东门岗 秩序 11-23 08:00-12:00 (0/2), group 秩序\nTo take it send 认领 T1 or "
        "reply +1");
  g.say("a", "认领 T1");
  CHECK(g.reply("r", "/task 明天") ==
        "📋 Tasks on 11-23:\nT1 东门岗 秩序 08:00-12:00 (1/2): a\nTo take one send 认领 T<number>.");
  CHECK(g.reply("r", "/task done T1") ==
        "Only coordinators, or the lead of the task's service group, can manage it.");
  CHECK(g.reply("boss", "/task cap T1 1", true) ==
        "Head count changed: T1 东门岗 秩序 08:00-12:00 (1/1)");
  CHECK(g.reply("boss", "/task remove T1", true) ==
        "🗑 Cancelled T1 东门岗 秩序 11-23 08:00-12:00 (1/1); please note: @a");
  CHECK(g.reply("r", "/task foo") ==
        "Usage: /task add PLACE WHAT 09:00-11:00 需2人 | /task [tomorrow] | /task done T12 | /task "
        "remove T12 | /task cap T12 3");
}

TEST_CASE("/help lists the tasks commands from the catalogue", "[task_commands]") {
  task_chat g;
  const std::string help = g.reply("r", "/help");
  CHECK_THAT(help, Catch::Contains("/task  任务：/task [明天] 查看；"));
  CHECK_THAT(help, Catch::Contains("/assign  排班：/assign [明天] 按接龙名单自动排"));
  CHECK_THAT(help, Catch::Contains("/template  每日模板："));
  g.english();
  CHECK_THAT(g.reply("r", "/help"), Catch::Contains("/hours  volunteer hours: /hours [tomorrow]"));
}
