// The PostgreSQL store: chat settings and residents' registered addresses.

#include <array>

#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_store.hpp"

namespace linli::storage::postgres {
namespace {

constexpr std::array<migration, 4> migrations = {{
    {1, R"sql(
CREATE TABLE chats (
  platform  text NOT NULL,
  chat_id   text NOT NULL,
  language  text NOT NULL,
  PRIMARY KEY (platform, chat_id)
);
)sql"},
    {3, R"sql(
CREATE TABLE addresses (
  platform   text NOT NULL,
  chat_id    text NOT NULL,
  sender_id  text NOT NULL,
  building   text NOT NULL,
  unit       text,
  room       text,
  PRIMARY KEY (platform, chat_id, sender_id)
);
)sql"},
    {5, R"sql(
ALTER TABLE chats ADD COLUMN time_zone text NOT NULL DEFAULT '';
)sql"},
    // The group robot's key is a secret: a table of its own, apart from chat text and settings.
    {12, R"sql(
CREATE TABLE chat_robots (
  platform   text NOT NULL,
  chat_id    text NOT NULL,
  robot_key  text NOT NULL,
  bound_by   text NOT NULL,
  bound_ms   bigint NOT NULL,
  PRIMARY KEY (platform, chat_id)
);
)sql"},
}};

constexpr const char* load_chat_sql =
    "SELECT language, time_zone FROM chats WHERE platform = $1 AND chat_id = $2";

constexpr const char* save_chat_sql =
    "INSERT INTO chats (platform, chat_id, language, time_zone) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (platform, chat_id) DO UPDATE SET language = excluded.language, "
    "time_zone = excluded.time_zone";

constexpr const char* load_address_sql =
    "SELECT building, unit, room FROM addresses WHERE platform = $1 AND chat_id = $2 AND "
    "sender_id = $3";

constexpr const char* save_address_sql =
    "INSERT INTO addresses (platform, chat_id, sender_id, building, unit, room) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (platform, chat_id, sender_id) DO UPDATE SET "
    "building = excluded.building, unit = excluded.unit, room = excluded.room";

constexpr const char* load_robot_sql =
    "SELECT robot_key, bound_by, bound_ms FROM chat_robots WHERE platform = $1 AND chat_id = $2";

constexpr const char* save_robot_sql =
    "INSERT INTO chat_robots (platform, chat_id, robot_key, bound_by, bound_ms) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (platform, chat_id) DO UPDATE SET "
    "robot_key = excluded.robot_key, bound_by = excluded.bound_by, bound_ms = excluded.bound_ms";

constexpr const char* remove_robot_sql =
    "DELETE FROM chat_robots WHERE platform = $1 AND chat_id = $2";

}  // namespace

std::span<const migration> chats_migrations() {
  return migrations;
}

// Not cached, unlike SQLite's writer: another instance may change a chat's settings.
chat_settings pg_store::load_chat(const chat_ref& chat) {
  const auto r = db_.query(load_chat_sql, params().text(chat.platform).text(chat.chat_id));
  chat_settings s;
  if (!r.empty()) {
    s.lang = r.view(0, 0) == "en" ? language::en : language::zh;
    s.time_zone = r.text(0, 1);
  }
  return s;
}

void pg_store::save_chat(const chat_ref& chat, const chat_settings& s) {
  db_.query(save_chat_sql, params()
                               .text(chat.platform)
                               .text(chat.chat_id)
                               .text(s.lang == language::en ? "en" : "zh")
                               .text(s.time_zone));
}

std::optional<address> pg_store::load_address(const chat_ref& chat, const std::string& sender_id) {
  const auto r =
      db_.query(load_address_sql, params().text(chat.platform).text(chat.chat_id).text(sender_id));
  if (r.empty()) return std::nullopt;
  return read_address(r, 0, 0);
}

void pg_store::save_address(const chat_ref& chat, const std::string& sender_id, const address& a) {
  params p;
  p.text(chat.platform).text(chat.chat_id).text(sender_id);
  add_address(p, a);
  db_.query(save_address_sql, p);
}

std::optional<robot_binding> pg_store::load_robot(const chat_ref& chat) {
  const auto r = db_.query(load_robot_sql, params().text(chat.platform).text(chat.chat_id));
  if (r.empty()) return std::nullopt;
  return robot_binding{r.text(0, 0), r.text(0, 1), r.int64(0, 2)};
}

void pg_store::save_robot(const chat_ref& chat, const robot_binding& robot) {
  db_.query(save_robot_sql, params()
                                .text(chat.platform)
                                .text(chat.chat_id)
                                .text(robot.key)
                                .text(robot.bound_by)
                                .integer(robot.bound_ms));
}

void pg_store::remove_robot(const chat_ref& chat) {
  db_.query(remove_robot_sql, params().text(chat.platform).text(chat.chat_id));
}

}  // namespace linli::storage::postgres
