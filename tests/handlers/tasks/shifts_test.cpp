// Who holds what on a day (handlers/tasks/shifts.cpp): the roster as candidates, gaps for people,
// the day's plan, refilling from 候补, saving with the next event.

#include "handlers/tasks/shifts.hpp"

#include "tests/handlers/tasks/task_fixture.hpp"

using namespace linli;
using namespace linli::handlers;
using linli::tasks_testing::sign_up;
using linli::tasks_testing::task_chat;

namespace {

const civil_date tomorrow{2022, 11, 23};

std::vector<int> numbers(const std::vector<task>& tasks) {
  std::vector<int> out;
  for (const task& t : tasks) out.push_back(t.number);
  return out;
}

std::vector<std::string> names(const std::vector<candidate>& people) {
  std::vector<std::string> out;
  for (const candidate& c : people) out.push_back(c.name);
  return out;
}

}  // namespace

TEST_CASE("live_tasks: a day's tasks by start time, cancelled ones left out", "[shifts]") {
  task_chat g;
  g.say("boss", "/task add 甲 明天 10:00-11:00", true);
  g.say("boss", "/task add 乙 明天 08:00-09:00", true);
  g.say("boss", "/task add 丙 明天 09:00-10:00", true);
  g.say("boss", "/task add 丁 11-24 09:00-10:00", true);
  g.say("boss", "/task remove T3", true);
  CHECK(numbers(live_tasks(*g.store, g.chat, tomorrow)) == std::vector<int>{2, 1});
  CHECK(numbers(live_tasks(*g.store, g.chat, {2022, 11, 24})) == std::vector<int>{4});
  CHECK(live_tasks(*g.store, g.chat, {2022, 11, 25}).empty());
}

TEST_CASE("candidate_for: what someone holds that day, except one task", "[shifts]") {
  task_chat g;
  g.say("boss", "/task add 东门岗 明天 08:00-10:00", true);
  g.say("boss", "/task add 3号楼 明天 13:00-15:00", true);
  g.say("a", "认领 T1");
  g.say("a", "认领 T2");
  g.say("b", "认领 T1");  // full: not on it
  const auto day = live_tasks(*g.store, g.chat, tomorrow);
  const candidate a = candidate_for("a", "a", day);
  CHECK(a.booked == std::vector<span>{{8 * 60, 10 * 60}, {13 * 60, 15 * 60}});
  CHECK(a.booked_places == std::vector<std::string>{"东门岗", "3号楼"});
  CHECK(candidate_for("a", "a", day, 1).booked == std::vector<span>{{13 * 60, 15 * 60}});
  CHECK(candidate_for("b", "b", day).booked.empty());
}

TEST_CASE(
    "roster_candidates: the latest chain, confirmed and 候补, with groups and yesterday's zone",
    "[shifts]") {
  task_chat g;
  CHECK(roster_candidates(*g.store, g.chat, tomorrow, {}).confirmed.empty());  // no chain yet
  sign_up(g);
  g.say("li", "/group 配送");
  g.say("boss", "/task add 1号楼 今天 20:00-21:00", true);  // the day before tomorrow
  g.say("boss", "/assign T1 李四", true);
  const day_roster r = roster_candidates(*g.store, g.chat, tomorrow, {});
  CHECK(names(r.confirmed) == std::vector<std::string>{"张三", "李四", "王五"});
  CHECK(names(r.waitlist) == std::vector<std::string>{"赵六"});
  REQUIRE(r.confirmed.size() == 3);
  CHECK(r.confirmed[0].id == "zhang");
  CHECK(r.confirmed[0].slot == std::optional<std::string>("上午"));
  CHECK_FALSE(r.confirmed[0].group);
  CHECK(r.confirmed[1].group == std::optional<std::string>("配送"));
  CHECK(r.confirmed[1].yesterday_zone == std::optional<std::string>("1号楼"));
  CHECK_FALSE(r.confirmed[2].yesterday_zone);
  REQUIRE(r.waitlist.size() == 1);
  CHECK_FALSE(r.waitlist[0].slot);
}

TEST_CASE("describe_gap says why a post stays unfilled, in either language", "[shifts]") {
  gap g{1, 2, 0, {}};
  CHECK(describe_gap(g, storage::language::zh) == "接龙名单上没有可用的人");
  CHECK(describe_gap(g, storage::language::en) == "nobody on the signup roster");
  g.candidates = 9;
  g.refused = {{refusal::already_on_it, 1},
               {refusal::outside_slot, 2},
               {refusal::other_group, 3},
               {refusal::overlaps, 1},
               {refusal::over_cap, 2}};
  // Always in the same order, whatever the map's.
  CHECK(describe_gap(g, storage::language::zh) ==
        "名单 9 人中：2人时段不符，1人时间冲突，2人将超过工时上限，3人属其他服务组，1人已在此岗");
  CHECK(describe_gap(g, storage::language::en) ==
        "9 on the roster: 2 signed up for another time, 1 busy then, 2 would pass the daily cap, 3 "
        "in another group, 1 already on it");
  g.refused = {{refusal::overlaps, 9}};
  CHECK(describe_gap(g, storage::language::zh) == "名单 9 人中：9人时间冲突");
}

TEST_CASE("plan_day: open places of shifts not yet begun, filled from the confirmed roster",
          "[shifts]") {
  task_chat g;
  sign_up(g);
  g.say("boss", "/task add 东门岗 明天 08:00-10:00 需2人", true);  // T1: one place left
  g.say("boss", "/task add 西门岗 明天 08:00-10:00", true);        // T2: done
  g.say("boss", "/task add 仓库 明天 14:00-16:00", true);          // T3: full
  g.say("boss", "/task add 配送点 配送 明天 11:00-12:00", true);   // T4: filtered out
  g.say("x", "认领 T1");
  g.say("y", "认领 T3");
  g.say("boss", "/task done T2", true);
  const auto day = live_tasks(*g.store, g.chat, tomorrow);
  const day_plan p = plan_day(*g.store, g.chat, tomorrow, day, shift_rules{}, g.clock_ms,
                              [](const task& t) { return t.number != 4; });
  REQUIRE(p.posts.size() == 1);
  CHECK(p.posts[0].task_number == 1);
  CHECK(p.posts[0].open_places == 1);
  CHECK(p.posts[0].holders == std::vector<std::string>{"x"});
  CHECK(p.result.placements == std::vector<placement>{{1, "zhang"}});
  CHECK(names(p.roster.confirmed) == std::vector<std::string>{"张三", "李四", "王五"});
  // Once the shifts have begun there is nothing to plan.
  const std::int64_t later = at_local(tomorrow, {14, 30}, tasks_testing::shanghai());
  CHECK(plan_day(*g.store, g.chat, tomorrow, day, shift_rules{}, later).posts.empty());
  // Without a filter the 配送 post counts too.
  CHECK(plan_day(*g.store, g.chat, tomorrow, day, shift_rules{}, g.clock_ms).posts.size() == 2);
}

TEST_CASE("refill takes 候补 first, then free confirmed volunteers, never a former holder",
          "[shifts]") {
  task_chat g;
  sign_up(g);
  g.say("boss", "/task add 东门岗 明天 09:00-11:00 需3人", true);
  g.say("boss", "/task add 西门岗 明天 09:00-11:00", true);
  g.say("boss", "/assign T2 李四", true);  // 李四 is busy then
  g.say("boss", "/assign T1 张三", true);
  g.say("zhang", "退出 T1");  // 张三 left: never asked back; refill took 赵六 from 候补
  auto t = g.store->find_task(g.chat, 1);
  REQUIRE(t);
  CHECK(g.holders(1) == std::vector<std::string>{"赵六"});

  const std::int64_t now = g.clock_ms;
  const auto added = refill(*g.store, *t, shift_rules{}, now);
  // 王五 signed up for the afternoon, 李四 is on T2 and 张三 left: nobody else can come.
  CHECK(added.empty());
  t->capacity = 1;
  CHECK(refill(*g.store, *t, shift_rules{}, now).empty());  // full

  g.say("boss", "/task add 仓库 明天 14:00-15:00 需3人", true);  // T3
  auto afternoon = g.store->find_task(g.chat, 3);
  REQUIRE(afternoon);
  const auto filled = refill(*g.store, *afternoon, shift_rules{}, now);
  CHECK(filled == std::vector<std::string>{"赵六", "李四", "王五"});
  REQUIRE(afternoon->members.size() == 3);
  for (const task_member& m : afternoon->members) {
    CHECK(m.source == "refill");
    CHECK_FALSE(m.confirmed);
    CHECK(m.asked_ms == std::optional<std::int64_t>(now));  // the announcement asks them
  }
  CHECK(g.holders(3) == filled);  // stored, though the task itself is not saved

  afternoon->done = true;
  afternoon->capacity = 5;
  CHECK(refill(*g.store, *afternoon, shift_rules{}, now).empty());
}

TEST_CASE("save_task stores the task with its next event", "[shifts]") {
  task_chat g;
  g.say("boss", "/task add 东门岗 明天 09:00-11:00", true);
  auto t = g.store->find_task(g.chat, 1);
  REQUIRE(t);
  CHECK_FALSE(t->next_event_ms);  // nobody holds it
  add_member(*g.store, *t, "a", "小王", "assign", false, g.clock_ms);
  save_task(*g.store, *t, tasks_testing::shanghai(), shift_rules{});
  const auto stored = g.store->find_task(g.chat, 1);
  REQUIRE(stored);
  CHECK(stored->next_event_ms ==
        std::optional<std::int64_t>(at_local({2022, 11, 22}, {20, 0}, tasks_testing::shanghai())));
  REQUIRE(stored->members.size() == 1);
  CHECK(stored->members[0].name == "小王");
  CHECK(stored->members[0].source == "assign");
}
