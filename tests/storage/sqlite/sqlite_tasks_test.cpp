#include <catch2/catch.hpp>

#include "storage/sqlite/sqlite_store.hpp"
#include "tests/support.hpp"

using namespace linli;

namespace {

task sample_task(const chat_ref& chat, int number, const std::string& date, int start) {
  task t;
  t.chat = chat;
  t.number = number;
  t.title = "配送 第一波";
  t.place = "3号楼";
  t.group = "配送";
  t.date = date;
  t.start_minute = start;
  t.end_minute = start + 120;
  t.start_ms = 1'000'000 + start * 60'000;
  t.end_ms = t.start_ms + 120 * 60'000;
  t.capacity = 2;
  t.created_by = "boss";
  t.message_id = "m1";
  t.created_ms = 5;
  return t;
}

}  // namespace

TEST_CASE("tasks round-trip with their members", "[sqlite_store][tasks]") {
  auto store = storage::open_sqlite({":memory:"});
  const chat_ref chat{"generic", "g1"};
  CHECK(store->next_task_number(chat) == 1);
  task t = sample_task(chat, 1, "2026-11-23", 9 * 60);
  t.next_event_ms = 42;
  t.id = store->insert_task(t);
  CHECK(store->next_task_number(chat) == 2);
  CHECK(store->next_task_number({"generic", "other"}) == 1);

  task_member m;
  m.task_id = t.id;
  m.volunteer_id = "u1";
  m.name = "张三";
  m.source = "claim";
  m.confirmed = true;
  m.added_ms = m.changed_ms = 7;
  m.id = store->insert_task_member(m);
  m.state = member_state::declined;
  m.asked_ms = 9;
  store->update_task_member(m);

  auto found = store->find_task(chat, 1);
  REQUIRE(found);
  CHECK(found->title == "配送 第一波");
  CHECK(found->group == std::optional<std::string>("配送"));
  CHECK(found->next_event_ms == std::optional<std::int64_t>(42));
  REQUIRE(found->members.size() == 1);
  CHECK(found->members[0].state == member_state::declined);
  CHECK(found->members[0].asked_ms == std::optional<std::int64_t>(9));
  CHECK(found->members[0].confirmed);

  found->done = true;
  found->next_event_ms.reset();
  store->update_task(*found);
  CHECK(store->find_task(chat, 1)->done);
  CHECK(store->tasks_due(1'000'000'000, 10).empty());
  CHECK_FALSE(store->find_task(chat, 2));
}

TEST_CASE("tasks are listed by day and found when due", "[sqlite_store][tasks]") {
  auto store = storage::open_sqlite({":memory:"});
  const chat_ref a{"generic", "a"}, b{"generic", "b"};
  task late = sample_task(a, 1, "2026-11-23", 14 * 60);
  late.next_event_ms = 300;
  store->insert_task(late);
  task early = sample_task(a, 2, "2026-11-23", 8 * 60);
  early.next_event_ms = 100;
  early.message_id = "m2";
  store->insert_task(early);
  task other_day = sample_task(a, 3, "2026-11-24", 8 * 60);
  store->insert_task(other_day);
  task other_chat = sample_task(b, 1, "2026-11-23", 8 * 60);
  other_chat.next_event_ms = 200;
  store->insert_task(other_chat);

  const auto day = store->tasks_on(a, "2026-11-23");
  REQUIRE(day.size() == 2);
  CHECK(day[0].number == 2);  // by start time
  CHECK(day[1].number == 1);
  CHECK(store->tasks_from_message(a, "m2").size() == 1);
  const auto due = store->tasks_due(250, 10);
  REQUIRE(due.size() == 2);
  CHECK(due[0].chat == a);
  CHECK(due[1].chat == b);
}

TEST_CASE("volunteer groups, templates and the outbox persist", "[sqlite_store][tasks]") {
  testing::temp_dir dir;
  const chat_ref chat{"generic", "g1"};
  {
    auto store = storage::open_sqlite({dir.file("t.db")});
    store->save_volunteer_group(chat, "u1", "配送");
    store->save_volunteer_group(chat, "u2", "消杀");
    store->save_volunteer_group(chat, "u2", "");
    store->save_template(chat, {"日常", {"各区 配送 09:00-11:00 需2人"}, {"1号楼", "2号楼"}});
    outbound_message m;
    m.chat = chat;
    m.text = "明天的岗位";
    m.created_ms = m.next_attempt_ms = 10;
    m.id = store->insert_outbound(m);
    outbound_message sent = m;
    sent.id = store->insert_outbound(m);
    sent.state = outbound_state::sent;
    sent.sent_ms = 11;
    store->update_outbound(sent);
  }
  auto store = storage::open_sqlite({dir.file("t.db")});
  CHECK(store->volunteer_group(chat, "u1") == std::optional<std::string>("配送"));
  CHECK_FALSE(store->volunteer_group(chat, "u2"));
  const auto t = store->find_template(chat, "日常");
  REQUIRE(t);
  CHECK(t->zones == std::vector<std::string>{"1号楼", "2号楼"});
  CHECK(store->template_names(chat) == std::vector<std::string>{"日常"});
  const auto pending = store->pending_outbound();
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].text == "明天的岗位");
  CHECK(store->find_outbound(pending[0].id + 1)->state == outbound_state::sent);
}
