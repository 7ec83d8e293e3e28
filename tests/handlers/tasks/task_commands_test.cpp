#include "handlers/tasks/task_commands.hpp"

#include <catch2/catch.hpp>

#include "handlers/tasks/schedule.hpp"
#include "handlers/tasks/tasks.hpp"
#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;

namespace {

using group = testing::chat_fixture;  // 2022-11-22 18:00 in Shanghai, a minute per message

const time_zone& sh = time_zone::shanghai();

// A chain for tomorrow: 张三 (上午), 李四 (全天), 王五 (下午) confirmed; 赵六 on the waitlist.
void sign_up(group& g) {
  const std::string header = "#接龙 明天志愿者\n限3人\n\n";
  g.say("zhang", header + "1. 张三 上午");
  g.say("li", header + "1. 张三 上午\n2. 李四 全天");
  g.say("wang", header + "1. 张三 上午\n2. 李四 全天\n3. 王五 下午");
  g.say("zhao", header + "1. 张三 上午\n2. 李四 全天\n3. 王五 下午\n4. 赵六");
}

std::vector<std::string> holders(group& g, int number) {
  std::vector<std::string> out;
  const auto t = g.store->find_task(g.chat, number);  // kept: active_members points into it
  for (const auto* m : active_members(*t)) out.push_back(m->name);
  return out;
}

std::string run_clock(group& g, civil_date day, clock_time at) {
  storage::transaction tx(*g.store);
  std::string out;
  for (const auto& m : run_due(*g.store, g.bot.rules(), at_local(day, at, sh)))
    out += m.text + "\n";
  tx.commit();
  g.clock_ms = at_local(day, at, sh);
  return out;
}

}  // namespace

TEST_CASE("coordinators add tasks; volunteers claim, leave and finish them", "[task_commands]") {
  group g;
  CHECK_THAT(g.replies_to("u1", "/task add 3号楼 配送 明天 09:00-11:00 需2人"),
             Catch::Contains("只有协调员"));
  const std::string added =
      g.replies_to("boss", "/task add 3号楼 配送 第一波 明天 09:00-11:00 需2人", true);
  CHECK_THAT(added, Catch::Contains("T1 3号楼 配送 第一波 11-23 09:00-11:00（0/2）"));
  g.replies_to("boss", "/task add 5号楼 配送 第一波 明天 09:00-11:00 需1人", true);

  CHECK_THAT(g.replies_to("a", "认领 T1"), Catch::Contains("✅ a 认领 T1"));
  CHECK_THAT(g.replies_to("b", "我来 3号楼配送"), Catch::Contains("认领 T1"));
  const std::string full = g.replies_to("c", "认领 T1");
  CHECK_THAT(full, Catch::Contains("T1 已满") && Catch::Contains("T2 5号楼"));
  CHECK_THAT(g.replies_to("a", "认领 T1"), Catch::Contains("已在 T1"));
  CHECK_THAT(g.replies_to("c", "认领 T9"), Catch::Contains("没有任务 T9"));
  CHECK(holders(g, 1) == std::vector<std::string>{"a", "b"});

  CHECK_THAT(g.replies_to("b", "退出 T1"), Catch::Contains("已退出"));
  CHECK(holders(g, 1) == std::vector<std::string>{"a"});
  CHECK_THAT(g.replies_to("c", "认领 t1"), Catch::Contains("✅"));
  CHECK_THAT(g.replies_to("a", "完成 T1"), Catch::Contains("还没开始"));
  CHECK_THAT(g.replies_to("x", "/task 明天"), Catch::Contains("T1") && Catch::Contains("a、c"));
}

TEST_CASE("claims refuse overlapping shifts and the daily cap", "[task_commands]") {
  group g;
  g.say("boss", "/task add 东门岗 明天 08:00-12:00", true);
  g.say("boss", "/task add 3号楼 配送 明天 11:00-13:00", true);
  g.say("boss", "/task add 西门岗 明天 13:00-17:00", true);
  g.say("boss", "/task add 核酸点 明天 18:00-20:00", true);
  CHECK_THAT(g.replies_to("a", "认领 T1"), Catch::Contains("✅"));
  CHECK_THAT(g.replies_to("a", "认领 T2"), Catch::Contains("时间冲突"));
  CHECK_THAT(g.replies_to("a", "认领 T3"), Catch::Contains("✅"));
  CHECK_THAT(g.replies_to("a", "认领 T4"), Catch::Contains("超过 8 小时"));
}

TEST_CASE("+1 in reply to a task announcement claims it", "[task_commands]") {
  group g;
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
  CHECK(holders(g, 1) == std::vector<std::string>{"小王"});
}

TEST_CASE("/assign fills tomorrow from the roster and explains the gaps", "[task_commands]") {
  group g;
  sign_up(g);
  g.say("boss", "/task add 东门岗 明天 08:00-12:00", true);
  g.say("boss", "/task add 3号楼 配送 明天 14:00-16:00 需2人", true);
  g.say("boss", "/task add 核酸点 明天 19:00-21:00 需2人", true);
  const std::string out = g.replies_to("boss", "/assign 明天", true);
  CHECK_THAT(out, Catch::Contains("@张三 明天 08:00-12:00 东门岗"));
  CHECK_THAT(out, Catch::Contains("@李四 明天 14:00-16:00 3号楼 配送"));
  CHECK_THAT(out, Catch::Contains("@王五 明天 14:00-16:00"));
  CHECK_THAT(out, Catch::Contains("未排满 T3") && Catch::Contains("时段不符"));
  CHECK(holders(g, 1) == std::vector<std::string>{"张三"});
  // The same input again changes nothing: everyone placed stays, the gap stays explained.
  const std::string again = g.replies_to("boss", "/assign 明天", true);
  CHECK_THAT(again, Catch::Contains("未排满 T3"));
  CHECK(holders(g, 2) == std::vector<std::string>{"李四", "王五"});
  CHECK(holders(g, 3) == std::vector<std::string>{"李四"});
  // A coordinator's override.
  CHECK_THAT(g.replies_to("boss", "/assign T3 赵六", true), Catch::Contains("已指派 @赵六"));
  CHECK_THAT(g.replies_to("boss", "/unassign T3 赵六", true), Catch::Contains("已将 赵六 移出"));
  CHECK(g.say("zhang", "/assign 明天").kind == "denied");
}

TEST_CASE("confirmations, the morning cutoff with refill, and reminders", "[task_commands]") {
  group g;
  sign_up(g);
  g.say("boss", "/task add 3号楼 配送 明天 09:00-11:00 需2人", true);
  g.replies_to("boss", "/assign 明天", true);  // 张三 and 李四
  CHECK(holders(g, 1) == std::vector<std::string>{"张三", "李四"});

  CHECK(run_clock(g, {2022, 11, 22}, {19, 59}).empty());
  const std::string ask = run_clock(g, {2022, 11, 22}, {20, 0});
  CHECK_THAT(ask, Catch::Contains("请确认") && Catch::Contains("@张三 @李四 T1"));
  CHECK(run_clock(g, {2022, 11, 22}, {20, 1}).empty());  // asked once

  CHECK_THAT(g.replies_to("zhang", "1"), Catch::Contains("已确认"));
  CHECK(g.say("zhang", "1").kind == "chatter");  // nothing left to confirm
  const std::string cutoff = run_clock(g, {2022, 11, 23}, {7, 0});
  CHECK_THAT(cutoff, Catch::Contains("未确认 李四") && Catch::Contains("候补补位： @赵六"));
  CHECK(holders(g, 1) == std::vector<std::string>{"张三", "赵六"});
  CHECK_THAT(g.replies_to("zhao", "1"), Catch::Contains("已确认"));

  const std::string remind = run_clock(g, {2022, 11, 23}, {8, 30});
  CHECK_THAT(remind, Catch::Contains("即将开始") && Catch::Contains("张三 @赵六 09:00-11:00"));
  CHECK(run_clock(g, {2022, 11, 23}, {8, 45}).empty());
  CHECK_FALSE(g.store->find_task(g.chat, 1)->next_event_ms);

  g.clock_ms = at_local({2022, 11, 23}, {11, 0}, sh);
  CHECK_THAT(g.replies_to("zhang", "完成 T1"), Catch::Contains("记 2 小时"));
  CHECK_THAT(g.replies_to("zhang", "/hours 今天"), Catch::Contains("张三 2 小时（已完成 2）"));
}

TEST_CASE("answering 2 withdraws and refills at once", "[task_commands]") {
  group g;
  sign_up(g);
  g.say("boss", "/task add 东门岗 明天 09:00-11:00", true);
  g.say("boss", "/assign", true);
  run_clock(g, {2022, 11, 22}, {20, 0});
  const std::string out = g.replies_to("zhang", "2");
  CHECK_THAT(out, Catch::Contains("已退出") && Catch::Contains("@赵六 → T1"));
}

TEST_CASE("templates create a day's tasks per zone", "[task_commands]") {
  group g;
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
  CHECK_THAT(g.replies_to("x", "/template"), Catch::Contains("日常"));
}

TEST_CASE("service groups steer the rota", "[task_commands]") {
  group g;
  sign_up(g);
  CHECK_THAT(g.replies_to("li", "/group 配送组"), Catch::Contains("已加入配送组"));
  CHECK_THAT(g.replies_to("zhang", "/group 秩序"), Catch::Contains("秩序"));
  CHECK_THAT(g.replies_to("zhang", "/group 唱歌"), Catch::Contains("没有这个服务组"));
  g.say("boss", "/task add 3号楼 配送 明天 09:00-11:00", true);
  g.say("boss", "/assign", true);
  CHECK(holders(g, 1) == std::vector<std::string>{"李四"});  // 张三 is in another group
}

TEST_CASE("the daily report includes volunteers' hours", "[task_commands]") {
  group g;
  g.say("boss", "/task add 东门岗 08:00-10:00 需2人 明天", true);
  g.say("a", "认领 T1");
  g.say("b", "认领 T1");
  g.clock_ms = at_local({2022, 11, 23}, {10, 30}, sh);
  g.say("a", "完成 T1");
  CHECK_THAT(g.replies_to("boss", "/report", true),
             Catch::Contains("志愿者：2 人次，排班 4 小时，已完成 2 小时"));
}

TEST_CASE("overrides name the person after a full-width task reference", "[task_commands]") {
  group g;
  g.say("boss", "/task add 东门岗 明天 08:00-12:00 需2人", true);
  CHECK_THAT(g.replies_to("boss", "/assign Ｔ１ 小王", true), Catch::Contains("已指派 @小王"));
  CHECK_THAT(g.replies_to("boss", "/unassign Ｔ１ 小王", true), Catch::Contains("已将 小王 移出"));
}
