// /template (handlers/tasks/template_commands.cpp).

#include "tests/handlers/tasks/task_fixture.hpp"

using namespace linli;
using namespace linli::handlers;
using linli::tasks_testing::task_chat;

namespace {
const std::string usage =
    "用法：\n/template save 名称（换行写每个岗位，如「各区 配送 第一波 09:00-11:00 "
    "需2人」，以及一行"
    "「分区：1号楼 2号楼」）\n/template use 名称 [明天] [分区…]\n/template 查看已存模板";
}

TEST_CASE("templates create a day's tasks per zone", "[task_commands]") {
  task_chat g;
  const std::string saved = g.replies_to(
      "boss",
      "/template save 日常\n各区 垃圾清运 07:00-08:00\n各区 配送 第一波 09:00-11:00 需2人\n"
      "核酸点 秩序 13:00-15:00 需2人\n分区：1号楼 2号楼",
      true);
  CHECK_THAT(saved, Catch::Contains("3 个岗位，2 个分区"));
  const std::string used = g.replies_to("boss", "/template use 日常 明天", true);
  CHECK_THAT(used, Catch::Contains("5 个任务"));
  CHECK(g.store->tasks_on(g.chat, "2022-11-23").size() == 5);
  CHECK(g.store->find_task(g.chat, 1)->place == "1号楼");
  CHECK(g.store->find_task(g.chat, 1)->group == std::optional<std::string>("消杀"));
  CHECK_THAT(g.replies_to("boss", "/template save 坏的\n没有时间的行", true),
             Catch::Contains("看不懂"));
  CHECK_FALSE(g.store->find_template(g.chat, "坏的"));
  CHECK_THAT(g.replies_to("x", "/template"), Catch::Contains("日常"));
}

TEST_CASE("/template replies, word for word", "[task_commands]") {
  task_chat g;
  CHECK(g.reply("r", "/template") == "还没有模板。\n" + usage);
  CHECK(g.reply("r", "/template save x\n东门岗 08:00-09:00") == "/template 只有协调员可以使用。");
  CHECK(g.reply("r", "/template foo") == "/template 只有协调员可以使用。");
  CHECK_FALSE(g.store->find_template(g.chat, "x"));
  CHECK(g.reply("boss", "/template foo", true) == usage);
  // The name belongs on the first line: a post there is not taken for one.
  CHECK(g.reply("boss", "/template save\n各区 配送 09:00-11:00", true) == usage);
  CHECK(g.reply("boss", "/template 保存 空的", true) == "模板未保存，这些行看不懂：\n\n" + usage);
  CHECK(g.reply("boss", "/template save 坏的\n没有时间的行\n另一行", true) ==
        "模板未保存，这些行看不懂：\n没有时间的行\n另一行\n" + usage);
  CHECK(g.reply("boss", "/template save 小\n东门岗 08:00-09:00\nzones: A B", true) ==
        "💾 模板「小」已保存：1 个岗位，2 个分区。");
  const auto t = g.store->find_template(g.chat, "小");
  REQUIRE(t);
  CHECK(t->lines == std::vector<std::string>{"东门岗 08:00-09:00"});
  CHECK(t->zones == std::vector<std::string>{"A", "B"});
  CHECK(g.reply("r", "/模板") == "已存模板：小");
  CHECK(g.reply("boss", "/template use 无此", true) == "没有模板「无此」。");
  CHECK(g.reply("boss", "/template use 小 11-20", true) == "不能为过去的日期建任务。");
  CHECK(g.reply("boss", "/template use", true) == usage);
  CHECK(g.reply("boss", "/template 套用 小 11-26", true) ==
        "🆕 按模板「小」建立 11-26 的 1 个任务：\nT1 东门岗 秩序 08:00-09:00（0/1）\n排班：/assign "
        "2022-11-26");
}

TEST_CASE("zones named with /template use replace the saved ones", "[task_commands]") {
  task_chat g;
  g.say("boss", "/template save 配送\n各区 配送 09:00-11:00\n分区：1号楼", true);
  CHECK_THAT(g.reply("boss", "/template use 配送 A栋 B栋", true),
             Catch::StartsWith("🆕 按模板「配送」建立 11-23 的 2 个任务："));
  const auto tasks = g.store->tasks_on(g.chat, "2022-11-23");
  REQUIRE(tasks.size() == 2);
  CHECK(tasks[0].place == "A栋");
  CHECK(tasks[1].place == "B栋");
}

TEST_CASE("/template in English", "[task_commands]") {
  task_chat g;
  g.english();
  const std::string en_usage =
      "Usage:\n/template save NAME (then one post per line, e.g. 各区 配送 09:00-11:00 需2人, and "
      "a "
      "line 分区：1号楼 2号楼)\n/template use NAME [tomorrow] [zones…]\n/template lists saved ones";
  CHECK(g.reply("r", "/template") == "No templates yet.\n" + en_usage);
  CHECK(g.reply("r", "/template use x") == "Only coordinators can use /template.");
  CHECK(g.reply("boss", "/template save 坏\nxyz", true) ==
        "Template not saved; these lines are unclear:\nxyz\n" + en_usage);
  CHECK(g.reply("boss", "/template save 日常\n各区 配送 09:00-11:00\n分区：1号楼 2号楼", true) ==
        "💾 Template \"日常\" saved: 1 posts, 2 zones.");
  CHECK(g.reply("boss", "/template save 小\n东门岗 08:00-09:00", true) ==
        "💾 Template \"小\" saved: 1 posts, 0 zones.");
  CHECK(g.reply("r", "/template") == "Templates: 小, 日常");
  CHECK(g.reply("boss", "/template use 无", true) == "No template \"无\".");
  CHECK(g.reply("boss", "/template use 日常 11-01", true) == "Not for a past day.");
  CHECK(
      g.reply("boss", "/template use 日常", true) ==
      "🆕 2 tasks for 11-23 from template \"日常\":\nT1 1号楼 配送 09:00-11:00 (0/1)\nT2 2号楼 配送 "
      "09:00-11:00 (0/1)\nTo fill them: /assign 2022-11-23");
}
