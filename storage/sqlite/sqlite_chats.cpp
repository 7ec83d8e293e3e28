// The SQLite store: chat settings and residents' registered addresses.

#include <array>

#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace linli::storage::sqlite {
namespace {

constexpr std::array<migration, 4> migrations = {{
    {1, R"sql(
CREATE TABLE chats (
  platform  TEXT NOT NULL,
  chat_id   TEXT NOT NULL,
  language  TEXT NOT NULL,
  PRIMARY KEY (platform, chat_id)
);
)sql"},
    {3, R"sql(
CREATE TABLE addresses (
  platform   TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  sender_id  TEXT NOT NULL,
  building   TEXT NOT NULL,
  unit       TEXT,
  room       TEXT,
  PRIMARY KEY (platform, chat_id, sender_id)
);
)sql"},
    {5, R"sql(
ALTER TABLE chats ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
)sql"},
    // The group robot's key is a secret: a table of its own, apart from chat text and settings.
    {12, R"sql(
CREATE TABLE chat_robots (
  platform   TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  robot_key  TEXT NOT NULL,
  bound_by   TEXT NOT NULL,
  bound_ms   INTEGER NOT NULL,
  PRIMARY KEY (platform, chat_id)
);
)sql"},
}};

constexpr const char* load_chat_sql =
    "SELECT language, time_zone FROM chats WHERE platform = ? AND chat_id = ?";

constexpr const char* save_chat_sql =
    "INSERT INTO chats (platform, chat_id, language, time_zone) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (platform, chat_id) DO UPDATE SET language = excluded.language, "
    "time_zone = excluded.time_zone";

constexpr const char* load_address_sql =
    "SELECT building, unit, room FROM addresses WHERE platform = ? AND chat_id = ? AND "
    "sender_id = ?";

constexpr const char* save_address_sql =
    "INSERT INTO addresses (platform, chat_id, sender_id, building, unit, room) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, chat_id, sender_id) DO UPDATE SET "
    "building = excluded.building, unit = excluded.unit, room = excluded.room";

constexpr const char* load_robot_sql =
    "SELECT robot_key, bound_by, bound_ms FROM chat_robots WHERE platform = ? AND chat_id = ?";

constexpr const char* save_robot_sql =
    "INSERT INTO chat_robots (platform, chat_id, robot_key, bound_by, bound_ms) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, chat_id) DO UPDATE SET "
    "robot_key = excluded.robot_key, bound_by = excluded.bound_by, bound_ms = excluded.bound_ms";

constexpr const char* remove_robot_sql =
    "DELETE FROM chat_robots WHERE platform = ? AND chat_id = ?";

}  // namespace

std::span<const migration> chats_migrations() {
  return migrations;
}

chat_settings sqlite_store::load_chat(const chat_ref& chat) {
  const std::string key = cache_key(chat);
  if (const auto it = chat_cache_.find(key); it != chat_cache_.end()) return it->second;
  auto q = statement(load_chat_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  chat_settings s;
  if (q.executeStep()) {
    s.lang = q.getColumn(0).getString() == "en" ? language::en : language::zh;
    s.time_zone = q.getColumn(1).getString();
  }
  if (read_only_) return s;
  if (chat_cache_.size() >= max_cached_chats) chat_cache_.clear();
  chat_cache_.emplace(key, s);
  return s;
}

void sqlite_store::save_chat(const chat_ref& chat, const chat_settings& s) {
  auto q = statement(save_chat_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, s.lang == language::en ? "en" : "zh");
  q.bind(4, s.time_zone);
  q.exec();
  chat_cache_[cache_key(chat)] = s;
}

std::optional<address> sqlite_store::load_address(const chat_ref& chat,
                                                  const std::string& sender_id) {
  auto q = statement(load_address_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, sender_id);
  if (!q.executeStep()) return std::nullopt;
  return read_address(q, 0);
}

void sqlite_store::save_address(const chat_ref& chat, const std::string& sender_id,
                                const address& a) {
  auto q = statement(save_address_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, sender_id);
  q.bind(4, a.building);
  bind_optional(q, 5, a.unit);
  bind_optional(q, 6, a.room);
  q.exec();
}

std::optional<robot_binding> sqlite_store::load_robot(const chat_ref& chat) {
  auto q = statement(load_robot_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  if (!q.executeStep()) return std::nullopt;
  return robot_binding{q.getColumn(0).getString(), q.getColumn(1).getString(),
                       q.getColumn(2).getInt64()};
}

void sqlite_store::save_robot(const chat_ref& chat, const robot_binding& robot) {
  auto q = statement(save_robot_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, robot.key);
  q.bind(4, robot.bound_by);
  q.bind(5, robot.bound_ms);
  q.exec();
}

void sqlite_store::remove_robot(const chat_ref& chat) {
  auto q = statement(remove_robot_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.exec();
}

}  // namespace linli::storage::sqlite
