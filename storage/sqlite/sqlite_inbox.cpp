// The SQLite store: the inbox.

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "storage/sqlite/sqlite_deflated.hpp"
#include "storage/sqlite/sqlite_plans.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace linli::storage::sqlite {
namespace {

constexpr std::array<migration, 6> migrations = {{
    {1, R"sql(
CREATE TABLE inbox (
  seq          INTEGER PRIMARY KEY,
  platform     TEXT    NOT NULL,
  chat_id      TEXT    NOT NULL,
  delivery_id  TEXT    NOT NULL,
  sender_id    TEXT    NOT NULL,
  sender_name  TEXT    NOT NULL,
  sender_role  TEXT    NOT NULL,
  text         TEXT    NOT NULL,
  sent_at      INTEGER NOT NULL,
  received_ms  INTEGER NOT NULL,
  kind         TEXT    NOT NULL,
  replies      TEXT    NOT NULL,
  UNIQUE (platform, chat_id, delivery_id)
);
)sql"},
    {6, R"sql(
ALTER TABLE inbox ADD COLUMN reply_to TEXT NOT NULL DEFAULT '';
)sql"},
    {7, R"sql(
ALTER TABLE inbox ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
ALTER TABLE inbox ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
)sql"},
    // find_message_by_key: a reply names the message it answers by the platform's message id.
    {11, R"sql(
CREATE INDEX inbox_by_message_id ON inbox (platform, chat_id, message_id, seq);
)sql"},
    // The inbox is most of what the database grows by, and its two indexes repeated each row's
    // platform and chat id. A row now names its chat and its kind by a small integer, and keeps
    // an id that is a plain decimal number (a Telegram update or message id) as an integer: the
    // rule of `stored_id` below, which this CASE must match. The table is rebuilt (SQLite cannot
    // change a column's type), its rows and their order kept.
    {16, R"sql(
CREATE TABLE inbox_chats (
  id        INTEGER PRIMARY KEY,
  platform  TEXT NOT NULL,
  chat_id   TEXT NOT NULL,
  UNIQUE (platform, chat_id)
);
CREATE TABLE inbox_kinds (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE
);
INSERT INTO inbox_chats (platform, chat_id)
  SELECT platform, chat_id FROM inbox GROUP BY platform, chat_id ORDER BY min(seq);
INSERT INTO inbox_kinds (name) SELECT kind FROM inbox GROUP BY kind ORDER BY min(seq);
CREATE TABLE inbox_16 (
  seq          INTEGER PRIMARY KEY,
  chat         INTEGER NOT NULL REFERENCES inbox_chats (id),
  delivery_id  NOT NULL,
  message_id   NOT NULL DEFAULT '',
  sender_id    TEXT    NOT NULL,
  sender_name  TEXT    NOT NULL,
  sender_role  INTEGER NOT NULL,
  text         TEXT    NOT NULL,
  sent_at      INTEGER NOT NULL,
  received_ms  INTEGER NOT NULL,
  kind         INTEGER NOT NULL REFERENCES inbox_kinds (id),
  replies      TEXT    NOT NULL,
  reply_to     TEXT    NOT NULL DEFAULT '',
  edited       INTEGER NOT NULL DEFAULT 0
);
INSERT INTO inbox_16
  SELECT i.seq, c.id,
         CASE WHEN i.delivery_id GLOB '[1-9]*' AND i.delivery_id NOT GLOB '*[^0-9]*' AND
                   length(i.delivery_id) <= 18
              THEN CAST(i.delivery_id AS INTEGER) ELSE i.delivery_id END,
         CASE WHEN i.message_id GLOB '[1-9]*' AND i.message_id NOT GLOB '*[^0-9]*' AND
                   length(i.message_id) <= 18
              THEN CAST(i.message_id AS INTEGER) ELSE i.message_id END,
         i.sender_id, i.sender_name, i.sender_role = 'admin', i.text, i.sent_at, i.received_ms,
         k.id, i.replies, i.reply_to, i.edited
  FROM inbox i
  JOIN inbox_chats c ON c.platform = i.platform AND c.chat_id = i.chat_id
  JOIN inbox_kinds k ON k.name = i.kind
  ORDER BY i.seq;
DROP TABLE inbox;
ALTER TABLE inbox_16 RENAME TO inbox;
CREATE UNIQUE INDEX inbox_by_delivery ON inbox (chat, delivery_id);
CREATE INDEX inbox_by_message_id ON inbox (chat, message_id);
)sql"},
    // The ids chats are named by are no longer the inbox's alone: requests name their chat by
    // them too (sqlite_requests.cpp, in this version).
    {17, R"sql(
ALTER TABLE inbox_chats RENAME TO chat_refs;
)sql"},
}};

// The columns read_row() reads, in its order, and where from: a row with its chat and kind.
#define LINLI_INBOX_COLUMNS                                                                      \
  "i.seq, i.sender_id, i.sender_name, i.sender_role, i.text, i.sent_at, i.received_ms, k.name, " \
  "i.replies, i.reply_to, i.delivery_id, c.platform, c.chat_id, i.message_id, i.edited "         \
  "FROM inbox i JOIN chat_refs c ON c.id = i.chat JOIN inbox_kinds k ON k.id = i.kind "

constexpr const char* find_message_sql =
    "SELECT " LINLI_INBOX_COLUMNS "WHERE i.chat = " LINLI_CHAT_REF_ID " AND i.delivery_id = ?3";

constexpr const char* find_message_by_id_sql =
    "SELECT " LINLI_INBOX_COLUMNS "WHERE i.chat = " LINLI_CHAT_REF_ID
    " AND i.message_id = ?3 ORDER BY i.seq DESC LIMIT 1";

constexpr const char* find_original_by_id_sql =
    "SELECT " LINLI_INBOX_COLUMNS "WHERE i.chat = " LINLI_CHAT_REF_ID
    " AND i.message_id = ?3 AND i.edited = 0 ORDER BY i.seq LIMIT 1";

constexpr const char* insert_message_sql =
    "INSERT INTO inbox (chat, delivery_id, sender_id, sender_name, sender_role, text, sent_at, "
    "received_ms, kind, replies, reply_to, message_id, edited) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

constexpr const char* find_chat_sql = "SELECT id FROM chat_refs WHERE platform = ? AND chat_id = ?";
constexpr const char* insert_chat_sql = "INSERT INTO chat_refs (platform, chat_id) VALUES (?, ?)";
constexpr const char* find_kind_sql = "SELECT id FROM inbox_kinds WHERE name = ?";
constexpr const char* insert_kind_sql = "INSERT INTO inbox_kinds (name) VALUES (?)";

constexpr const char* list_messages_sql =
    "SELECT " LINLI_INBOX_COLUMNS "WHERE i.chat = " LINLI_CHAT_REF_ID
    " AND (?3 IS NULL OR i.kind = (SELECT id FROM inbox_kinds WHERE name = ?3)) "
    "AND (?4 = 0 OR i.seq < ?4) ORDER BY i.seq DESC LIMIT ?5";

constexpr const char* count_messages_sql = "SELECT count(*) FROM inbox";

constexpr const char* messages_after_sql =
    "SELECT " LINLI_INBOX_COLUMNS "WHERE i.seq > ? ORDER BY i.seq LIMIT ?";
#undef LINLI_INBOX_COLUMNS

void bind_id(query& q, int index, const std::string& id) {
  if (const auto n = stored_id(id)) {
    q.bind(index, static_cast<int64_t>(*n));
  } else {
    q.bind(index, id);
  }
}

std::string id_text(const SQLite::Column& c) {
  return c.isInteger() ? std::to_string(c.getInt64()) : c.getString();
}

// sender_role: 0 a member, 1 an admin.
int role_code(platform_role r) {
  return r == platform_role::admin ? 1 : 0;
}

stored_message read_row(query& q) {
  stored_message m;
  m.seq = q.getColumn(0).getInt64();
  m.message.chat = {q.getColumn(11).getString(), q.getColumn(12).getString()};
  m.message.delivery_id = id_text(q.getColumn(10));
  m.message.message_id = id_text(q.getColumn(13));
  m.message.edited = q.getColumn(14).getInt() != 0;
  m.message.from = {q.getColumn(1).getString(), q.getColumn(2).getString(),
                    q.getColumn(3).getInt() == 1 ? platform_role::admin : platform_role::member};
  m.message.text = inflated(q.getColumn(4));
  m.message.sent_at = q.getColumn(5).getInt64();
  m.message.received_at_ms = q.getColumn(6).getInt64();
  m.kind = q.getColumn(7).getString();
  m.answers = decode_replies(inflated(q.getColumn(8)));
  m.message.reply_to = q.getColumn(9).getString();
  return m;
}

}  // namespace

namespace plans {
const char* const find_message = find_message_sql;
const char* const find_message_by_id = find_message_by_id_sql;
}  // namespace plans

std::optional<std::int64_t> stored_id(std::string_view id) {
  if (id.empty() || id.size() > 18 || id[0] < '1' || id[0] > '9') return std::nullopt;
  std::int64_t n = 0;
  for (const char c : id) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::span<const migration> inbox_migrations() {
  return migrations;
}

std::optional<stored_message> sqlite_store::find_message(const chat_ref& chat,
                                                         const std::string& delivery_id) {
  auto q = statement(find_message_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  bind_id(q, 3, delivery_id);
  if (!q.executeStep()) return std::nullopt;
  return read_row(q);
}

std::optional<stored_message> sqlite_store::find_message_by_key(const chat_ref& chat,
                                                                const std::string& key) {
  return find_by_key(chat, key, false);
}

std::optional<stored_message> sqlite_store::find_original_by_key(const chat_ref& chat,
                                                                 const std::string& key) {
  return find_by_key(chat, key, true);
}

std::optional<stored_message> sqlite_store::find_by_key(const chat_ref& chat,
                                                        const std::string& key, bool original) {
  if (key.empty()) return std::nullopt;
  auto q = statement(original ? find_original_by_id_sql : find_message_by_id_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  bind_id(q, 3, key);
  if (q.executeStep()) return read_row(q);
  // Where the platform has no separate message id, the delivery id is the key.
  auto m = find_message(chat, key);
  if (m && m->message.message_id.empty() && !(original && m->message.edited)) return m;
  return std::nullopt;
}

std::int64_t sqlite_store::insert_message(const stored_message& m) {
  const envelope& e = m.message;
  const std::int64_t chat = chat_ref_id(e.chat);
  const std::int64_t kind = inbox_kind(m.kind);
  auto q = statement(insert_message_sql);
  q.bind(1, static_cast<int64_t>(chat));
  bind_id(q, 2, e.delivery_id);
  q.bind(3, e.from.id);
  q.bind(4, e.from.name);
  q.bind(5, role_code(e.from.role));
  bind_deflated(q, 6, e.text);
  q.bind(7, static_cast<int64_t>(e.sent_at));
  q.bind(8, static_cast<int64_t>(e.received_at_ms));
  q.bind(9, static_cast<int64_t>(kind));
  bind_deflated(q, 10, encode_replies(m.answers), reply_list);
  q.bind(11, e.reply_to);
  bind_id(q, 12, e.message_id);
  q.bind(13, e.edited ? 1 : 0);
  q.exec();
  return db_.getLastInsertRowid();
}

std::int64_t sqlite_store::chat_ref_id(const chat_ref& chat) {
  const std::string key = cache_key(chat);
  if (const auto it = chat_ref_ids_.find(key); it != chat_ref_ids_.end()) return it->second;
  const std::int64_t id = key_number(find_chat_sql, insert_chat_sql, {chat.platform, chat.chat_id});
  if (chat_ref_ids_.size() >= max_cached_chats) chat_ref_ids_.clear();
  chat_ref_ids_.emplace(key, id);
  return id;
}

std::int64_t sqlite_store::inbox_kind(const std::string& kind) {
  if (const auto it = inbox_kinds_.find(kind); it != inbox_kinds_.end()) return it->second;
  const std::int64_t id = key_number(find_kind_sql, insert_kind_sql, {kind});
  inbox_kinds_.emplace(kind, id);
  return id;
}

std::int64_t sqlite_store::key_number(const char* find_sql, const char* insert_sql,
                                      std::initializer_list<std::string> values) {
  const auto bind = [&](query& q) {
    int index = 1;
    for (const std::string& v : values) q.bind(index++, v);
  };
  {
    auto q = statement(find_sql);
    bind(q);
    if (q.executeStep()) return q.getColumn(0).getInt64();
  }
  auto q = statement(insert_sql);
  bind(q);
  q.exec();
  return db_.getLastInsertRowid();
}

std::vector<stored_message> sqlite_store::list_messages(const chat_ref& chat,
                                                        const message_filter& filter) {
  auto q = statement(list_messages_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  if (filter.kind) {
    q.bind(3, *filter.kind);
  } else {
    q.bind(3);
  }
  q.bind(4, static_cast<int64_t>(filter.before_seq));
  q.bind(5, filter.limit);
  std::vector<stored_message> out;
  while (q.executeStep()) {
    out.push_back(read_row(q));
  }
  return out;
}

std::vector<stored_message> sqlite_store::messages_after(std::int64_t after_seq, int limit) {
  auto q = statement(messages_after_sql);
  q.bind(1, static_cast<int64_t>(after_seq));
  q.bind(2, limit);
  std::vector<stored_message> out;
  while (q.executeStep()) {
    out.push_back(read_row(q));
  }
  return out;
}

std::int64_t sqlite_store::count_messages() {
  auto q = statement(count_messages_sql);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

}  // namespace linli::storage::sqlite
