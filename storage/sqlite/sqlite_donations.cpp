// The SQLite store: donation drives and their donations.

#include <array>

#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace linli::storage::sqlite {
namespace {

constexpr std::array<migration, 1> migrations = {{
    {4, R"sql(
CREATE TABLE donation_drives (
  id          INTEGER PRIMARY KEY,
  platform    TEXT    NOT NULL,
  chat_id     TEXT    NOT NULL,
  title       TEXT    NOT NULL,
  goal_cents  INTEGER NOT NULL,
  opened_ms   INTEGER NOT NULL
);
CREATE INDEX donation_drives_by_chat ON donation_drives (platform, chat_id, id);
CREATE TABLE donations (
  id           INTEGER PRIMARY KEY,
  drive_id     INTEGER NOT NULL REFERENCES donation_drives (id),
  sender_id    TEXT    NOT NULL,
  sender_name  TEXT    NOT NULL,
  cents        INTEGER NOT NULL,
  at_ms        INTEGER NOT NULL,
  message_id   TEXT    NOT NULL
);
CREATE INDEX donations_by_drive ON donations (drive_id, id);
)sql"},
}};

constexpr const char* current_drive_sql =
    "SELECT id, title, goal_cents, opened_ms FROM donation_drives WHERE platform = ? AND "
    "chat_id = ? ORDER BY id DESC LIMIT 1";

constexpr const char* insert_drive_sql =
    "INSERT INTO donation_drives (platform, chat_id, title, goal_cents, opened_ms) "
    "VALUES (?, ?, ?, ?, ?)";

constexpr const char* add_donation_sql =
    "INSERT INTO donations (drive_id, sender_id, sender_name, cents, at_ms, message_id) "
    "VALUES (?, ?, ?, ?, ?, ?)";

constexpr const char* donations_sql =
    "SELECT sender_id, sender_name, cents, at_ms, message_id FROM donations WHERE drive_id = ? "
    "ORDER BY id";

}  // namespace

std::span<const migration> donations_migrations() {
  return migrations;
}

std::optional<donation_drive> sqlite_store::current_drive(const chat_ref& chat) {
  auto q = statement(current_drive_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  if (!q.executeStep()) return std::nullopt;
  return donation_drive{q.getColumn(0).getInt64(), chat, q.getColumn(1).getString(),
                        q.getColumn(2).getInt64(), q.getColumn(3).getInt64()};
}

std::int64_t sqlite_store::insert_drive(const donation_drive& d) {
  auto q = statement(insert_drive_sql);
  q.bind(1, d.chat.platform);
  q.bind(2, d.chat.chat_id);
  q.bind(3, d.title);
  q.bind(4, static_cast<int64_t>(d.goal_cents));
  q.bind(5, static_cast<int64_t>(d.opened_ms));
  q.exec();
  return db_.getLastInsertRowid();
}

void sqlite_store::add_donation(std::int64_t drive_id, const donation& d) {
  auto q = statement(add_donation_sql);
  q.bind(1, static_cast<int64_t>(drive_id));
  q.bind(2, d.sender_id);
  q.bind(3, d.sender_name);
  q.bind(4, static_cast<int64_t>(d.cents));
  q.bind(5, static_cast<int64_t>(d.at_ms));
  q.bind(6, d.message_id);
  q.exec();
}

std::vector<donation> sqlite_store::donations(std::int64_t drive_id) {
  auto q = statement(donations_sql);
  q.bind(1, static_cast<int64_t>(drive_id));
  std::vector<donation> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                   q.getColumn(2).getInt64(), q.getColumn(3).getInt64(),
                   q.getColumn(4).getString()});
  }
  return out;
}

}  // namespace linli::storage::sqlite
