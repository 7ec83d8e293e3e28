// Tasks with their members, due tasks, day templates, service groups.

#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::chat_b;
using contract::sample_task;

CONTRACT_TEST("tasks are numbered per chat from 1 and round-trip every field", "[tasks]") {
  auto store = backend.make_store();
  task t = sample_task(chat_a, "2026-11-23", 9 * 60);
  t.number = 42;  // ignored: the store numbers it
  t.next_event_ms = 42;
  t.done = t.cutoff_done = true;
  const auto id = store->insert_task(t);
  CHECK(t.id == id);
  CHECK(t.number == 1);
  task second = sample_task(chat_a, "2026-11-23", 10 * 60);
  second.group.reset();
  store->insert_task(second);
  CHECK(second.number == 2);
  task elsewhere = sample_task(chat_b, "2026-11-23", 8 * 60);
  store->insert_task(elsewhere);
  CHECK(elsewhere.number == 1);

  const auto found = store->find_task(chat_a, 1);
  REQUIRE(found);
  CHECK(found->id == id);
  CHECK(found->chat == chat_a);
  CHECK(found->number == 1);
  CHECK(found->title == "配送 第一波");
  CHECK(found->place == "3号楼");
  CHECK(found->group == "配送");
  CHECK(found->date == "2026-11-23");
  CHECK(found->start_minute == 540);
  CHECK(found->end_minute == 660);
  CHECK(found->start_ms == t.start_ms);
  CHECK(found->end_ms == t.end_ms);
  CHECK(found->capacity == 2);
  CHECK(found->done);
  CHECK_FALSE(found->cancelled);
  CHECK(found->cutoff_done);
  CHECK_FALSE(found->reminded);
  CHECK(found->next_event_ms == 42);
  CHECK(found->created_by == "boss");
  CHECK(found->message_id == "m1");
  CHECK(found->created_ms == 5);
  CHECK(found->members.empty());
  CHECK_FALSE(store->find_task(chat_a, 2)->group);
  CHECK_FALSE(store->find_task(chat_a, 3));
}

CONTRACT_TEST("a task's members round-trip in arrival order and are saved", "[tasks]") {
  auto store = backend.make_store();
  task t = sample_task(chat_a, "2026-11-23", 9 * 60);
  store->insert_task(t);
  task_member m;
  m.task_id = t.id;
  m.volunteer_id = "u1";
  m.name = "张三";
  m.source = "claim";
  m.confirmed = true;
  m.added_ms = m.changed_ms = 7;
  m.id = store->insert_task_member(m);
  task_member other = m;
  other.volunteer_id = "boss#李四";
  other.name = "李四";
  other.source = "assign";
  other.confirmed = false;
  other.asked_ms = 8;
  other.id = store->insert_task_member(other);
  CHECK(other.id > m.id);

  m.state = member_state::declined;
  m.confirmed = false;
  m.completed = true;
  m.asked_ms = 9;
  m.changed_ms = 10;
  store->update_task_member(m);

  const auto found = store->find_task(chat_a, t.number);
  REQUIRE(found);
  REQUIRE(found->members.size() == 2);
  const task_member& a = found->members[0];
  CHECK(a.id == m.id);
  CHECK(a.task_id == t.id);
  CHECK(a.volunteer_id == "u1");
  CHECK(a.name == "张三");
  CHECK(a.source == "claim");
  CHECK(a.state == member_state::declined);
  CHECK_FALSE(a.confirmed);
  CHECK(a.completed);
  CHECK(a.added_ms == 7);
  CHECK(a.changed_ms == 10);
  CHECK(a.asked_ms == 9);
  const task_member& b = found->members[1];
  CHECK(b.volunteer_id == "boss#李四");
  CHECK(b.source == "assign");
  CHECK(b.state == member_state::active);
  CHECK(b.asked_ms == 8);
  CHECK_FALSE(b.completed);
}

CONTRACT_TEST("updating a task saves what may change", "[tasks]") {
  auto store = backend.make_store();
  task t = sample_task(chat_a, "2026-11-23", 9 * 60);
  t.next_event_ms = 42;
  store->insert_task(t);
  t.title = "秩序";
  t.place = "东门岗";
  t.group.reset();
  t.date = "2026-11-24";
  t.start_minute = 8 * 60;
  t.end_minute = 12 * 60;
  t.start_ms = 7;
  t.end_ms = 8;
  t.capacity = 5;
  t.done = t.cancelled = t.cutoff_done = t.reminded = true;
  t.next_event_ms.reset();
  store->update_task(t);
  const auto found = store->find_task(chat_a, 1);
  REQUIRE(found);
  CHECK(found->title == "秩序");
  CHECK(found->place == "东门岗");
  CHECK_FALSE(found->group);
  CHECK(found->date == "2026-11-24");
  CHECK(found->start_minute == 480);
  CHECK(found->end_minute == 720);
  CHECK(found->start_ms == 7);
  CHECK(found->end_ms == 8);
  CHECK(found->capacity == 5);
  CHECK((found->done && found->cancelled && found->cutoff_done && found->reminded));
  CHECK_FALSE(found->next_event_ms);
  CHECK(store->tasks_due(1'000'000'000, 10).empty());
}

CONTRACT_TEST("tasks are listed by day, by message, and found when due", "[tasks]") {
  auto store = backend.make_store();
  task late = sample_task(chat_a, "2026-11-23", 14 * 60);
  late.next_event_ms = 300;
  store->insert_task(late);  // 1
  task early = sample_task(chat_a, "2026-11-23", 8 * 60);
  early.next_event_ms = 100;
  early.message_id = "m2";
  store->insert_task(early);  // 2
  task same_start = sample_task(chat_a, "2026-11-23", 8 * 60);
  same_start.cancelled = true;
  same_start.message_id = "m2";
  store->insert_task(same_start);  // 3
  task other_day = sample_task(chat_a, "2026-11-24", 8 * 60);
  other_day.next_event_ms = 250;
  store->insert_task(other_day);  // 4
  task other_chat = sample_task(chat_b, "2026-11-23", 8 * 60);
  other_chat.next_event_ms = 200;
  store->insert_task(other_chat);

  const auto day = store->tasks_on(chat_a, "2026-11-23");
  REQUIRE(day.size() == 3);
  CHECK(day[0].number == 2);  // by start, then number; cancelled ones included
  CHECK(day[1].number == 3);
  CHECK(day[2].number == 1);
  CHECK(store->tasks_on(chat_b, "2026-11-24").empty());

  const auto from_m2 = store->tasks_from_message(chat_a, "m2");
  REQUIRE(from_m2.size() == 2);
  CHECK(from_m2[0].number == 2);
  CHECK(from_m2[1].number == 3);
  CHECK(store->tasks_from_message(chat_b, "m2").empty());

  const auto due = store->tasks_due(250, 10);  // every chat, soonest first, none without a time
  REQUIRE(due.size() == 3);
  CHECK(due[0].number == 2);
  CHECK(due[1].chat == chat_b);
  CHECK(due[2].number == 4);
  const auto first_two = store->tasks_due(1'000, 2);
  REQUIRE(first_two.size() == 2);
  CHECK(first_two[1].chat == chat_b);
  CHECK(store->tasks_due(99, 10).empty());
}

CONTRACT_TEST("service groups and day templates are kept per chat", "[tasks]") {
  auto store = backend.make_store();
  CHECK_FALSE(store->volunteer_group(chat_a, "u1"));
  store->save_volunteer_group(chat_a, "u1", "配送");
  store->save_volunteer_group(chat_a, "u2", "消杀");
  store->save_volunteer_group(chat_a, "u2", "秩序");
  store->save_volunteer_group(chat_a, "u3", "消杀");
  store->save_volunteer_group(chat_a, "u3", "");  // clears it
  CHECK(store->volunteer_group(chat_a, "u1") == "配送");
  CHECK(store->volunteer_group(chat_a, "u2") == "秩序");
  CHECK_FALSE(store->volunteer_group(chat_a, "u3"));
  CHECK_FALSE(store->volunteer_group(chat_b, "u1"));

  CHECK(store->template_names(chat_a).empty());
  CHECK_FALSE(store->find_template(chat_a, "日常"));
  store->save_template(chat_a, {"日常", {"各区 配送 09:00-11:00 需2人"}, {"1号楼", "2号楼"}});
  store->save_template(chat_a, {"周末", {"东门岗 08:00-12:00", "西门岗 08:00-12:00"}, {}});
  store->save_template(chat_a, {"日常", {"各区 配送 10:00-12:00 需3人"}, {"3号楼"}});
  store->save_template(chat_b, {"别处", {}, {}});
  const auto t = store->find_template(chat_a, "日常");
  REQUIRE(t);
  CHECK(t->name == "日常");
  CHECK(t->lines == std::vector<std::string>{"各区 配送 10:00-12:00 需3人"});
  CHECK(t->zones == std::vector<std::string>{"3号楼"});
  CHECK(store->find_template(chat_a, "周末")->lines.size() == 2);
  CHECK(store->find_template(chat_a, "周末")->zones.empty());
  CHECK(store->template_names(chat_a) == std::vector<std::string>{"周末", "日常"});
  CHECK(store->template_names(chat_b) == std::vector<std::string>{"别处"});
}
