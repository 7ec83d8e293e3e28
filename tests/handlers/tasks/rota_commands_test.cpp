// /assign, /unassign and the answers 1 / 2 (handlers/tasks/rota_commands.cpp).

#include "handlers/tasks/task_common.hpp"
#include "tests/handlers/tasks/task_fixture.hpp"

using namespace linli;
using namespace linli::handlers;
using linli::tasks_testing::sign_up;
using linli::tasks_testing::task_chat;

TEST_CASE("/assign fills tomorrow from the roster and explains the gaps", "[task_commands]") {
  task_chat g;
  sign_up(g);
  g.say("boss", "/task add 东门岗 明天 08:00-12:00", true);
  g.say("boss", "/task add 3号楼 配送 明天 14:00-16:00 需2人", true);
  g.say("boss", "/task add 核酸点 明天 19:00-21:00 需2人", true);
  const std::string out = g.replies_to("boss", "/assign 明天", true);
  CHECK_THAT(out, Catch::Contains("@张三 明天 08:00-12:00 东门岗"));
  CHECK_THAT(out, Catch::Contains("@李四 明天 14:00-16:00 3号楼 配送"));
  CHECK_THAT(out, Catch::Contains("@王五 明天 14:00-16:00"));
  CHECK_THAT(out, Catch::Contains("未排满 T3") && Catch::Contains("时段不符"));
  CHECK(g.holders(1) == std::vector<std::string>{"张三"});
  // The same input again changes nothing: everyone placed stays, the gap stays explained.
  const std::string again = g.replies_to("boss", "/assign 明天", true);
  CHECK_THAT(again, Catch::Contains("未排满 T3"));
  CHECK(g.holders(2) == std::vector<std::string>{"李四", "王五"});
  CHECK(g.holders(3) == std::vector<std::string>{"李四"});
  // A coordinator's override.
  CHECK_THAT(g.replies_to("boss", "/assign T3 赵六", true), Catch::Contains("已指派 @赵六"));
  CHECK(g.holders(3) == std::vector<std::string>{"李四", "赵六"});
  CHECK_THAT(g.replies_to("boss", "/unassign T3 赵六", true), Catch::Contains("已将 赵六 移出"));
  CHECK(g.holders(3) == std::vector<std::string>{"李四"});
  CHECK(g.say("zhang", "/assign 明天").kind == "denied");
}

TEST_CASE("the rota reads as one line per person, then the gaps", "[task_commands]") {
  task_chat g;
  sign_up(g);
  g.say("boss", "/task add 东门岗 明天 08:00-12:00", true);
  g.say("boss", "/task add 核酸 明天 14:00-16:00 需2人", true);
  CHECK(g.reply("boss", "/assign", true) ==
        "🗓 11-23 排班（3 个岗位）：\n"
        "@张三 明天 08:00-12:00 东门岗 秩序（T1）\n"
        "@李四 明天 14:00-16:00 核酸 秩序（T2）\n"
        "@王五 明天 14:00-16:00 核酸 秩序（T2）\n"
        "确认提醒会在前一晚发出；调整请用 /assign T编号 姓名 或 /unassign T编号 姓名。");
  CHECK(g.reply("boss", "/assign", true) == "11-23 的岗位都已排满。");
  CHECK(g.reply("boss", "/assign 11-30", true) ==
        "11-30 没有任务可排。先用 /task add 或 /template use 建岗位。");
}

TEST_CASE("/assign with nobody on a roster says so", "[task_commands]") {
  task_chat g;
  g.say("boss", "/task add 东门岗 明天 08:00-12:00", true);
  CHECK(g.reply("boss", "/assign", true) ==
        "🗓 11-23 排班（0 个岗位）：\n（没有排上任何人）\n"
        "⚠️ 未排满 T1 东门岗 秩序 08:00-12:00（0/1） "
        "缺1人：接龙名单上没有可用的人");
}

TEST_CASE("leads fill only their own group's posts", "[task_commands]") {
  task_chat g(tasks_testing::with_leads());
  sign_up(g);
  g.say("boss", "/task add 3号楼 配送 明天 09:00-11:00", true);  // 配送
  g.say("boss", "/task add 东门岗 明天 08:00-09:00", true);      // 秩序
  CHECK_THAT(g.reply("lead_peisong", "/assign 明天"), Catch::Contains("（T1）"));
  CHECK(g.holders(1).size() == 1);
  CHECK(g.holders(2).empty());
  CHECK(g.reply("lead_peisong", "/assign T2 张三") ==
        "只有协调员，或该服务组的组长，可以管理这个任务。");
  CHECK(g.holders(2).empty());
}

TEST_CASE("overrides warn about the rules they break, and /unassign says who is not there",
          "[task_commands]") {
  task_chat g;
  sign_up(g);
  g.say("boss", "/task add 东门岗 明天 08:00-12:00", true);
  g.say("boss", "/task add 3号楼 消杀 明天 10:00-11:00", true);
  g.say("boss", "/assign T1 张三", true);
  CHECK(g.reply("boss", "/assign T1", true) == "用法：/assign T12 张三");
  CHECK(g.reply("boss", "/assign T9 张三", true) == "没有任务 T9。");
  CHECK(g.reply("boss", "/assign T1 张三", true) == "张三 已在 T1 里。");
  CHECK(g.reply("boss", "/assign T2 @张三", true) ==
        "已指派 @张三 → T2 3号楼 消杀 11-23 10:00-11:00（0/1）\n⚠️ "
        "注意：与已有班次时间冲突（或间隔不足 "
        "30 分钟）");
  CHECK(g.reply("boss", "/assign T1 小王", true) ==
        "已指派 @小王 → T1 东门岗 秩序 11-23 08:00-12:00（1/1）\n⚠️ "
        "超出人数上限");
  CHECK(g.holders(1) == std::vector<std::string>{"张三", "小王"});
  CHECK(g.reply("boss", "/unassign", true) == "用法：/unassign T12 张三");
  CHECK(g.reply("boss", "/unassign T9 x", true) == "没有任务 T9。");
  CHECK(g.reply("boss", "/unassign T1 nobody", true) == "nobody 不在 T1 里。");
  CHECK(g.reply("boss", "/unassign T1 @小王", true) ==
        "已将 小王 移出 T1 东门岗 秩序 11-23 08:00-12:00（1/1）");
}

TEST_CASE("overrides name the person after a full-width task reference", "[task_commands]") {
  task_chat g;
  g.say("boss", "/task add 东门岗 明天 08:00-12:00 需2人", true);
  CHECK_THAT(g.replies_to("boss", "/assign Ｔ１ 小王", true), Catch::Contains("已指派 @小王"));
  CHECK(g.holders(1) == std::vector<std::string>{"小王"});
  CHECK_THAT(g.replies_to("boss", "/unassign Ｔ１ 小王", true), Catch::Contains("已将 小王 移出"));
  CHECK(g.holders(1).empty());
}

TEST_CASE("confirmations, the morning cutoff with refill, and reminders", "[task_commands]") {
  task_chat g;
  sign_up(g);
  g.say("boss", "/task add 3号楼 配送 明天 09:00-11:00 需2人", true);
  g.replies_to("boss", "/assign 明天", true);  // 张三 and 李四
  CHECK(g.holders(1) == std::vector<std::string>{"张三", "李四"});

  CHECK(g.run_clock_text({2022, 11, 22}, {19, 59}).empty());
  const std::string ask = g.run_clock_text({2022, 11, 22}, {20, 0});
  CHECK_THAT(ask, Catch::Contains("请确认") && Catch::Contains("@张三 @李四 T1"));
  CHECK(g.run_clock_text({2022, 11, 22}, {20, 1}).empty());  // asked once

  CHECK_THAT(g.replies_to("zhang", "1"), Catch::Contains("已确认"));
  CHECK(g.say("zhang", "1").kind == "chatter");  // nothing left to confirm
  const std::string cutoff = g.run_clock_text({2022, 11, 23}, {7, 0});
  CHECK_THAT(cutoff, Catch::Contains("未确认 李四") && Catch::Contains("候补补位： @赵六"));
  CHECK(g.holders(1) == std::vector<std::string>{"张三", "赵六"});
  CHECK_THAT(g.replies_to("zhao", "1"), Catch::Contains("已确认"));

  const std::string remind = g.run_clock_text({2022, 11, 23}, {8, 30});
  CHECK_THAT(remind, Catch::Contains("即将开始") && Catch::Contains("张三 @赵六 09:00-11:00"));
  CHECK(g.run_clock_text({2022, 11, 23}, {8, 45}).empty());
  CHECK_FALSE(g.store->find_task(g.chat, 1)->next_event_ms);

  g.clock_ms = at_local({2022, 11, 23}, {11, 0}, tasks_testing::shanghai());
  CHECK_THAT(g.replies_to("zhang", "完成 T1"), Catch::Contains("记 2 小时"));
  CHECK_THAT(g.replies_to("zhang", "/hours 今天"), Catch::Contains("张三 2 小时（已完成 2）"));
}

TEST_CASE("answering 2 withdraws and refills at once", "[task_commands]") {
  task_chat g;
  sign_up(g);
  g.say("boss", "/task add 东门岗 明天 09:00-11:00", true);
  g.say("boss", "/assign", true);
  g.run_clock({2022, 11, 22}, {20, 0});
  const std::string out = g.replies_to("zhang", "2");
  CHECK_THAT(out, Catch::Contains("已退出") && Catch::Contains("@赵六 → T1"));
  CHECK(out ==
        "已退出：T1 东门岗 秩序 11-23 09:00-11:00（0/1）\n候补补位：@赵六 → T1（请回复 1 确认）\n");
  CHECK(g.holders(1) == std::vector<std::string>{"赵六"});
}

TEST_CASE("answers 1 and 2 in English, and only from those who were asked", "[task_commands]") {
  task_chat g;
  g.english();
  sign_up(g);
  g.say("boss", "/task add 东门岗 明天 09:00-11:00", true);
  g.say("boss", "/task add 西门岗 明天 15:00-16:00", true);
  g.say("boss", "/assign", true);               // 张三 on T1, 李四 on T2
  CHECK(g.say("li", "yes").kind == "chatter");  // not asked yet
  g.run_clock({2022, 11, 22}, {20, 0});
  CHECK(g.reply("zhang", "yes") == "✅ Confirmed: T1 东门岗 秩序 11-23 09:00-11:00 (1/1)");
  CHECK(g.reply("li", "no") ==
        "Withdrawn: T2 西门岗 秩序 11-23 15:00-16:00 (0/1)\nFrom the waitlist: "
        "@赵六 → T2 (reply 1 to confirm)");
  CHECK(g.say("wang", "1").kind == "chatter");
}

TEST_CASE("/assign in English", "[task_commands]") {
  task_chat g;
  g.english();
  sign_up(g);
  g.say("boss", "/task add 东门岗 明天 08:00-12:00", true);
  g.say("boss", "/task add 核酸 明天 14:00-16:00 需3人", true);
  CHECK(
      g.reply("boss", "/assign", true) ==
      "🗓 Rota for 11-23 (3 places):\n"
      "@张三 tomorrow 08:00-12:00 东门岗 秩序（T1）\n"
      "@李四 tomorrow 14:00-16:00 核酸 秩序（T2）\n"
      "@王五 tomorrow 14:00-16:00 核酸 秩序（T2）\n"
      "⚠️ Unfilled T2 核酸 秩序 14:00-16:00 (2/3) missing 1: 3 on the roster: 1 signed up "
      "for "
      "another time, 2 already on it\n"
      "Confirmation requests go out the evening before; adjust with /assign T<n> NAME or "
      "/unassign T<n> NAME.");
  CHECK(g.reply("boss", "/assign T1 小王", true) ==
        "Assigned @小王 → T1 东门岗 秩序 11-23 08:00-12:00 (1/1)\n⚠️ over the head "
        "count");
  CHECK(g.reply("boss", "/unassign T1 小王", true) ==
        "Removed 小王 from T1 东门岗 秩序 11-23 08:00-12:00 (1/1)");
}

TEST_CASE("/assign treats each name of a pasted roster as its own person", "[task_commands]") {
  // A coordinator pastes the list of names: one sender, lines naming different people.
  task_chat g;
  g.say("boss", "#接龙 明天志愿者\n\n1. 张三 全天\n2. 李四 全天\n3. 王五 全天", true);
  g.say("boss", "/task add 东门岗 明天 08:00-12:00", true);
  g.say("boss", "/task add 西门岗 明天 08:00-12:00", true);
  g.say("boss", "/task add 核酸点 明天 09:00-11:00", true);
  const std::string out = g.replies_to("boss", "/assign 明天", true);
  // Three overlapping posts, three people: each gets one, nobody gets two.
  CHECK(g.holders(1).size() == 1);
  CHECK(g.holders(2).size() == 1);
  CHECK(g.holders(3).size() == 1);
  std::vector<std::string> all = g.holders(1);
  for (int t : {2, 3}) all.push_back(g.holders(t).front());
  std::sort(all.begin(), all.end());
  CHECK(all == std::vector<std::string>{"张三", "李四", "王五"});
  CHECK_THAT(out, !Catch::Contains("未排满"));
}

TEST_CASE("confirmation answers as people write them", "[task_commands]") {
  using handlers::tasks_detail::confirmation_answer;
  for (const char* yes : {"1", "１", "回复1", "回复1确认", "1 确认", "1确认", "确认", "确认 1",
                          "确认1", "1👌", "1,明早见", "1，明天准时到", "回复1，明天准时到", "yes"}) {
    INFO(yes);
    CHECK(confirmation_answer(yes) == std::optional<bool>(true));
  }
  for (const char* no :
       {"2", "回复2", "2退出", "2 明天来不了", "2 不好意思 孩子发烧了", "2来不了", "no"}) {
    INFO(no);
    CHECK(confirmation_answer(no) == std::optional<bool>(false));
  }
  for (const char* neither : {"12", "1号楼门口有人吗", "2楼的快递", "确认收货了吗", "回复你了",
                              "10点到", "1.5斤", "2,000元", "2a", "收到"}) {
    INFO(neither);
    CHECK_FALSE(confirmation_answer(neither));
  }
}

TEST_CASE("a confirmation written loosely is answered; unasked, it is chatter", "[task_commands]") {
  task_chat g;
  sign_up(g);
  CHECK(g.say("zhang", "1,明早见").kind == "chatter");  // nothing asked yet
  g.say("boss", "/task add 3号楼 配送 明天 09:00-11:00 需2人", true);
  g.replies_to("boss", "/assign 明天", true);  // 张三 and 李四
  g.run_clock({2022, 11, 22}, {20, 0});
  CHECK_THAT(g.replies_to("zhang", "回复1，明天准时到"), Catch::Contains("已确认"));
  const auto declined = g.say("li", "2 不好意思 孩子发烧了");
  CHECK(declined.kind == "task_confirm");
  CHECK(g.store->list_requests(g.chat).empty());                    // a withdrawal, not a need
  CHECK(g.holders(1) == std::vector<std::string>{"张三", "赵六"});  // refilled from 候补
}
