// The SQLite store: the inbox.

#include <array>
#include <nlohmann/json.hpp>

#include "storage/sqlite/sqlite_deflated.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace linli::storage::sqlite {
namespace {

constexpr std::array<migration, 4> migrations = {{
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
}};

// The columns read_row() reads, in its order.
#define LINLI_INBOX_COLUMNS                                                               \
  "seq, sender_id, sender_name, sender_role, text, sent_at, received_ms, kind, replies, " \
  "reply_to, delivery_id, platform, chat_id, message_id, edited "

constexpr const char* find_message_sql = "SELECT " LINLI_INBOX_COLUMNS
                                         "FROM inbox WHERE platform = ? AND chat_id = ? AND "
                                         "delivery_id = ?";

constexpr const char* find_message_by_id_sql =
    "SELECT " LINLI_INBOX_COLUMNS
    "FROM inbox WHERE platform = ? AND chat_id = ? AND message_id = ? ORDER BY seq DESC LIMIT 1";

constexpr const char* find_original_by_id_sql =
    "SELECT " LINLI_INBOX_COLUMNS
    "FROM inbox WHERE platform = ? AND chat_id = ? AND message_id = ? AND edited = 0 "
    "ORDER BY seq LIMIT 1";

constexpr const char* insert_message_sql =
    "INSERT INTO inbox (platform, chat_id, delivery_id, sender_id, sender_name, sender_role, text, "
    "sent_at, received_ms, kind, replies, reply_to, message_id, edited) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

constexpr const char* list_messages_sql =
    "SELECT " LINLI_INBOX_COLUMNS
    "FROM inbox WHERE platform = ?1 AND chat_id = ?2 AND (?3 IS NULL OR kind "
    "= ?3) "
    "AND (?4 = 0 OR seq < ?4) ORDER BY seq DESC LIMIT ?5";

constexpr const char* count_messages_sql = "SELECT count(*) FROM inbox";

constexpr const char* messages_after_sql =
    "SELECT " LINLI_INBOX_COLUMNS "FROM inbox WHERE seq > ? ORDER BY seq LIMIT ?";
#undef LINLI_INBOX_COLUMNS

stored_message read_row(query& q) {
  stored_message m;
  m.seq = q.getColumn(0).getInt64();
  m.message.chat = {q.getColumn(11).getString(), q.getColumn(12).getString()};
  m.message.delivery_id = q.getColumn(10).getString();
  m.message.message_id = q.getColumn(13).getString();
  m.message.edited = q.getColumn(14).getInt() != 0;
  m.message.from = {q.getColumn(1).getString(), q.getColumn(2).getString(),
                    platform_role_from(q.getColumn(3).getString())};
  m.message.text = inflated(q.getColumn(4));
  m.message.sent_at = q.getColumn(5).getInt64();
  m.message.received_at_ms = q.getColumn(6).getInt64();
  m.kind = q.getColumn(7).getString();
  m.answers = decode_replies(inflated(q.getColumn(8)));
  m.message.reply_to = q.getColumn(9).getString();
  return m;
}

}  // namespace

std::span<const migration> inbox_migrations() {
  return migrations;
}

std::optional<stored_message> sqlite_store::find_message(const chat_ref& chat,
                                                         const std::string& delivery_id) {
  auto q = statement(find_message_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, delivery_id);
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
  q.bind(3, key);
  if (q.executeStep()) return read_row(q);
  // Where the platform has no separate message id, the delivery id is the key.
  auto m = find_message(chat, key);
  if (m && m->message.message_id.empty() && !(original && m->message.edited)) return m;
  return std::nullopt;
}

std::int64_t sqlite_store::insert_message(const stored_message& m) {
  auto q = statement(insert_message_sql);
  const envelope& e = m.message;
  q.bind(1, e.chat.platform);
  q.bind(2, e.chat.chat_id);
  q.bind(3, e.delivery_id);
  q.bind(4, e.from.id);
  q.bind(5, e.from.name);
  q.bind(6, std::string(to_string(e.from.role)));
  bind_deflated(q, 7, e.text);
  q.bind(8, static_cast<int64_t>(e.sent_at));
  q.bind(9, static_cast<int64_t>(e.received_at_ms));
  q.bind(10, m.kind);
  bind_deflated(q, 11, encode_replies(m.answers));
  q.bind(12, e.reply_to);
  q.bind(13, e.message_id);
  q.bind(14, e.edited ? 1 : 0);
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
