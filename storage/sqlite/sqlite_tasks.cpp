// The SQLite store: tasks and their members, volunteers' service groups, day templates.

#include <array>

#include "storage/sqlite/sqlite_plans.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace linli::storage::sqlite {
namespace {

constexpr std::array<migration, 1> migrations = {{
    {6, R"sql(
CREATE TABLE tasks (
  id             INTEGER PRIMARY KEY,
  platform       TEXT    NOT NULL,
  chat_id        TEXT    NOT NULL,
  number         INTEGER NOT NULL,
  title          TEXT    NOT NULL,
  place          TEXT    NOT NULL,
  service_group  TEXT,
  date           TEXT    NOT NULL,  -- local YYYY-MM-DD
  start_minute   INTEGER NOT NULL,
  end_minute     INTEGER NOT NULL,
  start_ms       INTEGER NOT NULL,
  end_ms         INTEGER NOT NULL,
  capacity       INTEGER NOT NULL,
  done           INTEGER NOT NULL,
  cancelled      INTEGER NOT NULL,
  cutoff_done    INTEGER NOT NULL,
  reminded       INTEGER NOT NULL,
  next_event_ms  INTEGER,
  created_by     TEXT    NOT NULL,
  message_id     TEXT    NOT NULL,
  created_ms     INTEGER NOT NULL,
  UNIQUE (platform, chat_id, number)
);
CREATE INDEX tasks_by_date ON tasks (platform, chat_id, date, start_minute);
CREATE INDEX tasks_by_message ON tasks (platform, chat_id, message_id);
CREATE INDEX tasks_by_next_event ON tasks (next_event_ms) WHERE next_event_ms IS NOT NULL;
CREATE TABLE task_members (
  id            INTEGER PRIMARY KEY,
  task_id       INTEGER NOT NULL REFERENCES tasks (id),
  volunteer_id  TEXT    NOT NULL,
  name          TEXT    NOT NULL,
  source        TEXT    NOT NULL,  -- claim | assign | override | refill
  state         TEXT    NOT NULL,  -- active | left | declined | dropped
  confirmed     INTEGER NOT NULL,
  completed     INTEGER NOT NULL,
  added_ms      INTEGER NOT NULL,
  changed_ms    INTEGER NOT NULL,
  asked_ms      INTEGER
);
CREATE INDEX task_members_by_task ON task_members (task_id, id);
CREATE TABLE volunteers (
  platform       TEXT NOT NULL,
  chat_id        TEXT NOT NULL,
  volunteer_id   TEXT NOT NULL,
  service_group  TEXT NOT NULL,
  PRIMARY KEY (platform, chat_id, volunteer_id)
);
CREATE TABLE task_templates (
  platform  TEXT NOT NULL,
  chat_id   TEXT NOT NULL,
  name      TEXT NOT NULL,
  lines     TEXT NOT NULL,  -- JSON array
  zones     TEXT NOT NULL,  -- JSON array
  PRIMARY KEY (platform, chat_id, name)
);
)sql"},
}};

// Numbers the task in the insert itself, as insert_request_sql does.
constexpr const char* insert_task_sql =
    "INSERT INTO tasks (platform, chat_id, number, title, place, service_group, date, "
    "start_minute, end_minute, start_ms, end_ms, capacity, done, cancelled, cutoff_done, "
    "reminded, next_event_ms, created_by, message_id, created_ms) "
    "VALUES (?1, ?2, coalesce((SELECT number + 1 FROM tasks WHERE platform = ?1 AND chat_id = ?2 "
    "ORDER BY number DESC LIMIT 1), 1), "
    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) "
    "RETURNING id, number";

constexpr const char* update_task_sql =
    "UPDATE tasks SET title = ?, place = ?, service_group = ?, date = ?, start_minute = ?, "
    "end_minute = ?, start_ms = ?, end_ms = ?, capacity = ?, done = ?, cancelled = ?, "
    "cutoff_done = ?, reminded = ?, next_event_ms = ? WHERE id = ?";

// The columns read_tasks() reads, in its order.
#define LINLI_TASK_COLUMNS                                                                  \
  "SELECT id, platform, chat_id, number, title, place, service_group, date, start_minute, " \
  "end_minute, start_ms, end_ms, capacity, done, cancelled, cutoff_done, reminded, "        \
  "next_event_ms, created_by, message_id, created_ms FROM tasks "

constexpr const char* find_task_sql =
    LINLI_TASK_COLUMNS "WHERE platform = ? AND chat_id = ? AND number = ?";

constexpr const char* tasks_on_sql = LINLI_TASK_COLUMNS
    "WHERE platform = ? AND chat_id = ? AND date = ? ORDER BY start_minute, number";

constexpr const char* tasks_from_message_sql =
    LINLI_TASK_COLUMNS "WHERE platform = ? AND chat_id = ? AND message_id = ? ORDER BY number";

constexpr const char* tasks_due_sql = LINLI_TASK_COLUMNS
    "WHERE next_event_ms IS NOT NULL AND next_event_ms <= ? "
    "ORDER BY next_event_ms LIMIT ?";
#undef LINLI_TASK_COLUMNS

constexpr const char* members_sql =
    "SELECT id, volunteer_id, name, source, state, confirmed, completed, added_ms, changed_ms, "
    "asked_ms FROM task_members WHERE task_id = ? ORDER BY id";

constexpr const char* insert_member_sql =
    "INSERT INTO task_members (task_id, volunteer_id, name, source, state, confirmed, completed, "
    "added_ms, changed_ms, asked_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

constexpr const char* update_member_sql =
    "UPDATE task_members SET state = ?, confirmed = ?, completed = ?, changed_ms = ?, asked_ms = ? "
    "WHERE id = ?";

constexpr const char* volunteer_group_sql =
    "SELECT service_group FROM volunteers WHERE platform = ? AND chat_id = ? AND volunteer_id = ?";

constexpr const char* save_volunteer_group_sql =
    "INSERT INTO volunteers (platform, chat_id, volunteer_id, service_group) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (platform, chat_id, volunteer_id) DO UPDATE SET "
    "service_group = excluded.service_group";

constexpr const char* clear_volunteer_group_sql =
    "DELETE FROM volunteers WHERE platform = ? AND chat_id = ? AND volunteer_id = ?";

constexpr const char* save_template_sql =
    "INSERT INTO task_templates (platform, chat_id, name, lines, zones) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (platform, chat_id, name) DO UPDATE SET lines = excluded.lines, "
    "zones = excluded.zones";

constexpr const char* find_template_sql =
    "SELECT lines, zones FROM task_templates WHERE platform = ? AND chat_id = ? AND name = ?";

constexpr const char* template_names_sql =
    "SELECT name FROM task_templates WHERE platform = ? AND chat_id = ? ORDER BY name";

// The fields insert and update both write, title to next_event_ms, from parameter `first` on
// (the column order of insert_task_sql and update_task_sql).
void bind_task_fields(query& q, int first, const task& t) {
  int i = first;
  q.bind(i++, t.title);
  q.bind(i++, t.place);
  bind_optional(q, i++, t.group);
  q.bind(i++, t.date);
  q.bind(i++, t.start_minute);
  q.bind(i++, t.end_minute);
  q.bind(i++, static_cast<int64_t>(t.start_ms));
  q.bind(i++, static_cast<int64_t>(t.end_ms));
  q.bind(i++, t.capacity);
  q.bind(i++, t.done ? 1 : 0);
  q.bind(i++, t.cancelled ? 1 : 0);
  q.bind(i++, t.cutoff_done ? 1 : 0);
  q.bind(i++, t.reminded ? 1 : 0);
  bind_optional<int64_t>(q, i, t.next_event_ms);
}

}  // namespace

namespace plans {
const char* const insert_task = insert_task_sql;
}  // namespace plans

std::span<const migration> tasks_migrations() {
  return migrations;
}

std::int64_t sqlite_store::insert_task(task& t) {
  auto q = statement(insert_task_sql);
  q.bind(1, t.chat.platform);
  q.bind(2, t.chat.chat_id);
  bind_task_fields(q, 3, t);
  q.bind(17, t.created_by);
  q.bind(18, t.message_id);
  q.bind(19, static_cast<int64_t>(t.created_ms));
  q.executeStep();  // the insert happens on this first step; RETURNING gives its row
  t.id = q.getColumn(0).getInt64();
  t.number = q.getColumn(1).getInt();
  return t.id;
}

void sqlite_store::update_task(const task& t) {
  auto q = statement(update_task_sql);
  bind_task_fields(q, 1, t);
  q.bind(15, static_cast<int64_t>(t.id));
  q.exec();
}

std::optional<task> sqlite_store::find_task(const chat_ref& chat, int number) {
  auto q = statement(find_task_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, number);
  auto found = read_tasks(q);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<task> sqlite_store::tasks_on(const chat_ref& chat, const std::string& date) {
  auto q = statement(tasks_on_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, date);
  return read_tasks(q);
}

std::vector<task> sqlite_store::tasks_from_message(const chat_ref& chat,
                                                   const std::string& message_id) {
  auto q = statement(tasks_from_message_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, message_id);
  return read_tasks(q);
}

std::vector<task> sqlite_store::tasks_due(std::int64_t now_ms, int limit) {
  auto q = statement(tasks_due_sql);
  q.bind(1, static_cast<int64_t>(now_ms));
  q.bind(2, limit);
  return read_tasks(q);
}

std::vector<task> sqlite_store::read_tasks(query& q) {
  std::vector<task> out;
  while (q.executeStep()) {
    task t;
    t.id = q.getColumn(0).getInt64();
    t.chat = {q.getColumn(1).getString(), q.getColumn(2).getString()};
    t.number = q.getColumn(3).getInt();
    t.title = q.getColumn(4).getString();
    t.place = q.getColumn(5).getString();
    t.group = optional_text(q.getColumn(6));
    t.date = q.getColumn(7).getString();
    t.start_minute = q.getColumn(8).getInt();
    t.end_minute = q.getColumn(9).getInt();
    t.start_ms = q.getColumn(10).getInt64();
    t.end_ms = q.getColumn(11).getInt64();
    t.capacity = q.getColumn(12).getInt();
    t.done = q.getColumn(13).getInt() != 0;
    t.cancelled = q.getColumn(14).getInt() != 0;
    t.cutoff_done = q.getColumn(15).getInt() != 0;
    t.reminded = q.getColumn(16).getInt() != 0;
    t.next_event_ms = optional_int(q.getColumn(17));
    t.created_by = q.getColumn(18).getString();
    t.message_id = q.getColumn(19).getString();
    t.created_ms = q.getColumn(20).getInt64();
    out.push_back(std::move(t));
  }
  // Members after the tasks: the member query is a statement of its own.
  for (task& t : out) {
    auto m = statement(members_sql);
    m.bind(1, static_cast<int64_t>(t.id));
    while (m.executeStep()) {
      task_member row;
      row.id = m.getColumn(0).getInt64();
      row.task_id = t.id;
      row.volunteer_id = m.getColumn(1).getString();
      row.name = m.getColumn(2).getString();
      row.source = m.getColumn(3).getString();
      row.state = member_state_from(m.getColumn(4).getString());
      row.confirmed = m.getColumn(5).getInt() != 0;
      row.completed = m.getColumn(6).getInt() != 0;
      row.added_ms = m.getColumn(7).getInt64();
      row.changed_ms = m.getColumn(8).getInt64();
      row.asked_ms = optional_int(m.getColumn(9));
      t.members.push_back(std::move(row));
    }
  }
  return out;
}

std::int64_t sqlite_store::insert_task_member(const task_member& m) {
  auto q = statement(insert_member_sql);
  q.bind(1, static_cast<int64_t>(m.task_id));
  q.bind(2, m.volunteer_id);
  q.bind(3, m.name);
  q.bind(4, m.source);
  q.bind(5, std::string(to_string(m.state)));
  q.bind(6, m.confirmed ? 1 : 0);
  q.bind(7, m.completed ? 1 : 0);
  q.bind(8, static_cast<int64_t>(m.added_ms));
  q.bind(9, static_cast<int64_t>(m.changed_ms));
  bind_optional<int64_t>(q, 10, m.asked_ms);
  q.exec();
  return db_.getLastInsertRowid();
}

void sqlite_store::update_task_member(const task_member& m) {
  auto q = statement(update_member_sql);
  q.bind(1, std::string(to_string(m.state)));
  q.bind(2, m.confirmed ? 1 : 0);
  q.bind(3, m.completed ? 1 : 0);
  q.bind(4, static_cast<int64_t>(m.changed_ms));
  bind_optional<int64_t>(q, 5, m.asked_ms);
  q.bind(6, static_cast<int64_t>(m.id));
  q.exec();
}

std::optional<std::string> sqlite_store::volunteer_group(const chat_ref& chat,
                                                         const std::string& volunteer_id) {
  auto q = statement(volunteer_group_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, volunteer_id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

void sqlite_store::save_volunteer_group(const chat_ref& chat, const std::string& volunteer_id,
                                        const std::string& group) {
  auto q = statement(group.empty() ? clear_volunteer_group_sql : save_volunteer_group_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, volunteer_id);
  if (!group.empty()) q.bind(4, group);
  q.exec();
}

void sqlite_store::save_template(const chat_ref& chat, const task_template& t) {
  auto q = statement(save_template_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, t.name);
  q.bind(4, encode_lines(t.lines));
  q.bind(5, encode_lines(t.zones));
  q.exec();
}

std::optional<task_template> sqlite_store::find_template(const chat_ref& chat,
                                                         const std::string& name) {
  auto q = statement(find_template_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, name);
  if (!q.executeStep()) return std::nullopt;
  return task_template{name, decode_lines(q.getColumn(0).getString()),
                       decode_lines(q.getColumn(1).getString())};
}

std::vector<std::string> sqlite_store::template_names(const chat_ref& chat) {
  auto q = statement(template_names_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

}  // namespace linli::storage::sqlite
