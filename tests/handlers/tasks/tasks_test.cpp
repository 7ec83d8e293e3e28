#include "handlers/tasks/tasks.hpp"

#include <catch2/catch.hpp>

using namespace linli;
using namespace linli::handlers;

namespace {
const civil_date today{2026, 11, 22};
}

TEST_CASE("parse_task_spec reads a coordinator's task line", "[tasks]") {
  const auto r = parse_task_spec("3号楼 配送 第一波 09:00-11:00 需2人", today);
  REQUIRE(r.spec);
  CHECK(r.spec->place == "3号楼");
  CHECK(r.spec->title == "配送 第一波");
  CHECK(r.spec->group == std::optional<std::string>("配送"));
  CHECK(r.spec->start == clock_time{9, 0});
  CHECK(r.spec->end == clock_time{11, 0});
  CHECK(r.spec->capacity == 2);
  CHECK_FALSE(r.spec->day);
}

TEST_CASE("parse_task_spec takes other ways of writing it", "[tasks]") {
  const auto a = parse_task_spec("东门岗 明天 8点-12点 两人", today);
  REQUIRE(a.spec);
  CHECK(a.spec->place == "东门岗");
  CHECK(a.spec->title == "秩序");  // no title: the group it implies
  CHECK(a.spec->group == std::optional<std::string>("秩序"));
  CHECK(a.spec->day == civil_date{2026, 11, 23});
  CHECK(a.spec->start == clock_time{8, 0});
  CHECK(a.spec->capacity == 2);

  const auto b = parse_task_spec("核酸点 维持秩序 １３：００～１５：３０ 需要3名 11-25", today);
  REQUIRE(b.spec);
  CHECK(b.spec->end == clock_time{15, 30});
  CHECK(b.spec->capacity == 3);
  CHECK(b.spec->day == civil_date{2026, 11, 25});

  const auto c = parse_task_spec("5号楼 搬运 9-11点 组:采购", today);
  REQUIRE(c.spec);
  CHECK(c.spec->group == std::optional<std::string>("采购"));
  CHECK(c.spec->start == clock_time{9, 0});
  CHECK(c.spec->capacity == 1);

  const auto d = parse_task_spec("仓库 搬运 14:00-16:00 志愿组", today);
  REQUIRE(d.spec);
  CHECK(d.spec->title == "搬运 志愿组");  // an unknown "...组" word is part of the title
  CHECK_FALSE(d.spec->group);
}

TEST_CASE("parse_task_spec says what is wrong", "[tasks]") {
  CHECK(parse_task_spec("3号楼 配送 需2人", today).error == spec_error::no_window);
  CHECK(parse_task_spec("3号楼 配送 11:00-09:00", today).error == spec_error::bad_window);
  CHECK(parse_task_spec("3号楼 配送 09:00-25:00", today).error == spec_error::bad_window);
  CHECK(parse_task_spec("09:00-11:00 需2人", today).error == spec_error::no_place);
  CHECK(parse_task_spec("3号楼 09:00-11:00 需0人", today).error == spec_error::bad_capacity);
  CHECK_FALSE(parse_task_spec("", today).spec);
}

TEST_CASE("task references and labels", "[tasks]") {
  // A dereferenced empty optional would be undefined behaviour, not a failure: check first.
  const auto t12 = parse_task_ref("t12");
  REQUIRE(t12);
  CHECK(t12->number == 12);
  CHECK(t12->length == 3);
  const auto t3 = parse_task_ref("#t3 谢谢");
  REQUIRE(t3);
  CHECK(t3->number == 3);
  CHECK(t3->length == 3);
  CHECK_FALSE(parse_task_ref("t"));
  CHECK_FALSE(parse_task_ref("t0"));
  CHECK_FALSE(parse_task_ref("tea"));
  CHECK_FALSE(parse_task_ref("t12b"));
  CHECK(task_label(7) == "T7");
  CHECK(format_hours(90) == "1.5");
  CHECK(format_hours(480) == "8");
  CHECK(format_hours(45) == "0.75");
}

TEST_CASE("next_event: ask, cutoff and reminder in order", "[tasks]") {
  const time_zone& sh = time_zone::shanghai();
  shift_rules rules;  // ask 20:00 the evening before, cutoff 07:00, remind 30 minutes before
  task t;
  t.date = "2026-11-23";
  t.start_minute = 9 * 60;
  t.end_minute = 11 * 60;
  t.start_ms = at_local({2026, 11, 23}, {9, 0}, sh);
  t.capacity = 2;
  CHECK_FALSE(next_event(t, sh, rules));  // nobody holds it
  task_member m;
  m.state = member_state::active;
  t.members.push_back(m);
  CHECK(next_event(t, sh, rules) == at_local({2026, 11, 22}, {20, 0}, sh));
  t.members[0].asked_ms = 1;
  CHECK(next_event(t, sh, rules) == at_local({2026, 11, 23}, {7, 0}, sh));
  t.members[0].confirmed = true;
  CHECK(next_event(t, sh, rules) == at_local({2026, 11, 23}, {8, 30}, sh));
  t.reminded = true;
  CHECK_FALSE(next_event(t, sh, rules));
  t.reminded = false;
  t.done = true;
  CHECK_FALSE(next_event(t, sh, rules));
}

TEST_CASE("volunteer ids of chain entries", "[tasks]") {
  chain_entry own;
  own.sender_id = "u1";
  own.name = "张三";
  CHECK(volunteer_id_of(own) == "u1");
  chain_entry proxy = own;
  proxy.name = "李奶奶";
  proxy.registered_by = "张三";
  CHECK(volunteer_id_of(proxy) == "u1#李奶奶");
}
