// The PostgreSQL store: donation drives and their donations.

#include <array>

#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_store.hpp"

namespace linli::storage::postgres {
namespace {

constexpr std::array<migration, 1> migrations = {{
    {4, R"sql(
CREATE TABLE donation_drives (
  platform    text    NOT NULL,
  chat_id     text    NOT NULL,
  id          bigint  GENERATED ALWAYS AS IDENTITY,
  title       text    NOT NULL,
  goal_cents  bigint  NOT NULL,
  opened_ms   bigint  NOT NULL,
  PRIMARY KEY (platform, chat_id, id)
);
CREATE INDEX donation_drives_by_id ON donation_drives (id);
CREATE TABLE donations (
  platform     text    NOT NULL,
  chat_id      text    NOT NULL,
  drive_id     bigint  NOT NULL,
  id           bigint  GENERATED ALWAYS AS IDENTITY,
  sender_id    text    NOT NULL,
  sender_name  text    NOT NULL,
  cents        bigint  NOT NULL,
  at_ms        bigint  NOT NULL,
  message_id   text    NOT NULL,
  PRIMARY KEY (platform, chat_id, drive_id, id),
  FOREIGN KEY (platform, chat_id, drive_id) REFERENCES donation_drives (platform, chat_id, id)
);
CREATE INDEX donations_by_drive ON donations (drive_id, id);
)sql"},
}};

constexpr const char* current_drive_sql =
    "SELECT id, title, goal_cents, opened_ms FROM donation_drives WHERE platform = $1 AND "
    "chat_id = $2 ORDER BY id DESC LIMIT 1";

constexpr const char* insert_drive_sql =
    "INSERT INTO donation_drives (platform, chat_id, title, goal_cents, opened_ms) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id";

// The donation takes its chat from its drive, in the same statement.
constexpr const char* add_donation_sql =
    "INSERT INTO donations (platform, chat_id, drive_id, sender_id, sender_name, cents, at_ms, "
    "message_id) SELECT platform, chat_id, id, $2::text, $3::text, $4::bigint, $5::bigint, "
    "$6::text FROM donation_drives WHERE id = $1";

constexpr const char* donations_sql =
    "SELECT sender_id, sender_name, cents, at_ms, message_id FROM donations WHERE drive_id = $1 "
    "ORDER BY id";

}  // namespace

std::span<const migration> donations_migrations() {
  return migrations;
}

std::optional<donation_drive> pg_store::current_drive(const chat_ref& chat) {
  const auto q = db_.query(current_drive_sql, params().text(chat.platform).text(chat.chat_id));
  if (q.empty()) return std::nullopt;
  return donation_drive{q.int64(0, 0), chat, q.text(0, 1), q.int64(0, 2), q.int64(0, 3)};
}

std::int64_t pg_store::insert_drive(const donation_drive& d) {
  params p;
  p.text(d.chat.platform).text(d.chat.chat_id).text(d.title).integer(d.goal_cents);
  p.integer(d.opened_ms);
  return db_.query(insert_drive_sql, p).int64(0, 0);
}

void pg_store::add_donation(std::int64_t drive_id, const donation& d) {
  params p;
  p.integer(drive_id).text(d.sender_id).text(d.sender_name).integer(d.cents).integer(d.at_ms);
  p.text(d.message_id);
  db_.query(add_donation_sql, p);
}

std::vector<donation> pg_store::donations(std::int64_t drive_id) {
  const auto q = db_.query(donations_sql, params().integer(drive_id));
  std::vector<donation> out;
  for (int row = 0; row < q.rows(); ++row) {
    out.push_back(
        {q.text(row, 0), q.text(row, 1), q.int64(row, 2), q.int64(row, 3), q.text(row, 4)});
  }
  return out;
}

}  // namespace linli::storage::postgres
