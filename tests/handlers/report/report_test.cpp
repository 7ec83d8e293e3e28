#include "handlers/report/report.hpp"

#include <catch2/catch.hpp>

#include "handlers/core/dispatcher.hpp"
#include "storage/open.hpp"
#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;

namespace {

supply_request request(int number, std::string category, std::int64_t created,
                       bool urgent = false) {
  supply_request r;
  r.number = number;
  r.category = std::move(category);
  r.created_ms = created;
  r.urgent = urgent;
  r.where = address{"3", "2", "501"};
  return r;
}

// One day's records: two medicine requests (one urgent, one delivered), a cancelled one, an
// urgent one from the day before, a closed group buy, a donation drive.
report_data sample_day() {
  const std::int64_t day = 1669132800000;  // 2022-11-23 00:00 Shanghai
  report_data d;
  d.day_start_ms = day;
  auto a = request(1, "medicine", day + 1000, true);
  a.items = {{"硝苯地平", 2, "盒", 5990}};
  auto b = request(2, "medicine", day + 2000);
  b.items = {{"硝苯地平", 1, "盒", std::nullopt}, {"布洛芬", 1, "盒", 1500}};
  b.status = request_status::delivered;
  b.spent_cents = 1450;
  auto c = request(3, "food", day + 3000);
  c.stated_total_cents = 13600;
  c.status = request_status::cancelled;
  auto yesterday = request(4, "cold_chain", day - 1000, true);  // still open and urgent
  yesterday.items = {{"胰岛素", 1, "支", std::nullopt}};
  d.requests = {a, b, c, yesterday};
  d.group_buys = {group_buy{1, {}, "蔬菜包", "份", 6800, std::nullopt, true, day}};
  d.orders = {{group_buy_order{"3-1-201", address{"3", "1", "201"}, "u", "张三", 2, day},
               group_buy_order{"5-1-101", address{"5", "1", "101"}, "v", "王五", 3, day}}};
  d.drive = donation_drive{1, {}, "防疫物资", 100000, day};
  d.donations = {{"u", "张三", 60000, day, "m1"}, {"v", "李四", 50000, day, "m2"}};
  return d;
}

}  // namespace

TEST_CASE("render_report sums the day's requests, medicine, money and open urgent needs",
          "[report]") {
  const report_data d = sample_day();
  const std::string out = render_report(d, storage::language::zh);
  CHECK_THAT(out, Catch::StartsWith("📊 每日汇总 11-23\n"));
  CHECK_THAT(out,
             Catch::Contains("今日需求：3 单 — 待认领 1，已认领 0，已买到 0，已送达 1，已取消 1"));
  CHECK_THAT(out, Catch::Contains("分类：药品 2，冷链 0，食品 0"));
  CHECK_THAT(out, Catch::Contains("药品清单：布洛芬 1盒、硝苯地平 3盒"));
  CHECK_THAT(out, Catch::Contains("金额：需求 ¥74.90，实付 ¥14.50"));
  CHECK_THAT(out, Catch::Contains("仍待处理的急需：\n  #1 3-2-501｜硝苯地平 2盒｜¥59.90｜药品·急\n"
                                  "  #4 3-2-501｜胰岛素 1支｜冷链·急"));
  CHECK_THAT(out, Catch::Contains("团购「蔬菜包」：5份 ¥340.00，2 户（已截止）"));
  CHECK_THAT(out, Catch::Contains("捐款「防疫物资」：¥1100.00 / ¥1000.00，2 笔"));
  CHECK_THAT(render_report(report_data{}, storage::language::en),
             Catch::Contains("Medicine: none") && Catch::Contains("Urgent, still open: none"));
}

TEST_CASE("render_report reads the same day in English, volunteers' hours included", "[report]") {
  report_data d = sample_day();
  task t;
  t.start_minute = 9 * 60;
  t.end_minute = 11 * 60 + 30;
  t.members = {task_member{.id = 1, .name = "张三", .completed = true},
               task_member{.id = 2, .name = "李四"},
               task_member{.id = 3, .name = "王五", .state = member_state::left}};
  d.tasks = {t};
  CHECK(render_report(d, storage::language::en) ==
        "📊 Daily report 11-23\n"
        "Requests today: 3 — open 1, claimed 0, bought 0, delivered 1, cancelled 1\n"
        "By category: medicine 2, cold chain 0, food 0, daily goods 0, other 0\n"
        "Medicine: 布洛芬 1盒, 硝苯地平 3盒\n"
        "Money: requested ¥74.90, spent ¥14.50\n"
        "Urgent, still open: \n"
        "  #1 3-2-501｜硝苯地平 2盒｜¥59.90｜medicine·urgent\n"
        "  #4 3-2-501｜胰岛素 1支｜cold chain·urgent\n"
        "Group buy \"蔬菜包\": 5份 ¥340.00, 2 households (closed)\n"
        "Donations \"防疫物资\": ¥1100.00 / ¥1000.00, 2 gifts\n"
        "Volunteers: 2 shifts, 5 h scheduled, 2.5 h worked");
  CHECK_THAT(render_report(d, storage::language::zh),
             Catch::EndsWith("\n志愿者：2 人次，排班 5 小时，已完成 2.5 小时"));
}

TEST_CASE("/report is for coordinators and reads the chat's records", "[report]") {
  testing::chat_fixture g;
  auto say = [&](const std::string& text, bool admin) { return g.say("协调员", text, admin); };
  say("3-2-501 需要 硝苯地平 2盒 急", false);
  CHECK(say("/report", false).kind == "denied");
  const auto r = say("/汇总", true);
  REQUIRE(r.answers.size() == 1);
  CHECK_THAT(r.answers[0].text,
             Catch::Contains("今日需求：1 单") && Catch::Contains("硝苯地平 2盒"));
}
