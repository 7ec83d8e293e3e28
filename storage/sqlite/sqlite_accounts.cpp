// The SQLite store: dashboard accounts, their chats, sessions and login failures.

#include <array>

#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace linli::storage::sqlite {
namespace {

constexpr std::array<migration, 1> migrations = {{
    {9, R"sql(
CREATE TABLE accounts (
  id             INTEGER PRIMARY KEY,
  name           TEXT    NOT NULL UNIQUE,
  password_hash  TEXT    NOT NULL,
  created_ms     INTEGER NOT NULL
);
CREATE TABLE account_chats (
  account_id  INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  platform    TEXT    NOT NULL,
  chat_id     TEXT    NOT NULL,
  PRIMARY KEY (account_id, seq)
);
CREATE TABLE dash_sessions (
  id_hash     TEXT    PRIMARY KEY,
  account_id  INTEGER NOT NULL,
  csrf_token  TEXT    NOT NULL,
  created_ms  INTEGER NOT NULL,
  expires_ms  INTEGER NOT NULL
);
CREATE INDEX dash_sessions_account ON dash_sessions (account_id);
CREATE TABLE login_failures (
  key    TEXT    NOT NULL,
  at_ms  INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at_ms);
)sql"},
}};

constexpr const char* insert_account_sql =
    "INSERT INTO accounts (name, password_hash, created_ms) VALUES (?, ?, ?) "
    "ON CONFLICT (name) DO NOTHING";
constexpr const char* insert_account_chat_sql =
    "INSERT INTO account_chats (account_id, seq, platform, chat_id) VALUES (?, ?, ?, ?)";
constexpr const char* find_account_sql =
    "SELECT id, name, password_hash, created_ms FROM accounts WHERE name = ?";
constexpr const char* find_account_by_id_sql =
    "SELECT id, name, password_hash, created_ms FROM accounts WHERE id = ?";
constexpr const char* list_accounts_sql =
    "SELECT id, name, password_hash, created_ms FROM accounts ORDER BY name";
constexpr const char* account_chats_sql =
    "SELECT platform, chat_id FROM account_chats WHERE account_id = ? ORDER BY seq";
constexpr const char* delete_account_sql = "DELETE FROM accounts WHERE id = ?";
constexpr const char* delete_account_chats_sql = "DELETE FROM account_chats WHERE account_id = ?";
constexpr const char* delete_account_sessions_sql =
    "DELETE FROM dash_sessions WHERE account_id = ?";
constexpr const char* set_password_sql = "UPDATE accounts SET password_hash = ? WHERE id = ?";

constexpr const char* insert_session_sql =
    "INSERT INTO dash_sessions (id_hash, account_id, csrf_token, created_ms, expires_ms) "
    "VALUES (?, ?, ?, ?, ?)";
constexpr const char* find_session_sql =
    "SELECT id_hash, account_id, csrf_token, created_ms, expires_ms FROM dash_sessions "
    "WHERE id_hash = ? AND expires_ms > ?";
constexpr const char* delete_session_sql = "DELETE FROM dash_sessions WHERE id_hash = ?";
constexpr const char* delete_expired_sessions_sql =
    "DELETE FROM dash_sessions WHERE expires_ms <= ?";

constexpr const char* insert_failure_sql = "INSERT INTO login_failures (key, at_ms) VALUES (?, ?)";
constexpr const char* count_failures_sql =
    "SELECT COUNT(*) FROM login_failures WHERE key = ? AND at_ms >= ?";
constexpr const char* last_failure_sql = "SELECT MAX(at_ms) FROM login_failures WHERE key = ?";
constexpr const char* clear_failures_sql = "DELETE FROM login_failures WHERE key = ?";
constexpr const char* delete_old_failures_sql = "DELETE FROM login_failures WHERE at_ms < ?";

}  // namespace

std::span<const migration> accounts_migrations() {
  return migrations;
}

std::int64_t sqlite_store::insert_account(const account& a) {
  auto q = statement(insert_account_sql);
  q.bind(1, a.name);
  q.bind(2, a.password_hash);
  q.bind(3, a.created_ms);
  if (q.exec() == 0) return 0;
  const std::int64_t id = db_.getLastInsertRowid();
  int seq = 0;
  for (const chat_ref& c : a.chats) {
    auto c_q = statement(insert_account_chat_sql);
    c_q.bind(1, id);
    c_q.bind(2, seq++);
    c_q.bind(3, c.platform);
    c_q.bind(4, c.chat_id);
    c_q.exec();
  }
  return id;
}

std::optional<account> sqlite_store::read_account(query& q) {
  if (!q.executeStep()) return std::nullopt;
  account a;
  a.id = q.getColumn(0).getInt64();
  a.name = q.getColumn(1).getString();
  a.password_hash = q.getColumn(2).getString();
  a.created_ms = q.getColumn(3).getInt64();
  auto c = statement(account_chats_sql);
  c.bind(1, a.id);
  while (c.executeStep())
    a.chats.push_back({c.getColumn(0).getString(), c.getColumn(1).getString()});
  return a;
}

std::optional<account> sqlite_store::find_account(const std::string& name) {
  auto q = statement(find_account_sql);
  q.bind(1, name);
  return read_account(q);
}

std::optional<account> sqlite_store::find_account_by_id(std::int64_t id) {
  auto q = statement(find_account_by_id_sql);
  q.bind(1, id);
  return read_account(q);
}

std::vector<account> sqlite_store::list_accounts() {
  std::vector<std::int64_t> ids;
  {
    auto q = statement(list_accounts_sql);
    while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
  }
  std::vector<account> out;
  for (const std::int64_t id : ids) {
    if (auto a = find_account_by_id(id)) out.push_back(std::move(*a));
  }
  return out;
}

bool sqlite_store::remove_account(const std::string& name) {
  const auto a = find_account(name);
  if (!a) return false;
  for (const char* sql :
       {delete_account_sessions_sql, delete_account_chats_sql, delete_account_sql}) {
    auto q = statement(sql);
    q.bind(1, a->id);
    q.exec();
  }
  return true;
}

bool sqlite_store::set_password(const std::string& name, const std::string& password_hash) {
  const auto a = find_account(name);
  if (!a) return false;
  {
    auto q = statement(set_password_sql);
    q.bind(1, password_hash);
    q.bind(2, a->id);
    q.exec();
  }
  auto q = statement(delete_account_sessions_sql);
  q.bind(1, a->id);
  q.exec();
  return true;
}

void sqlite_store::insert_session(const dash_session& s) {
  auto q = statement(insert_session_sql);
  q.bind(1, s.id_hash);
  q.bind(2, s.account_id);
  q.bind(3, s.csrf_token);
  q.bind(4, s.created_ms);
  q.bind(5, s.expires_ms);
  q.exec();
}

std::optional<dash_session> sqlite_store::find_session(const std::string& id_hash,
                                                       std::int64_t now_ms) {
  auto q = statement(find_session_sql);
  q.bind(1, id_hash);
  q.bind(2, now_ms);
  if (!q.executeStep()) return std::nullopt;
  return dash_session{.id_hash = q.getColumn(0).getString(),
                      .account_id = q.getColumn(1).getInt64(),
                      .csrf_token = q.getColumn(2).getString(),
                      .created_ms = q.getColumn(3).getInt64(),
                      .expires_ms = q.getColumn(4).getInt64()};
}

void sqlite_store::delete_session(const std::string& id_hash) {
  auto q = statement(delete_session_sql);
  q.bind(1, id_hash);
  q.exec();
}

int sqlite_store::delete_expired_sessions(std::int64_t now_ms) {
  auto q = statement(delete_expired_sessions_sql);
  q.bind(1, now_ms);
  return q.exec();
}

void sqlite_store::record_login_failure(const std::string& key, std::int64_t at_ms) {
  auto q = statement(insert_failure_sql);
  q.bind(1, key);
  q.bind(2, at_ms);
  q.exec();
}

int sqlite_store::login_failures_since(const std::string& key, std::int64_t since_ms) {
  auto q = statement(count_failures_sql);
  q.bind(1, key);
  q.bind(2, since_ms);
  q.executeStep();
  return q.getColumn(0).getInt();
}

std::optional<std::int64_t> sqlite_store::last_login_failure(const std::string& key) {
  auto q = statement(last_failure_sql);
  q.bind(1, key);
  q.executeStep();
  return optional_int(q.getColumn(0));
}

void sqlite_store::clear_login_failures(const std::string& key) {
  auto q = statement(clear_failures_sql);
  q.bind(1, key);
  q.exec();
}

void sqlite_store::delete_login_failures_before(std::int64_t before_ms) {
  auto q = statement(delete_old_failures_sql);
  q.bind(1, before_ms);
  q.exec();
}

}  // namespace linli::storage::sqlite
