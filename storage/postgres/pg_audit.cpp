// The PostgreSQL store: the audit trail, and the erasure of personal data.

#include <array>

#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_store.hpp"

namespace linli::storage::postgres {
namespace {

constexpr std::array<migration, 1> migrations = {{
    {11, R"sql(
CREATE TABLE audit (
  platform    text    NOT NULL,  -- '*' with chat_id '*': the whole deployment
  chat_id     text    NOT NULL,
  seq         bigint  GENERATED ALWAYS AS IDENTITY,
  actor_id    text    NOT NULL,
  actor_name  text    NOT NULL,
  action      text    NOT NULL,
  target      text    NOT NULL,
  rows        bigint  NOT NULL,
  at_ms       bigint  NOT NULL,
  PRIMARY KEY (platform, chat_id, seq)
);
)sql"},
}};

constexpr const char* insert_audit_sql =
    "INSERT INTO audit (platform, chat_id, actor_id, actor_name, action, target, rows, at_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq";

constexpr const char* list_audit_sql =
    "SELECT seq, platform, chat_id, actor_id, actor_name, action, target, rows, at_ms FROM audit "
    "WHERE ((platform = $1 AND chat_id = $2) OR (platform = '*' AND chat_id = '*')) "
    "AND ($3::bigint = 0 OR seq < $3::bigint) ORDER BY seq DESC LIMIT $4";

// Each statement changes only rows not yet erased and answers how many it changed.
#define LINLI_COUNTED(update) \
  "WITH changed AS (" update " RETURNING 1) SELECT count(*) FROM changed"

// One sender's personal fields in one chat ($1 platform, $2 chat, $3 sender).
constexpr const char* erase_sender_messages_sql = LINLI_COUNTED(
    "UPDATE inbox SET text = '', sender_name = '', replies = '[]' "
    "WHERE platform = $1 AND chat_id = $2 AND sender_id = $3 AND "
    "(text <> '' OR sender_name <> '' OR replies <> '[]')");
constexpr const char* erase_sender_requests_sql = LINLI_COUNTED(
    "UPDATE requests SET requester_name = '', unit = NULL, room = NULL, text = '' "
    "WHERE platform = $1 AND chat_id = $2 AND requester_id = $3 AND "
    "(requester_name <> '' OR unit IS NOT NULL OR room IS NOT NULL OR text <> '')");
constexpr const char* erase_sender_entries_sql = LINLI_COUNTED(
    "UPDATE chain_entries SET content = '', key = '', name = '', detail = '', sender_name = '', "
    "registered_by = CASE WHEN registered_by IS NULL THEN NULL ELSE '' END, "
    "state = CASE WHEN state = 'active' THEN 'left' ELSE state END "
    "WHERE platform = $1 AND chat_id = $2 AND sender_id = $3 AND "
    "(content <> '' OR name <> '' OR sender_name <> '')");
constexpr std::array erase_sender_other_sql = {
    LINLI_COUNTED("DELETE FROM addresses WHERE platform = $1 AND chat_id = $2 AND sender_id = $3"),
    LINLI_COUNTED("UPDATE requests SET claimed_by_name = '' WHERE platform = $1 AND "
                  "chat_id = $2 AND claimed_by = $3 AND claimed_by_name <> ''"),
    LINLI_COUNTED("UPDATE group_buy_orders SET sender_name = '', unit = NULL, room = NULL "
                  "WHERE platform = $1 AND chat_id = $2 AND sender_id = $3 AND "
                  "(sender_name <> '' OR unit IS NOT NULL OR room IS NOT NULL)"),
    LINLI_COUNTED("UPDATE donations SET sender_name = '' WHERE platform = $1 AND chat_id = $2 "
                  "AND sender_id = $3 AND sender_name <> ''"),
    LINLI_COUNTED("UPDATE task_members SET name = '' WHERE platform = $1 AND chat_id = $2 AND "
                  "volunteer_id = $3 AND name <> ''"),
    // The offerer's fields; their open offers are withdrawn (nobody is left to give them).
    LINLI_COUNTED(
        "UPDATE offers SET offerer_name = '', unit = NULL, room = NULL, text = '', "
        "status = CASE WHEN status IN ('open', 'matched') THEN 'withdrawn' ELSE status END "
        "WHERE platform = $1 AND chat_id = $2 AND offerer_id = $3 AND (offerer_name <> '' OR "
        "unit IS NOT NULL OR room IS NOT NULL OR text <> '')"),
};

// Everything older than $1 (ms), in every chat.
constexpr const char* erase_old_messages_sql = LINLI_COUNTED(
    "UPDATE inbox SET text = '', sender_name = '', replies = '[]' WHERE received_ms < $1 AND "
    "(text <> '' OR sender_name <> '' OR replies <> '[]')");
constexpr const char* erase_old_requests_sql = LINLI_COUNTED(
    "UPDATE requests SET requester_name = '', unit = NULL, room = NULL, text = '', "
    "claimed_by_name = CASE WHEN claimed_by_name IS NULL THEN NULL ELSE '' END "
    "WHERE status IN ('delivered', 'cancelled') AND updated_ms < $1 AND "
    "(requester_name <> '' OR unit IS NOT NULL OR room IS NOT NULL OR text <> '' OR "
    "claimed_by_name <> '')");
constexpr const char* erase_old_entries_sql = LINLI_COUNTED(
    "UPDATE chain_entries SET content = '', key = '', name = '', detail = '', sender_name = '', "
    "registered_by = CASE WHEN registered_by IS NULL THEN NULL ELSE '' END "
    "WHERE (platform, chat_id, chain_id) IN "
    "(SELECT platform, chat_id, id FROM chains WHERE opened_ms < $1) AND "
    "(content <> '' OR name <> '' OR sender_name <> '')");
constexpr std::array erase_old_other_sql = {
    LINLI_COUNTED("UPDATE group_buy_orders SET sender_name = '', unit = NULL, room = NULL "
                  "WHERE (platform, chat_id, buy_id) IN "
                  "(SELECT platform, chat_id, id FROM group_buys WHERE opened_ms < $1) AND "
                  "(sender_name <> '' OR unit IS NOT NULL OR room IS NOT NULL)"),
    LINLI_COUNTED("UPDATE donations SET sender_name = '' WHERE at_ms < $1 AND sender_name <> ''"),
    LINLI_COUNTED("UPDATE task_members SET name = '' WHERE (platform, chat_id, task_id) IN "
                  "(SELECT platform, chat_id, id FROM tasks WHERE end_ms < $1) AND name <> ''"),
    // Offers given or withdrawn before then.
    LINLI_COUNTED(
        "UPDATE offers SET offerer_name = '', unit = NULL, room = NULL, text = '' "
        "WHERE status IN ('given', 'withdrawn') AND updated_ms < $1 AND (offerer_name <> '' OR "
        "unit IS NOT NULL OR room IS NOT NULL OR text <> '')"),
};
#undef LINLI_COUNTED

}  // namespace

std::span<const migration> audit_migrations() {
  return migrations;
}

std::int64_t pg_store::insert_audit(const audit_entry& e) {
  params p;
  p.text(e.chat.platform).text(e.chat.chat_id).text(e.actor_id).text(e.actor_name);
  p.text(e.action).text(e.target).integer(e.rows).integer(e.at_ms);
  return db_.query(insert_audit_sql, p).int64(0, 0);
}

std::vector<audit_entry> pg_store::list_audit(const chat_ref& chat, std::int64_t before_seq,
                                              int limit) {
  const auto r = db_.query(list_audit_sql, params()
                                               .text(chat.platform)
                                               .text(chat.chat_id)
                                               .integer(before_seq)
                                               .integer(std::int64_t{limit}));
  std::vector<audit_entry> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    audit_entry e;
    e.seq = r.int64(i, 0);
    e.chat = {r.text(i, 1), r.text(i, 2)};
    e.actor_id = r.text(i, 3);
    e.actor_name = r.text(i, 4);
    e.action = r.text(i, 5);
    e.target = r.text(i, 6);
    e.rows = r.int64(i, 7);
    e.at_ms = r.int64(i, 8);
    out.push_back(std::move(e));
  }
  return out;
}

erasure_counts pg_store::erase_sender(const chat_ref& chat, const std::string& sender_id) {
  auto run = [&](const char* sql) {
    return db_.query(sql, params().text(chat.platform).text(chat.chat_id).text(sender_id))
        .int64(0, 0);
  };
  erasure_counts n;
  n.messages = run(erase_sender_messages_sql);
  n.requests = run(erase_sender_requests_sql);
  n.chain_entries = run(erase_sender_entries_sql);
  for (const char* sql : erase_sender_other_sql) n.other += run(sql);
  return n;
}

erasure_counts pg_store::erase_before(std::int64_t before_ms) {
  auto run = [&](const char* sql) {
    return db_.query(sql, params().integer(before_ms)).int64(0, 0);
  };
  erasure_counts n;
  n.messages = run(erase_old_messages_sql);
  n.requests = run(erase_old_requests_sql);
  n.chain_entries = run(erase_old_entries_sql);
  for (const char* sql : erase_old_other_sql) n.other += run(sql);
  return n;
}

}  // namespace linli::storage::postgres
