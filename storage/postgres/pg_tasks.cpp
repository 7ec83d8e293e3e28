// The PostgreSQL store: tasks and their members, volunteers' service groups, day templates.

#include <array>

#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_store.hpp"

namespace linli::storage::postgres {
namespace {

constexpr std::array<migration, 1> migrations = {{
    {6, R"sql(
CREATE TABLE tasks (
  platform       text    NOT NULL,
  chat_id        text    NOT NULL,
  id             bigint  GENERATED ALWAYS AS IDENTITY,
  number         integer NOT NULL,
  title          text    NOT NULL,
  place          text    NOT NULL,
  service_group  text,
  date           text    NOT NULL,  -- local YYYY-MM-DD
  start_minute   integer NOT NULL,
  end_minute     integer NOT NULL,
  start_ms       bigint  NOT NULL,
  end_ms         bigint  NOT NULL,
  capacity       integer NOT NULL,
  done           boolean NOT NULL,
  cancelled      boolean NOT NULL,
  cutoff_done    boolean NOT NULL,
  reminded       boolean NOT NULL,
  next_event_ms  bigint,
  created_by     text    NOT NULL,
  message_id     text    NOT NULL,
  created_ms     bigint  NOT NULL,
  PRIMARY KEY (platform, chat_id, id),
  UNIQUE (platform, chat_id, number)
);
CREATE INDEX tasks_by_date ON tasks (platform, chat_id, date, start_minute);
CREATE INDEX tasks_by_message ON tasks (platform, chat_id, message_id);
CREATE INDEX tasks_by_next_event ON tasks (next_event_ms) WHERE next_event_ms IS NOT NULL;
CREATE TABLE task_members (
  platform      text    NOT NULL,
  chat_id       text    NOT NULL,
  task_id       bigint  NOT NULL,
  id            bigint  GENERATED ALWAYS AS IDENTITY,
  volunteer_id  text    NOT NULL,
  name          text    NOT NULL,
  source        text    NOT NULL,  -- claim | assign | override | refill
  state         text    NOT NULL,  -- active | left | declined | dropped
  confirmed     boolean NOT NULL,
  completed     boolean NOT NULL,
  added_ms      bigint  NOT NULL,
  changed_ms    bigint  NOT NULL,
  asked_ms      bigint,
  PRIMARY KEY (platform, chat_id, task_id, id),
  FOREIGN KEY (platform, chat_id, task_id) REFERENCES tasks (platform, chat_id, id)
);
CREATE INDEX task_members_by_id ON task_members (id);
CREATE TABLE volunteers (
  platform       text NOT NULL,
  chat_id        text NOT NULL,
  volunteer_id   text NOT NULL,
  service_group  text NOT NULL,
  PRIMARY KEY (platform, chat_id, volunteer_id)
);
CREATE TABLE task_templates (
  platform  text NOT NULL,
  chat_id   text NOT NULL,
  name      text NOT NULL,
  lines     text NOT NULL,  -- JSON array
  zones     text NOT NULL,  -- JSON array
  PRIMARY KEY (platform, chat_id, name)
);
)sql"},
}};

// Numbers the task in the insert itself, as insert_request_sql does (chat_numbers, version 3).
constexpr const char* insert_task_sql =
    "WITH n AS (INSERT INTO chat_numbers (platform, chat_id, kind, last) "
    "VALUES ($1, $2, 'task', 1) ON CONFLICT (platform, chat_id, kind) "
    "DO UPDATE SET last = chat_numbers.last + 1 RETURNING last) "
    "INSERT INTO tasks (platform, chat_id, number, title, place, service_group, date, "
    "start_minute, end_minute, start_ms, end_ms, capacity, done, cancelled, cutoff_done, "
    "reminded, next_event_ms, created_by, message_id, created_ms) "
    "VALUES ($1, $2, (SELECT last FROM n), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
    "$15, $16, $17, $18, $19) RETURNING id, number";

constexpr const char* update_task_sql =
    "UPDATE tasks SET title = $4, place = $5, service_group = $6, date = $7, start_minute = $8, "
    "end_minute = $9, start_ms = $10, end_ms = $11, capacity = $12, done = $13, "
    "cancelled = $14, cutoff_done = $15, reminded = $16, next_event_ms = $17 "
    "WHERE platform = $1 AND chat_id = $2 AND id = $3";

// The columns read_tasks() reads, in its order.
#define LINLI_TASK_COLUMNS                                                                  \
  "SELECT id, platform, chat_id, number, title, place, service_group, date, start_minute, " \
  "end_minute, start_ms, end_ms, capacity, done, cancelled, cutoff_done, reminded, "        \
  "next_event_ms, created_by, message_id, created_ms FROM tasks "

constexpr const char* find_task_sql =
    LINLI_TASK_COLUMNS "WHERE platform = $1 AND chat_id = $2 AND number = $3";

constexpr const char* tasks_on_sql = LINLI_TASK_COLUMNS
    "WHERE platform = $1 AND chat_id = $2 AND date = $3 ORDER BY start_minute, number";

constexpr const char* tasks_from_message_sql =
    LINLI_TASK_COLUMNS "WHERE platform = $1 AND chat_id = $2 AND message_id = $3 ORDER BY number";

constexpr const char* tasks_due_sql = LINLI_TASK_COLUMNS
    "WHERE next_event_ms IS NOT NULL AND next_event_ms <= $1 ORDER BY next_event_ms LIMIT $2";
#undef LINLI_TASK_COLUMNS

constexpr const char* members_sql =
    "SELECT id, volunteer_id, name, source, state, confirmed, completed, added_ms, changed_ms, "
    "asked_ms FROM task_members WHERE platform = $1 AND chat_id = $2 AND task_id = $3 "
    "ORDER BY id";

// The member takes its chat from its task, in the same statement.
constexpr const char* insert_member_sql =
    "INSERT INTO task_members (platform, chat_id, task_id, volunteer_id, name, source, state, "
    "confirmed, completed, added_ms, changed_ms, asked_ms) "
    "SELECT platform, chat_id, id, $2::text, $3::text, $4::text, $5::text, $6::boolean, "
    "$7::boolean, $8::bigint, $9::bigint, $10::bigint FROM tasks WHERE id = $1 RETURNING id";

constexpr const char* update_member_sql =
    "UPDATE task_members SET state = $1, confirmed = $2, completed = $3, changed_ms = $4, "
    "asked_ms = $5 WHERE id = $6";

constexpr const char* volunteer_group_sql =
    "SELECT service_group FROM volunteers WHERE platform = $1 AND chat_id = $2 AND "
    "volunteer_id = $3";

constexpr const char* save_volunteer_group_sql =
    "INSERT INTO volunteers (platform, chat_id, volunteer_id, service_group) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (platform, chat_id, volunteer_id) DO UPDATE SET "
    "service_group = excluded.service_group";

constexpr const char* clear_volunteer_group_sql =
    "DELETE FROM volunteers WHERE platform = $1 AND chat_id = $2 AND volunteer_id = $3";

constexpr const char* save_template_sql =
    "INSERT INTO task_templates (platform, chat_id, name, lines, zones) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (platform, chat_id, name) DO UPDATE SET "
    "lines = excluded.lines, zones = excluded.zones";

constexpr const char* find_template_sql =
    "SELECT lines, zones FROM task_templates WHERE platform = $1 AND chat_id = $2 AND name = $3";

constexpr const char* template_names_sql =
    "SELECT name FROM task_templates WHERE platform = $1 AND chat_id = $2 ORDER BY name";

// The fields insert_task_sql and update_task_sql both take, in their order.
void add_task_fields(params& p, const task& t) {
  p.text(t.title).text(t.place).text(t.group).text(t.date);
  p.integer(std::int64_t{t.start_minute}).integer(std::int64_t{t.end_minute});
  p.integer(t.start_ms).integer(t.end_ms).integer(std::int64_t{t.capacity});
  p.flag(t.done).flag(t.cancelled).flag(t.cutoff_done).flag(t.reminded).integer(t.next_event_ms);
}

}  // namespace

std::span<const migration> tasks_migrations() {
  return migrations;
}

std::int64_t pg_store::insert_task(task& t) {
  params p;
  p.text(t.chat.platform).text(t.chat.chat_id);
  add_task_fields(p, t);
  p.text(t.created_by).text(t.message_id).integer(t.created_ms);
  const auto row = db_.query(insert_task_sql, p);
  t.id = row.int64(0, 0);
  t.number = row.int32(0, 1);
  return t.id;
}

void pg_store::update_task(const task& t) {
  params p;
  p.text(t.chat.platform).text(t.chat.chat_id).integer(t.id);
  add_task_fields(p, t);
  db_.query(update_task_sql, p);
}

std::optional<task> pg_store::find_task(const chat_ref& chat, int number) {
  auto found = read_tasks(
      db_.query(find_task_sql,
                params().text(chat.platform).text(chat.chat_id).integer(std::int64_t{number})));
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<task> pg_store::tasks_on(const chat_ref& chat, const std::string& date) {
  return read_tasks(
      db_.query(tasks_on_sql, params().text(chat.platform).text(chat.chat_id).text(date)));
}

std::vector<task> pg_store::tasks_from_message(const chat_ref& chat,
                                               const std::string& message_id) {
  return read_tasks(db_.query(tasks_from_message_sql,
                              params().text(chat.platform).text(chat.chat_id).text(message_id)));
}

std::vector<task> pg_store::tasks_due(std::int64_t now_ms, int limit) {
  return read_tasks(
      db_.query(tasks_due_sql, params().integer(now_ms).integer(std::int64_t{limit})));
}

std::vector<task> pg_store::read_tasks(const result& q) {
  std::vector<task> out;
  out.reserve(static_cast<std::size_t>(q.rows()));
  for (int row = 0; row < q.rows(); ++row) {
    task t;
    t.id = q.int64(row, 0);
    t.chat = {q.text(row, 1), q.text(row, 2)};
    t.number = q.int32(row, 3);
    t.title = q.text(row, 4);
    t.place = q.text(row, 5);
    t.group = q.optional_text(row, 6);
    t.date = q.text(row, 7);
    t.start_minute = q.int32(row, 8);
    t.end_minute = q.int32(row, 9);
    t.start_ms = q.int64(row, 10);
    t.end_ms = q.int64(row, 11);
    t.capacity = q.int32(row, 12);
    t.done = q.flag(row, 13);
    t.cancelled = q.flag(row, 14);
    t.cutoff_done = q.flag(row, 15);
    t.reminded = q.flag(row, 16);
    t.next_event_ms = q.optional_int(row, 17);
    t.created_by = q.text(row, 18);
    t.message_id = q.text(row, 19);
    t.created_ms = q.int64(row, 20);
    out.push_back(std::move(t));
  }
  for (task& t : out) {
    const auto m =
        db_.query(members_sql, params().text(t.chat.platform).text(t.chat.chat_id).integer(t.id));
    for (int row = 0; row < m.rows(); ++row) {
      task_member member;
      member.id = m.int64(row, 0);
      member.task_id = t.id;
      member.volunteer_id = m.text(row, 1);
      member.name = m.text(row, 2);
      member.source = m.text(row, 3);
      member.state = member_state_from(m.view(row, 4));
      member.confirmed = m.flag(row, 5);
      member.completed = m.flag(row, 6);
      member.added_ms = m.int64(row, 7);
      member.changed_ms = m.int64(row, 8);
      member.asked_ms = m.optional_int(row, 9);
      t.members.push_back(std::move(member));
    }
  }
  return out;
}

std::int64_t pg_store::insert_task_member(const task_member& m) {
  params p;
  p.integer(m.task_id).text(m.volunteer_id).text(m.name).text(m.source).text(to_string(m.state));
  p.flag(m.confirmed).flag(m.completed).integer(m.added_ms).integer(m.changed_ms);
  p.integer(m.asked_ms);
  const auto r = db_.query(insert_member_sql, p);
  if (r.empty()) throw std::runtime_error("no task " + std::to_string(m.task_id));
  return r.int64(0, 0);
}

void pg_store::update_task_member(const task_member& m) {
  params p;
  p.text(to_string(m.state)).flag(m.confirmed).flag(m.completed).integer(m.changed_ms);
  p.integer(m.asked_ms).integer(m.id);
  db_.query(update_member_sql, p);
}

std::optional<std::string> pg_store::volunteer_group(const chat_ref& chat,
                                                     const std::string& volunteer_id) {
  const auto q = db_.query(volunteer_group_sql,
                           params().text(chat.platform).text(chat.chat_id).text(volunteer_id));
  if (q.empty()) return std::nullopt;
  return q.text(0, 0);
}

void pg_store::save_volunteer_group(const chat_ref& chat, const std::string& volunteer_id,
                                    const std::string& group) {
  params p;
  p.text(chat.platform).text(chat.chat_id).text(volunteer_id);
  if (group.empty()) {
    db_.query(clear_volunteer_group_sql, p);
  } else {
    db_.query(save_volunteer_group_sql, p.text(group));
  }
}

void pg_store::save_template(const chat_ref& chat, const task_template& t) {
  params p;
  p.text(chat.platform).text(chat.chat_id).text(t.name).text(encode_lines(t.lines));
  p.text(encode_lines(t.zones));
  db_.query(save_template_sql, p);
}

std::optional<task_template> pg_store::find_template(const chat_ref& chat,
                                                     const std::string& name) {
  const auto q =
      db_.query(find_template_sql, params().text(chat.platform).text(chat.chat_id).text(name));
  if (q.empty()) return std::nullopt;
  return task_template{name, decode_lines(q.text(0, 0)), decode_lines(q.text(0, 1))};
}

std::vector<std::string> pg_store::template_names(const chat_ref& chat) {
  const auto q = db_.query(template_names_sql, params().text(chat.platform).text(chat.chat_id));
  std::vector<std::string> out;
  for (int row = 0; row < q.rows(); ++row) out.push_back(q.text(row, 0));
  return out;
}

}  // namespace linli::storage::postgres
