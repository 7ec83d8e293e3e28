// The SQLite store: the outbox of messages the bot sends on its own.

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "storage/sqlite/sqlite_deflated.hpp"
#include "storage/sqlite/sqlite_plans.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace linli::storage::sqlite {
namespace {

constexpr std::array<migration, 4> migrations = {{
    {6, R"sql(
CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  platform         TEXT    NOT NULL,
  chat_id          TEXT    NOT NULL,
  text             TEXT    NOT NULL,
  state            TEXT    NOT NULL,  -- pending | sent | failed
  attempts         INTEGER NOT NULL,
  created_ms       INTEGER NOT NULL,
  next_attempt_ms  INTEGER NOT NULL,
  sent_ms          INTEGER,
  last_error       TEXT    NOT NULL
);
CREATE INDEX outbox_pending ON outbox (id) WHERE state = 'pending';
)sql"},
    {7, R"sql(
ALTER TABLE outbox ADD COLUMN route TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN reply_to TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
)sql"},
    {14, R"sql(
ALTER TABLE outbox ADD COLUMN leased_by TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN lease_until_ms INTEGER NOT NULL DEFAULT 0;
)sql"},
    // claim_outbound seeks the platforms an instance can send; messages to one it cannot (no
    // credentials, a WeCom chat without a robot) may pile up without slowing it.
    {15, R"sql(
CREATE INDEX outbox_pending_by_platform ON outbox (platform, id) WHERE state = 'pending';
CREATE INDEX outbox_pending_by_chat ON outbox (platform, chat_id) WHERE state = 'pending';
)sql"},
}};

constexpr const char* insert_outbound_sql =
    "INSERT INTO outbox (platform, chat_id, text, state, attempts, created_ms, next_attempt_ms, "
    "sent_ms, last_error, route, reply_to, parts_sent, leased_by, lease_until_ms) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

#define LINLI_OUTBOX_COLUMNS                                                             \
  "id, platform, chat_id, text, state, attempts, created_ms, next_attempt_ms, sent_ms, " \
  "last_error, route, reply_to, parts_sent, leased_by, lease_until_ms "

constexpr const char* pending_outbound_sql =
    "SELECT " LINLI_OUTBOX_COLUMNS "FROM outbox WHERE state = 'pending' ORDER BY id";

constexpr const char* find_outbound_sql = "SELECT " LINLI_OUTBOX_COLUMNS "FROM outbox WHERE id = ?";

// As PostgreSQL's, without the row locks: one writer at a time. ?1 instance, ?2 now, ?3 until,
// ?4 limit; the second form only messages to platform ?5.
#define LINLI_CLAIM_SQL(platform_filter)                                                      \
  "UPDATE outbox SET leased_by = ?1, lease_until_ms = ?3 WHERE id IN (SELECT id FROM outbox " \
  "WHERE state = 'pending' " platform_filter                                                  \
  "AND next_attempt_ms <= ?2 AND (leased_by = '' OR lease_until_ms <= ?2) "                   \
  "ORDER BY id LIMIT ?4) RETURNING " LINLI_OUTBOX_COLUMNS
constexpr const char* claim_outbound_sql = LINLI_CLAIM_SQL("");
constexpr const char* claim_platform_outbound_sql = LINLI_CLAIM_SQL("AND platform = ?5 ");
#undef LINLI_CLAIM_SQL
#undef LINLI_OUTBOX_COLUMNS

// ?3: the ids as a JSON array.
constexpr const char* renew_leases_sql =
    "UPDATE outbox SET lease_until_ms = ?1 WHERE leased_by = ?2 AND state = 'pending' AND id IN "
    "(SELECT value FROM json_each(?3)) RETURNING id";

constexpr const char* count_pending_sql =
    "SELECT count(*) FROM outbox WHERE platform = ? AND chat_id = ? AND state = 'pending'";

constexpr const char* release_leases_sql =
    "UPDATE outbox SET leased_by = '', lease_until_ms = 0 WHERE leased_by = ? AND state = "
    "'pending'";

constexpr const char* update_outbound_sql =
    "UPDATE outbox SET state = ?1, attempts = ?2, next_attempt_ms = ?3, sent_ms = ?4, "
    "last_error = ?5, parts_sent = ?6, "
    "leased_by = CASE WHEN ?1 = 'pending' THEN leased_by ELSE '' END, "
    "lease_until_ms = CASE WHEN ?1 = 'pending' THEN lease_until_ms ELSE 0 END WHERE id = ?7";

outbound_message read_outbound(query& q) {
  outbound_message m;
  m.id = q.getColumn(0).getInt64();
  m.chat = {q.getColumn(1).getString(), q.getColumn(2).getString()};
  m.text = inflated(q.getColumn(3));
  m.state = outbound_state_from(q.getColumn(4).getString());
  m.attempts = q.getColumn(5).getInt();
  m.created_ms = q.getColumn(6).getInt64();
  m.next_attempt_ms = q.getColumn(7).getInt64();
  m.sent_ms = optional_int(q.getColumn(8));
  m.last_error = q.getColumn(9).getString();
  m.route = q.getColumn(10).getString();
  m.reply_to = q.getColumn(11).getString();
  m.parts_sent = q.getColumn(12).getInt();
  m.leased_by = q.getColumn(13).getString();
  m.lease_until_ms = q.getColumn(14).getInt64();
  return m;
}

}  // namespace

namespace plans {
const char* const claim_outbound = claim_platform_outbound_sql;
const char* const renew_leases = renew_leases_sql;
const char* const count_pending_outbound = count_pending_sql;
}  // namespace plans

std::span<const migration> outbox_migrations() {
  return migrations;
}

std::int64_t sqlite_store::insert_outbound(const outbound_message& m) {
  auto q = statement(insert_outbound_sql);
  q.bind(1, m.chat.platform);
  q.bind(2, m.chat.chat_id);
  bind_deflated(q, 3, m.text);
  q.bind(4, std::string(to_string(m.state)));
  q.bind(5, m.attempts);
  q.bind(6, static_cast<int64_t>(m.created_ms));
  q.bind(7, static_cast<int64_t>(m.next_attempt_ms));
  bind_optional<int64_t>(q, 8, m.sent_ms);
  q.bind(9, m.last_error);
  q.bind(10, m.route);
  q.bind(11, m.reply_to);
  q.bind(12, m.parts_sent);
  q.bind(13, m.leased_by);
  q.bind(14, static_cast<int64_t>(m.lease_until_ms));
  q.exec();
  return db_.getLastInsertRowid();
}

std::vector<outbound_message> sqlite_store::pending_outbound() {
  auto q = statement(pending_outbound_sql);
  std::vector<outbound_message> out;
  while (q.executeStep()) out.push_back(read_outbound(q));
  return out;
}

std::optional<outbound_message> sqlite_store::find_outbound(std::int64_t id) {
  auto q = statement(find_outbound_sql);
  q.bind(1, static_cast<int64_t>(id));
  if (!q.executeStep()) return std::nullopt;
  return read_outbound(q);
}

void sqlite_store::update_outbound(const outbound_message& m) {
  auto q = statement(update_outbound_sql);
  q.bind(1, std::string(to_string(m.state)));
  q.bind(2, m.attempts);
  q.bind(3, static_cast<int64_t>(m.next_attempt_ms));
  bind_optional<int64_t>(q, 4, m.sent_ms);
  q.bind(5, m.last_error);
  q.bind(6, m.parts_sent);
  q.bind(7, static_cast<int64_t>(m.id));
  q.exec();
}

std::vector<outbound_message> sqlite_store::claim_outbound(std::string_view instance,
                                                           std::int64_t now_ms,
                                                           std::int64_t until_ms, int limit,
                                                           std::string_view platform) {
  auto q = statement(platform.empty() ? claim_outbound_sql : claim_platform_outbound_sql);
  q.bind(1, std::string(instance));
  q.bind(2, static_cast<int64_t>(now_ms));
  q.bind(3, static_cast<int64_t>(until_ms));
  q.bind(4, limit);
  if (!platform.empty()) q.bind(5, std::string(platform));
  std::vector<outbound_message> out;
  while (q.executeStep()) out.push_back(read_outbound(q));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;  // RETURNING keeps no order
}

std::vector<std::int64_t> sqlite_store::renew_leases(std::string_view instance,
                                                     std::int64_t until_ms,
                                                     std::span<const std::int64_t> ids) {
  if (ids.empty()) return {};
  auto q = statement(renew_leases_sql);
  q.bind(1, static_cast<int64_t>(until_ms));
  q.bind(2, std::string(instance));
  q.bind(3, nlohmann::json(ids).dump());
  std::vector<std::int64_t> held;
  while (q.executeStep()) held.push_back(q.getColumn(0).getInt64());
  return held;
}

std::int64_t sqlite_store::count_pending_outbound(const chat_ref& chat) {
  auto q = statement(count_pending_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

void sqlite_store::release_leases(std::string_view instance) {
  auto q = statement(release_leases_sql);
  q.bind(1, std::string(instance));
  q.exec();
}

}  // namespace linli::storage::sqlite
