// The PostgreSQL store: dashboard accounts, their chats, sessions and login failures.
// These tables are not per chat (an account may see several chats), so they are keyed by their
// own ids — account_chats by account — and kept whole on every node if the store is ever
// distributed (Citus reference tables). Each write is one statement, so a concurrent reader
// never sees an account without its chats or a new password beside an old session.

#include <array>
#include <utility>

#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_store.hpp"

namespace linli::storage::postgres {
namespace {

constexpr std::array<migration, 1> migrations = {{
    {9, R"sql(
CREATE TABLE accounts (
  id             bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name           text    NOT NULL UNIQUE,
  password_hash  text    NOT NULL,
  created_ms     bigint  NOT NULL
);
CREATE TABLE account_chats (
  account_id  bigint   NOT NULL,
  seq         integer  NOT NULL,
  platform    text     NOT NULL,
  chat_id     text     NOT NULL,
  PRIMARY KEY (account_id, seq)
);
CREATE TABLE dash_sessions (
  id_hash     text    PRIMARY KEY,
  account_id  bigint  NOT NULL,
  csrf_token  text    NOT NULL,
  created_ms  bigint  NOT NULL,
  expires_ms  bigint  NOT NULL
);
CREATE INDEX dash_sessions_account ON dash_sessions (account_id);
CREATE INDEX dash_sessions_expiry ON dash_sessions (expires_ms);
CREATE TABLE login_failures (
  key    text    NOT NULL,
  at_ms  bigint  NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at_ms);
CREATE INDEX login_failures_at ON login_failures (at_ms);
)sql"},
}};

// $4, $5: the chats' platforms and chat ids as JSON arrays of one length, in the order given.
constexpr const char* insert_account_sql =
    "WITH a AS (INSERT INTO accounts (name, password_hash, created_ms) VALUES ($1, $2, $3) "
    "ON CONFLICT (name) DO NOTHING RETURNING id), "
    "c AS (INSERT INTO account_chats (account_id, seq, platform, chat_id) "
    "SELECT a.id, t.ord - 1, t.platform, t.chat_id FROM a, "
    "ROWS FROM (jsonb_array_elements_text($4::jsonb), jsonb_array_elements_text($5::jsonb)) "
    "WITH ORDINALITY AS t (platform, chat_id, ord)) "
    "SELECT id FROM a";

// One row per chat (platform NULL for an account without chats), accounts in `order`.
#define LINLI_ACCOUNT_ROWS                                                                     \
  "SELECT a.id, a.name, a.password_hash, a.created_ms, c.platform, c.chat_id FROM accounts a " \
  "LEFT JOIN account_chats c ON c.account_id = a.id "

constexpr const char* find_account_sql = LINLI_ACCOUNT_ROWS "WHERE a.name = $1 ORDER BY c.seq";
constexpr const char* find_account_by_id_sql = LINLI_ACCOUNT_ROWS "WHERE a.id = $1 ORDER BY c.seq";
constexpr const char* list_accounts_sql = LINLI_ACCOUNT_ROWS "ORDER BY a.name, a.id, c.seq";
#undef LINLI_ACCOUNT_ROWS

constexpr const char* remove_account_sql =
    "WITH a AS (DELETE FROM accounts WHERE name = $1 RETURNING id), "
    "c AS (DELETE FROM account_chats WHERE account_id IN (SELECT id FROM a)), "
    "s AS (DELETE FROM dash_sessions WHERE account_id IN (SELECT id FROM a)) "
    "SELECT count(*) FROM a";

constexpr const char* set_password_sql =
    "WITH a AS (UPDATE accounts SET password_hash = $2 WHERE name = $1 RETURNING id), "
    "s AS (DELETE FROM dash_sessions WHERE account_id IN (SELECT id FROM a)) "
    "SELECT count(*) FROM a";

constexpr const char* insert_session_sql =
    "INSERT INTO dash_sessions (id_hash, account_id, csrf_token, created_ms, expires_ms) "
    "VALUES ($1, $2, $3, $4, $5)";
constexpr const char* find_session_sql =
    "SELECT id_hash, account_id, csrf_token, created_ms, expires_ms FROM dash_sessions "
    "WHERE id_hash = $1 AND expires_ms > $2";
constexpr const char* delete_session_sql = "DELETE FROM dash_sessions WHERE id_hash = $1";
constexpr const char* delete_expired_sessions_sql =
    "WITH d AS (DELETE FROM dash_sessions WHERE expires_ms <= $1 RETURNING 1) "
    "SELECT count(*) FROM d";

constexpr const char* insert_failure_sql =
    "INSERT INTO login_failures (key, at_ms) VALUES ($1, $2)";
constexpr const char* count_failures_sql =
    "SELECT count(*) FROM login_failures WHERE key = $1 AND at_ms >= $2";
constexpr const char* last_failure_sql = "SELECT max(at_ms) FROM login_failures WHERE key = $1";
constexpr const char* clear_failures_sql = "DELETE FROM login_failures WHERE key = $1";
constexpr const char* delete_old_failures_sql = "DELETE FROM login_failures WHERE at_ms < $1";

// The accounts in `r` (rows of one account adjacent, its chats in order).
std::vector<account> read_accounts(const result& r) {
  std::vector<account> out;
  for (int row = 0; row < r.rows(); ++row) {
    const std::int64_t id = r.int64(row, 0);
    if (out.empty() || out.back().id != id) {
      account a;
      a.id = id;
      a.name = r.text(row, 1);
      a.password_hash = r.text(row, 2);
      a.created_ms = r.int64(row, 3);
      out.push_back(std::move(a));
    }
    if (!r.null(row, 4)) out.back().chats.push_back({r.text(row, 4), r.text(row, 5)});
  }
  return out;
}

std::optional<account> first_account(const result& r) {
  auto all = read_accounts(r);
  if (all.empty()) return std::nullopt;
  return std::move(all.front());
}

}  // namespace

std::span<const migration> accounts_migrations() {
  return migrations;
}

std::int64_t pg_store::insert_account(const account& a) {
  std::vector<std::string> platforms;
  std::vector<std::string> chat_ids;
  for (const chat_ref& c : a.chats) {
    platforms.push_back(c.platform);
    chat_ids.push_back(c.chat_id);
  }
  params p;
  p.text(a.name).text(a.password_hash).integer(a.created_ms);
  p.text(encode_lines(platforms)).text(encode_lines(chat_ids));
  const auto r = db_.query(insert_account_sql, p);
  return r.empty() ? 0 : r.int64(0, 0);
}

std::optional<account> pg_store::find_account(const std::string& name) {
  return first_account(db_.query(find_account_sql, params().text(name)));
}

std::optional<account> pg_store::find_account_by_id(std::int64_t id) {
  return first_account(db_.query(find_account_by_id_sql, params().integer(id)));
}

std::vector<account> pg_store::list_accounts() {
  return read_accounts(db_.query(list_accounts_sql));
}

bool pg_store::remove_account(const std::string& name) {
  return db_.query(remove_account_sql, params().text(name)).int64(0, 0) > 0;
}

bool pg_store::set_password(const std::string& name, const std::string& password_hash) {
  return db_.query(set_password_sql, params().text(name).text(password_hash)).int64(0, 0) > 0;
}

void pg_store::insert_session(const dash_session& s) {
  params p;
  p.text(s.id_hash).integer(s.account_id).text(s.csrf_token);
  p.integer(s.created_ms).integer(s.expires_ms);
  db_.query(insert_session_sql, p);
}

std::optional<dash_session> pg_store::find_session(const std::string& id_hash,
                                                   std::int64_t now_ms) {
  const auto r = db_.query(find_session_sql, params().text(id_hash).integer(now_ms));
  if (r.empty()) return std::nullopt;
  return dash_session{.id_hash = r.text(0, 0),
                      .account_id = r.int64(0, 1),
                      .csrf_token = r.text(0, 2),
                      .created_ms = r.int64(0, 3),
                      .expires_ms = r.int64(0, 4)};
}

void pg_store::delete_session(const std::string& id_hash) {
  db_.query(delete_session_sql, params().text(id_hash));
}

int pg_store::delete_expired_sessions(std::int64_t now_ms) {
  return db_.query(delete_expired_sessions_sql, params().integer(now_ms)).int32(0, 0);
}

void pg_store::record_login_failure(const std::string& key, std::int64_t at_ms) {
  db_.query(insert_failure_sql, params().text(key).integer(at_ms));
}

int pg_store::login_failures_since(const std::string& key, std::int64_t since_ms) {
  return db_.query(count_failures_sql, params().text(key).integer(since_ms)).int32(0, 0);
}

std::optional<std::int64_t> pg_store::last_login_failure(const std::string& key) {
  return db_.query(last_failure_sql, params().text(key)).optional_int(0, 0);
}

void pg_store::clear_login_failures(const std::string& key) {
  db_.query(clear_failures_sql, params().text(key));
}

void pg_store::delete_login_failures_before(std::int64_t before_ms) {
  db_.query(delete_old_failures_sql, params().integer(before_ms));
}

}  // namespace linli::storage::postgres
