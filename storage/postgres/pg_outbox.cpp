// The PostgreSQL store: the outbox of messages the bot sends on its own.

#include <algorithm>
#include <array>

#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_store.hpp"

namespace linli::storage::postgres {
namespace {

constexpr std::array<migration, 4> migrations = {{
    {6, R"sql(
CREATE TABLE outbox (
  platform         text    NOT NULL,
  chat_id          text    NOT NULL,
  id               bigint  GENERATED ALWAYS AS IDENTITY,
  text             text    NOT NULL,
  state            text    NOT NULL,  -- pending | sent | failed
  attempts         integer NOT NULL,
  created_ms       bigint  NOT NULL,
  next_attempt_ms  bigint  NOT NULL,
  sent_ms          bigint,
  last_error       text    NOT NULL,
  PRIMARY KEY (platform, chat_id, id)
);
CREATE INDEX outbox_by_id ON outbox (id);
CREATE INDEX outbox_pending ON outbox (id) WHERE state = 'pending';
)sql"},
    {7, R"sql(
ALTER TABLE outbox ADD COLUMN route text NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN reply_to text NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN parts_sent integer NOT NULL DEFAULT 0;
)sql"},
    {14, R"sql(
ALTER TABLE outbox ADD COLUMN leased_by text NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN lease_until_ms bigint NOT NULL DEFAULT 0;
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
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id";

#define LINLI_OUTBOX_COLUMNS                                                             \
  "id, platform, chat_id, text, state, attempts, created_ms, next_attempt_ms, sent_ms, " \
  "last_error, route, reply_to, parts_sent, leased_by, lease_until_ms "

constexpr const char* pending_outbound_sql =
    "SELECT " LINLI_OUTBOX_COLUMNS "FROM outbox WHERE state = 'pending' ORDER BY id";

constexpr const char* find_outbound_sql =
    "SELECT " LINLI_OUTBOX_COLUMNS "FROM outbox WHERE id = $1";

// One round trip: the due rows no one holds are locked (skipping those another instance is
// claiming right now) and leased in the same statement. $1 instance, $2 now, $3 until, $4 limit;
// the second form only messages to platform $5.
#define LINLI_CLAIM_SQL(platform_filter)                                                  \
  "UPDATE outbox o SET leased_by = $1, lease_until_ms = $3 "                              \
  "FROM (SELECT platform AS due_platform, chat_id AS due_chat, id AS due_id FROM outbox " \
  "WHERE state = 'pending' " platform_filter                                              \
  "AND next_attempt_ms <= $2 AND (leased_by = '' OR lease_until_ms <= $2) "               \
  "ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED) due "                                     \
  "WHERE o.platform = due_platform AND o.chat_id = due_chat AND o.id = due_id "           \
  "RETURNING " LINLI_OUTBOX_COLUMNS
constexpr const char* claim_outbound_sql = LINLI_CLAIM_SQL("");
constexpr const char* claim_platform_outbound_sql = LINLI_CLAIM_SQL("AND platform = $5 ");
#undef LINLI_CLAIM_SQL
#undef LINLI_OUTBOX_COLUMNS

// $3: the ids as an array literal ({1,2,3}).
constexpr const char* renew_leases_sql =
    "UPDATE outbox SET lease_until_ms = $2 WHERE leased_by = $1 AND state = 'pending' "
    "AND id = ANY($3::bigint[]) RETURNING id";

constexpr const char* count_pending_sql =
    "SELECT count(*) FROM outbox WHERE platform = $1 AND chat_id = $2 AND state = 'pending'";

// Messages freed are claimable at once: the other instances' claimers hear of it (channel
// outbox_channel, storage/outbox.hpp) rather than at their next round.
constexpr const char* release_leases_sql =
    "WITH freed AS (UPDATE outbox SET leased_by = '', lease_until_ms = 0 WHERE leased_by = $1 "
    "AND state = 'pending' RETURNING 1) "
    "SELECT pg_notify('" LINLI_OUTBOX_CHANNEL "', count(*)::text) FROM freed HAVING count(*) > 0";

constexpr const char* update_outbound_sql =
    "UPDATE outbox SET state = $2, attempts = $3, next_attempt_ms = $4, sent_ms = $5, "
    "last_error = $6, parts_sent = $7, "
    "leased_by = CASE WHEN $2 = 'pending' THEN leased_by ELSE '' END, "
    "lease_until_ms = CASE WHEN $2 = 'pending' THEN lease_until_ms ELSE 0 END WHERE id = $1";

outbound_message read_outbound(const result& q, int row) {
  outbound_message m;
  m.id = q.int64(row, 0);
  m.chat = {q.text(row, 1), q.text(row, 2)};
  m.text = q.text(row, 3);
  m.state = outbound_state_from(q.view(row, 4));
  m.attempts = q.int32(row, 5);
  m.created_ms = q.int64(row, 6);
  m.next_attempt_ms = q.int64(row, 7);
  m.sent_ms = q.optional_int(row, 8);
  m.last_error = q.text(row, 9);
  m.route = q.text(row, 10);
  m.reply_to = q.text(row, 11);
  m.parts_sent = q.int32(row, 12);
  m.leased_by = q.text(row, 13);
  m.lease_until_ms = q.int64(row, 14);
  return m;
}

std::vector<outbound_message> read_all(const result& q) {
  std::vector<outbound_message> out;
  out.reserve(static_cast<std::size_t>(q.rows()));
  for (int row = 0; row < q.rows(); ++row) out.push_back(read_outbound(q, row));
  return out;
}

}  // namespace

std::span<const migration> outbox_migrations() {
  return migrations;
}

std::int64_t pg_store::insert_outbound(const outbound_message& m) {
  params p;
  p.text(m.chat.platform).text(m.chat.chat_id).text(m.text).text(to_string(m.state));
  p.integer(std::int64_t{m.attempts}).integer(m.created_ms).integer(m.next_attempt_ms);
  p.integer(m.sent_ms).text(m.last_error).text(m.route).text(m.reply_to);
  p.integer(std::int64_t{m.parts_sent}).text(m.leased_by).integer(m.lease_until_ms);
  return db_.query(insert_outbound_sql, p).int64(0, 0);
}

std::vector<outbound_message> pg_store::pending_outbound() {
  return read_all(db_.query(pending_outbound_sql));
}

std::optional<outbound_message> pg_store::find_outbound(std::int64_t id) {
  const auto q = db_.query(find_outbound_sql, params().integer(id));
  if (q.empty()) return std::nullopt;
  return read_outbound(q, 0);
}

void pg_store::update_outbound(const outbound_message& m) {
  params p;
  p.integer(m.id).text(to_string(m.state)).integer(std::int64_t{m.attempts});
  p.integer(m.next_attempt_ms).integer(m.sent_ms).text(m.last_error);
  p.integer(std::int64_t{m.parts_sent});
  db_.query(update_outbound_sql, p);
}

std::vector<outbound_message> pg_store::claim_outbound(std::string_view instance,
                                                       std::int64_t now_ms, std::int64_t until_ms,
                                                       int limit, std::string_view platform) {
  params p;
  p.text(instance).integer(now_ms).integer(until_ms).integer(std::int64_t{limit});
  if (!platform.empty()) p.text(platform);
  auto out =
      read_all(db_.query(platform.empty() ? claim_outbound_sql : claim_platform_outbound_sql, p));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;  // RETURNING keeps no order
}

std::vector<std::int64_t> pg_store::renew_leases(std::string_view instance, std::int64_t until_ms,
                                                 std::span<const std::int64_t> ids) {
  if (ids.empty()) return {};
  const auto q =
      db_.query(renew_leases_sql, params().text(instance).integer(until_ms).integers(ids));
  std::vector<std::int64_t> held;
  held.reserve(static_cast<std::size_t>(q.rows()));
  for (int row = 0; row < q.rows(); ++row) held.push_back(q.int64(row, 0));
  return held;
}

std::int64_t pg_store::count_pending_outbound(const chat_ref& chat) {
  const auto q = db_.query(count_pending_sql, params().text(chat.platform).text(chat.chat_id));
  return q.int64(0, 0);
}

void pg_store::release_leases(std::string_view instance) {
  db_.query(release_leases_sql, params().text(instance));
}

}  // namespace linli::storage::postgres
