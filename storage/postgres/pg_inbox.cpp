// The PostgreSQL store: the inbox.

#include <array>
#include <nlohmann/json.hpp>

#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_store.hpp"

namespace linli::storage::postgres {
namespace {

constexpr std::array<migration, 4> migrations = {{
    {1, R"sql(
CREATE TABLE inbox (
  platform     text    NOT NULL,
  chat_id      text    NOT NULL,
  seq          bigint  GENERATED ALWAYS AS IDENTITY,
  delivery_id  text    NOT NULL,
  sender_id    text    NOT NULL,
  sender_name  text    NOT NULL,
  sender_role  text    NOT NULL,
  text         text    NOT NULL,
  sent_at      bigint  NOT NULL,
  received_ms  bigint  NOT NULL,
  kind         text    NOT NULL,
  replies      text    NOT NULL,
  PRIMARY KEY (platform, chat_id, seq),
  UNIQUE (platform, chat_id, delivery_id)
);
CREATE INDEX inbox_by_seq ON inbox (seq);
)sql"},
    {6, R"sql(
ALTER TABLE inbox ADD COLUMN reply_to text NOT NULL DEFAULT '';
)sql"},
    {7, R"sql(
ALTER TABLE inbox ADD COLUMN message_id text NOT NULL DEFAULT '';
ALTER TABLE inbox ADD COLUMN edited boolean NOT NULL DEFAULT false;
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

constexpr const char* find_message_sql =
    "SELECT " LINLI_INBOX_COLUMNS
    "FROM inbox WHERE platform = $1 AND chat_id = $2 AND delivery_id = $3";

constexpr const char* find_message_by_id_sql =
    "SELECT " LINLI_INBOX_COLUMNS
    "FROM inbox WHERE platform = $1 AND chat_id = $2 AND message_id = $3 ORDER BY seq DESC "
    "LIMIT 1";

constexpr const char* find_original_by_id_sql =
    "SELECT " LINLI_INBOX_COLUMNS
    "FROM inbox WHERE platform = $1 AND chat_id = $2 AND message_id = $3 AND NOT edited "
    "ORDER BY seq LIMIT 1";

// A redelivery that reaches another instance at the same moment inserts nothing (and aborts
// nothing): no row comes back, and the caller is told.
constexpr const char* insert_message_sql =
    "INSERT INTO inbox (platform, chat_id, delivery_id, sender_id, sender_name, sender_role, text, "
    "sent_at, received_ms, kind, replies, reply_to, message_id, edited) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
    "ON CONFLICT (platform, chat_id, delivery_id) DO NOTHING RETURNING seq";

constexpr const char* list_messages_sql =
    "SELECT " LINLI_INBOX_COLUMNS
    "FROM inbox WHERE platform = $1 AND chat_id = $2 AND ($3::text IS NULL OR kind = $3::text) "
    "AND ($4::bigint = 0 OR seq < $4::bigint) ORDER BY seq DESC LIMIT $5";

constexpr const char* count_messages_sql = "SELECT count(*) FROM inbox";

constexpr const char* messages_after_sql =
    "SELECT " LINLI_INBOX_COLUMNS "FROM inbox WHERE seq > $1 ORDER BY seq LIMIT $2";
#undef LINLI_INBOX_COLUMNS

stored_message read_row(const result& r, int row) {
  stored_message m;
  m.seq = r.int64(row, 0);
  m.message.chat = {r.text(row, 11), r.text(row, 12)};
  m.message.delivery_id = r.text(row, 10);
  m.message.message_id = r.text(row, 13);
  m.message.edited = r.flag(row, 14);
  m.message.from = {r.text(row, 1), r.text(row, 2), platform_role_from(r.view(row, 3))};
  m.message.text = r.text(row, 4);
  m.message.sent_at = r.int64(row, 5);
  m.message.received_at_ms = r.int64(row, 6);
  m.kind = r.text(row, 7);
  m.answers = decode_replies(r.text(row, 8));
  m.message.reply_to = r.text(row, 9);
  return m;
}

std::vector<stored_message> read_rows(const result& r) {
  std::vector<stored_message> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_row(r, i));
  return out;
}

}  // namespace

std::span<const migration> inbox_migrations() {
  return migrations;
}

std::optional<stored_message> pg_store::find_message(const chat_ref& chat,
                                                     const std::string& delivery_id) {
  const auto r = db_.query(find_message_sql,
                           params().text(chat.platform).text(chat.chat_id).text(delivery_id));
  if (r.empty()) return std::nullopt;
  return read_row(r, 0);
}

std::optional<stored_message> pg_store::find_message_by_key(const chat_ref& chat,
                                                            const std::string& key) {
  return find_by_key(chat, key, false);
}

std::optional<stored_message> pg_store::find_original_by_key(const chat_ref& chat,
                                                             const std::string& key) {
  return find_by_key(chat, key, true);
}

std::optional<stored_message> pg_store::find_by_key(const chat_ref& chat, const std::string& key,
                                                    bool original) {
  if (key.empty()) return std::nullopt;
  const auto r = db_.query(original ? find_original_by_id_sql : find_message_by_id_sql,
                           params().text(chat.platform).text(chat.chat_id).text(key));
  if (!r.empty()) return read_row(r, 0);
  // Where the platform has no separate message id, the delivery id is the key.
  auto m = find_message(chat, key);
  if (m && m->message.message_id.empty() && !(original && m->message.edited)) return m;
  return std::nullopt;
}

std::int64_t pg_store::insert_message(const stored_message& m) {
  const envelope& e = m.message;
  params p;
  p.text(e.chat.platform).text(e.chat.chat_id).text(e.delivery_id);
  p.text(e.from.id).text(e.from.name).text(to_string(e.from.role)).text(e.text);
  p.integer(e.sent_at).integer(e.received_at_ms).text(m.kind).text(encode_replies(m.answers));
  p.text(e.reply_to).text(e.message_id).flag(e.edited);
  const auto r = db_.query(insert_message_sql, p);
  if (r.empty()) {
    throw std::runtime_error("message " + e.delivery_id + " of chat " + e.chat.chat_id +
                             " is already stored");
  }
  return r.int64(0, 0);
}

std::vector<stored_message> pg_store::list_messages(const chat_ref& chat,
                                                    const message_filter& filter) {
  params p;
  p.text(chat.platform).text(chat.chat_id).text(filter.kind);
  p.integer(filter.before_seq).integer(std::int64_t{filter.limit});
  return read_rows(db_.query(list_messages_sql, p));
}

std::vector<stored_message> pg_store::messages_after(std::int64_t after_seq, int limit) {
  return read_rows(
      db_.query(messages_after_sql, params().integer(after_seq).integer(std::int64_t{limit})));
}

std::int64_t pg_store::count_messages() {
  return db_.query(count_messages_sql).int64(0, 0);
}

}  // namespace linli::storage::postgres
