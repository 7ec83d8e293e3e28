#include "handlers/tasks/task_views.hpp"

#include <catch2/catch.hpp>

#include "handlers/tasks/task_commands.hpp"
#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;
using json = nlohmann::json;

namespace {

constexpr civil_date today{2022, 11, 22};
constexpr civil_date tomorrow{2022, 11, 23};

// 2022-11-22 18:00 in Shanghai: tomorrow's posts, assigned from the roster (张三 上午, 李四 全天,
// 王五 下午; 赵六 waiting), one left short; and a post tonight that has begun.
struct tasks_chat : testing::chat_fixture {
  tasks_chat() {
    const std::string header = "#接龙 明天志愿者\n限3人\n\n";
    say("zhang", header + "1. 张三 上午");
    say("li", header + "1. 张三 上午\n2. 李四 全天");
    say("wang", header + "1. 张三 上午\n2. 李四 全天\n3. 王五 下午");
    say("zhao", header + "1. 张三 上午\n2. 李四 全天\n3. 王五 下午\n4. 赵六");
    say("boss", "/task add 东门岗 明天 08:00-12:00", true);
    say("boss", "/task add 3号楼 配送, 第一波 明天 14:00-16:00 需2人", true);
    say("boss", "/task add 核酸点 明天 19:00-21:00 需2人", true);
    say("boss", "/task add 今晚岗 今天 17:00-23:00", true);
    say("boss", "/assign 明天", true);
  }
};

}  // namespace

TEST_CASE("chat_today is the date in the chat's zone, else the deployment's", "[task_views]") {
  testing::chat_fixture g;
  const std::int64_t late =
      1669131000000;  // 2022-11-22 23:30 in Shanghai, 04:30 the 23rd in Auckland
  CHECK(chat_today(*g.store, g.chat, late, "Asia/Shanghai") == today);
  CHECK(chat_today(*g.store, g.chat, late, "Pacific/Auckland") == tomorrow);
  CHECK(chat_today(*g.store, g.chat, late, "Nowhere/Atlantis") == today);  // Shanghai
  g.store->save_chat(g.chat, {.time_zone = "Pacific/Auckland"});
  CHECK(chat_today(*g.store, g.chat, late, "Asia/Shanghai") == tomorrow);
}

TEST_CASE("tasks_view lists a day's tasks by start time with their volunteers", "[task_views]") {
  tasks_chat g;
  const json view = tasks_view(*g.store, g.chat, tomorrow);
  REQUIRE(view["tasks"].size() == 3);
  CHECK(view["tasks"][0] == json{{"id", "T1"},
                                 {"title", "秩序"},
                                 {"place", "东门岗"},
                                 {"date", "2022-11-23"},
                                 {"start", "08:00"},
                                 {"end", "12:00"},
                                 {"capacity", 1},
                                 {"group", "秩序"},
                                 {"status", "full"},
                                 {"volunteers", {{{"id", "zhang"}, {"name", "张三"}}}}});
  CHECK(view["tasks"][1]["volunteers"] ==
        json{{{"id", "li"}, {"name", "李四"}}, {{"id", "wang"}, {"name", "王五"}}});
  CHECK(view["tasks"][2]["status"] == "open");
  const json tonight = tasks_view(*g.store, g.chat, today);
  REQUIRE(tonight["tasks"].size() == 1);
  CHECK(tonight["tasks"][0]["group"].is_null());
  CHECK(tonight["tasks"][0]["volunteers"] == json::array());
  CHECK(tasks_view(*g.store, g.chat, {2022, 11, 24}) == json{{"tasks", json::array()}});
}

TEST_CASE("tasks_table joins the volunteers' names and quotes where needed", "[task_views]") {
  tasks_chat g;
  CHECK(to_csv(tasks_table(tasks_view(*g.store, g.chat, tomorrow))) ==
        "\xEF\xBB\xBFid,title,place,date,start,end,capacity,group,status,volunteers\r\n"
        "T1,秩序,东门岗,2022-11-23,08:00,12:00,1,秩序,full,张三\r\n"
        "T2,\"配送, 第一波\",3号楼,2022-11-23,14:00,16:00,2,配送,full,李四; 王五\r\n"
        "T3,秩序,核酸点,2022-11-23,19:00,21:00,2,秩序,open,李四\r\n");
}

TEST_CASE("assignments_view says who holds what and why places are open", "[task_views]") {
  tasks_chat g;
  const json view = assignments_view(*g.store, g.chat, tomorrow, g.bot.rules().shifts, g.clock_ms);
  CHECK(view["date"] == "2022-11-23");
  REQUIRE(view["assignments"].size() == 4);
  CHECK(view["assignments"][0] == json{{"volunteer_id", "zhang"},
                                       {"name", "张三"},
                                       {"task_id", "T1"},
                                       {"start", "08:00"},
                                       {"end", "12:00"},
                                       {"confirmed", false}});
  CHECK(view["unfilled"] ==
        json{{{"task_id", "T3"},
              {"missing", 1},
              {"reason", "3 on the roster: 2 signed up for another time, 1 already on it"},
              {"why",
               {{"code", "refused"},
                {"candidates", 3},
                {"refused", {{"outside_slot", 2}, {"already_on_it", 1}}}}}}});
  // A post added since /assign that a free volunteer fits.
  g.say("boss", "/task add 北门岗 明天 16:30-17:30", true);
  const json later = assignments_view(*g.store, g.chat, tomorrow, g.bot.rules().shifts, g.clock_ms);
  REQUIRE(later["unfilled"].size() == 2);
  CHECK(later["unfilled"][0] ==
        json{{"task_id", "T5"},
             {"missing", 1},
             {"reason", "not assigned yet: /assign would fill it"},
             {"why", {{"code", "unplanned"}, {"candidates", 0}, {"refused", json::object()}}}});
  // Tonight's post has begun: nobody will be planned into it.
  CHECK(assignments_view(*g.store, g.chat, today, g.bot.rules().shifts, g.clock_ms)["unfilled"] ==
        json{{{"task_id", "T4"},
              {"missing", 1},
              {"reason", "the shift has begun"},
              {"why", {{"code", "begun"}, {"candidates", 0}, {"refused", json::object()}}}}});
}

TEST_CASE("assignments_table is one row per place held", "[task_views]") {
  tasks_chat g;
  CHECK(to_csv(assignments_table(
            assignments_view(*g.store, g.chat, tomorrow, g.bot.rules().shifts, g.clock_ms))) ==
        "\xEF\xBB\xBFvolunteer_id,name,task_id,start,end,confirmed\r\n"
        "zhang,张三,T1,08:00,12:00,false\r\n"
        "li,李四,T2,14:00,16:00,false\r\n"
        "wang,王五,T2,14:00,16:00,false\r\n"
        "li,李四,T3,19:00,21:00,false\r\n");
}

TEST_CASE("rota_view adds the day's posts, the proposal and everyone's hours", "[task_views]") {
  tasks_chat g;
  const auto& rules = g.bot.rules().shifts;
  const json view = rota_view(*g.store, g.chat, tomorrow, rules, g.clock_ms);
  CHECK(view["date"] == "2022-11-23");
  CHECK(view["max_minutes"] == 8 * 60);
  CHECK(view["tasks"] == tasks_view(*g.store, g.chat, tomorrow)["tasks"]);
  CHECK(view["assignments"] ==
        assignments_view(*g.store, g.chat, tomorrow, rules, g.clock_ms)["assignments"]);
  CHECK(view["unfilled"][0]["why"]["code"] == "refused");
  CHECK(view["proposed"] == json::array());  // nobody left who fits T3
  CHECK(view["people"] == json{{{"volunteer_id", "zhang"},
                                {"name", "张三"},
                                {"on_roster", true},
                                {"minutes", 240},
                                {"proposed_minutes", 240}},
                               {{"volunteer_id", "li"},
                                {"name", "李四"},
                                {"on_roster", true},
                                {"minutes", 240},
                                {"proposed_minutes", 240}},
                               {{"volunteer_id", "wang"},
                                {"name", "王五"},
                                {"on_roster", true},
                                {"minutes", 120},
                                {"proposed_minutes", 120}}});

  // A post /assign would fill: proposed to the one with fewer hours, and the hours with it.
  g.say("boss", "/task add 北门岗 明天 16:30-17:30", true);
  const json later = rota_view(*g.store, g.chat, tomorrow, rules, g.clock_ms);
  CHECK(later["proposed"] == json{{{"task_id", "T5"}, {"volunteer_id", "wang"}, {"name", "王五"}}});
  CHECK(later["people"][2]["minutes"] == 120);
  CHECK(later["people"][2]["proposed_minutes"] == 180);
  // Someone holding a place without being on the roster is in the grid too.
  g.say("boss", "/assign T1 小周", true);
  const json held = rota_view(*g.store, g.chat, tomorrow, rules, g.clock_ms);
  REQUIRE(held["people"].size() == 4);
  CHECK(held["people"][3]["name"] == "小周");
  CHECK(held["people"][3]["on_roster"] == false);
  CHECK(held["people"][3]["minutes"] == 240);
}

TEST_CASE("rota_confirmed_line counts the places that /assign placed", "[task_views]") {
  tasks_chat g;
  g.say("boss", "/task add 北门岗 明天 16:30-17:30", true);
  const std::int64_t before = g.clock_ms;
  const std::string rota = g.say("boss", "/assign 2022-11-23", true).answers.at(0).text;
  CHECK(rota_confirmed_line(*g.store, g.chat, tomorrow, g.clock_ms, "王", rota) ==
        "后台：11-23 排班已确认，1 人次（协调员 王）");
  CHECK(rota_confirmed_line(*g.store, g.chat, tomorrow, before, "王", rota) == std::nullopt);
  // Nothing left to fill: nothing to announce, even within the same second as the first.
  g.step_ms = 0;
  const std::string none = g.say("boss", "/assign 2022-11-23", true).answers.at(0).text;
  CHECK(rota_confirmed_line(*g.store, g.chat, tomorrow, g.clock_ms, "王", none) == std::nullopt);
}

TEST_CASE("tasks_counts is places filled against needed", "[task_views]") {
  tasks_chat g;
  // T1 1/1, T2 2/2, T3 1/2 tomorrow; tonight's post 0/1.
  CHECK(tasks_counts(tasks_view(*g.store, g.chat, tomorrow)) ==
        json{{"tasks", 3}, {"filled", 4}, {"needed", 5}});
  CHECK(tasks_counts(tasks_view(*g.store, g.chat, today)) ==
        json{{"tasks", 1}, {"filled", 0}, {"needed", 1}});
  // Someone put on a full post counts once against its head count.
  g.say("boss", "/assign T1 小周", true);
  CHECK(tasks_counts(tasks_view(*g.store, g.chat, tomorrow))["filled"] == 4);
}
