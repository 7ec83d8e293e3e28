// The SQLite store: the audit trail, and the erasure of personal data.

#include <array>

#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace linli::storage::sqlite {
namespace {

constexpr std::array<migration, 1> migrations = {{
    {11, R"sql(
CREATE TABLE audit (
  seq         INTEGER PRIMARY KEY,
  platform    TEXT    NOT NULL,  -- '*' with chat_id '*': the whole deployment
  chat_id     TEXT    NOT NULL,
  actor_id    TEXT    NOT NULL,
  actor_name  TEXT    NOT NULL,
  action      TEXT    NOT NULL,
  target      TEXT    NOT NULL,
  rows        INTEGER NOT NULL,
  at_ms       INTEGER NOT NULL
);
CREATE INDEX audit_by_chat ON audit (platform, chat_id, seq);
)sql"},
}};

constexpr const char* insert_audit_sql =
    "INSERT INTO audit (platform, chat_id, actor_id, actor_name, action, target, rows, at_ms) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

constexpr const char* list_audit_sql =
    "SELECT seq, platform, chat_id, actor_id, actor_name, action, target, rows, at_ms FROM audit "
    "WHERE ((platform = ?1 AND chat_id = ?2) OR (platform = '*' AND chat_id = '*')) "
    "AND (?3 = 0 OR seq < ?3) ORDER BY seq DESC LIMIT ?4";

// One sender's personal fields in one chat (?1 platform, ?2 chat, ?3 sender). Each statement
// changes only rows not yet erased, so its count is what this erasure did.
constexpr const char* erase_sender_messages_sql =
    "UPDATE inbox SET text = '', sender_name = '', replies = '[]' "
    "WHERE chat = " LINLI_CHAT_REF_ID
    " AND sender_id = ?3 AND (text <> '' OR sender_name <> '' OR replies <> '[]')";
constexpr const char* erase_sender_requests_sql =
    "UPDATE requests SET requester_name = '', unit = NULL, room = NULL, text = '' "
    "WHERE chat = " LINLI_CHAT_REF_ID
    " AND requester_id = ?3 AND "
    "(requester_name <> '' OR unit IS NOT NULL OR room IS NOT NULL OR text <> '')";
constexpr const char* erase_sender_entries_sql =
    "UPDATE chain_entries SET content = '', key = '', name = '', detail = '', sender_name = '', "
    "registered_by = CASE WHEN registered_by IS NULL THEN NULL ELSE '' END, "
    "state = CASE WHEN state = 'active' THEN 'left' ELSE state END "
    "WHERE chain_id IN (SELECT id FROM chains WHERE platform = ?1 AND chat_id = ?2) AND "
    "sender_id = ?3 AND (content <> '' OR name <> '' OR sender_name <> '')";
constexpr std::array erase_sender_other_sql = {
    "DELETE FROM addresses WHERE platform = ?1 AND chat_id = ?2 AND sender_id = ?3",
    "UPDATE requests SET claimed_by_name = '' WHERE chat = " LINLI_CHAT_REF_ID
    " AND claimed_by = ?3 AND claimed_by_name <> ''",
    "UPDATE group_buy_orders SET sender_name = '', unit = NULL, room = NULL "
    "WHERE buy_id IN (SELECT id FROM group_buys WHERE platform = ?1 AND chat_id = ?2) AND "
    "sender_id = ?3 AND (sender_name <> '' OR unit IS NOT NULL OR room IS NOT NULL)",
    "UPDATE donations SET sender_name = '' WHERE drive_id IN (SELECT id FROM donation_drives "
    "WHERE platform = ?1 AND chat_id = ?2) AND sender_id = ?3 AND sender_name <> ''",
    "UPDATE task_members SET name = '' WHERE task_id IN (SELECT id FROM tasks WHERE "
    "platform = ?1 AND chat_id = ?2) AND volunteer_id = ?3 AND name <> ''",
    // The offerer's fields; their open offers are withdrawn (nobody is left to give them).
    "UPDATE offers SET offerer_name = '', unit = NULL, room = NULL, text = '', "
    "status = CASE WHEN status IN ('open', 'matched') THEN 'withdrawn' ELSE status END "
    "WHERE platform = ?1 AND chat_id = ?2 AND offerer_id = ?3 AND (offerer_name <> '' OR "
    "unit IS NOT NULL OR room IS NOT NULL OR text <> '')",
};

// Everything older than ?1 (ms), in every chat.
constexpr const char* erase_old_messages_sql =
    "UPDATE inbox SET text = '', sender_name = '', replies = '[]' WHERE received_ms < ?1 AND "
    "(text <> '' OR sender_name <> '' OR replies <> '[]')";
constexpr const char* erase_old_requests_sql =
    "UPDATE requests SET requester_name = '', unit = NULL, room = NULL, text = '', "
    "claimed_by_name = CASE WHEN claimed_by_name IS NULL THEN NULL ELSE '' END "
    "WHERE status IN ('delivered', 'cancelled') AND updated_ms < ?1 AND "
    "(requester_name <> '' OR unit IS NOT NULL OR room IS NOT NULL OR text <> '' OR "
    "claimed_by_name <> '')";
constexpr const char* erase_old_entries_sql =
    "UPDATE chain_entries SET content = '', key = '', name = '', detail = '', sender_name = '', "
    "registered_by = CASE WHEN registered_by IS NULL THEN NULL ELSE '' END "
    "WHERE chain_id IN (SELECT id FROM chains WHERE opened_ms < ?1) AND "
    "(content <> '' OR name <> '' OR sender_name <> '')";
constexpr std::array erase_old_other_sql = {
    "UPDATE group_buy_orders SET sender_name = '', unit = NULL, room = NULL "
    "WHERE buy_id IN (SELECT id FROM group_buys WHERE opened_ms < ?1) AND "
    "(sender_name <> '' OR unit IS NOT NULL OR room IS NOT NULL)",
    "UPDATE donations SET sender_name = '' WHERE at_ms < ?1 AND sender_name <> ''",
    "UPDATE task_members SET name = '' WHERE task_id IN (SELECT id FROM tasks WHERE "
    "end_ms < ?1) AND name <> ''",
    // Offers given or withdrawn before then.
    "UPDATE offers SET offerer_name = '', unit = NULL, room = NULL, text = '' "
    "WHERE status IN ('given', 'withdrawn') AND updated_ms < ?1 AND (offerer_name <> '' OR "
    "unit IS NOT NULL OR room IS NOT NULL OR text <> '')",
};

}  // namespace

std::span<const migration> audit_migrations() {
  return migrations;
}

std::int64_t sqlite_store::insert_audit(const audit_entry& e) {
  auto q = statement(insert_audit_sql);
  q.bind(1, e.chat.platform);
  q.bind(2, e.chat.chat_id);
  q.bind(3, e.actor_id);
  q.bind(4, e.actor_name);
  q.bind(5, e.action);
  q.bind(6, e.target);
  q.bind(7, static_cast<int64_t>(e.rows));
  q.bind(8, static_cast<int64_t>(e.at_ms));
  q.exec();
  return db_.getLastInsertRowid();
}

std::vector<audit_entry> sqlite_store::list_audit(const chat_ref& chat, std::int64_t before_seq,
                                                  int limit) {
  auto q = statement(list_audit_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, static_cast<int64_t>(before_seq));
  q.bind(4, limit);
  std::vector<audit_entry> out;
  while (q.executeStep()) {
    audit_entry e;
    e.seq = q.getColumn(0).getInt64();
    e.chat = {q.getColumn(1).getString(), q.getColumn(2).getString()};
    e.actor_id = q.getColumn(3).getString();
    e.actor_name = q.getColumn(4).getString();
    e.action = q.getColumn(5).getString();
    e.target = q.getColumn(6).getString();
    e.rows = q.getColumn(7).getInt64();
    e.at_ms = q.getColumn(8).getInt64();
    out.push_back(std::move(e));
  }
  return out;
}

erasure_counts sqlite_store::erase_sender(const chat_ref& chat, const std::string& sender_id) {
  clear_caches();  // chain entries change under them
  auto run = [&](const char* sql) -> std::int64_t {
    auto q = statement(sql);
    q.bind(1, chat.platform);
    q.bind(2, chat.chat_id);
    q.bind(3, sender_id);
    return q.exec();
  };
  erasure_counts n;
  n.messages = run(erase_sender_messages_sql);
  n.requests = run(erase_sender_requests_sql);
  n.chain_entries = run(erase_sender_entries_sql);
  for (const char* sql : erase_sender_other_sql) n.other += run(sql);
  return n;
}

erasure_counts sqlite_store::erase_before(std::int64_t before_ms) {
  clear_caches();  // chain entries change under them
  auto run = [&](const char* sql) -> std::int64_t {
    auto q = statement(sql);
    q.bind(1, static_cast<int64_t>(before_ms));
    return q.exec();
  };
  erasure_counts n;
  n.messages = run(erase_old_messages_sql);
  n.requests = run(erase_old_requests_sql);
  n.chain_entries = run(erase_old_entries_sql);
  for (const char* sql : erase_old_other_sql) n.other += run(sql);
  return n;
}

}  // namespace linli::storage::sqlite
