// The SQLite store: neighbours' offers (邻里互助). The items are kept as one JSON array beside
// the offer: they are written once with it and only ever read whole.

#include <array>

#include "storage/offer_codec.hpp"

#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace linli::storage::sqlite {
namespace {

constexpr std::array<migration, 1> migrations = {{
    {10, R"sql(
CREATE TABLE offers (
  id               INTEGER PRIMARY KEY,
  platform         TEXT    NOT NULL,
  chat_id          TEXT    NOT NULL,
  number           INTEGER NOT NULL,
  offerer_id       TEXT    NOT NULL,
  offerer_name     TEXT    NOT NULL,
  building         TEXT,             -- NULL when no address is known
  unit             TEXT,
  room             TEXT,
  items            TEXT    NOT NULL,  -- [{"name", "canonical", "quantity", "unit"}]
  category         TEXT    NOT NULL,
  status           TEXT    NOT NULL,  -- open | matched | given | withdrawn
  matched_request  INTEGER,           -- the need's number when matched
  text             TEXT    NOT NULL,
  message_id       TEXT    NOT NULL,
  created_ms       INTEGER NOT NULL,
  updated_ms       INTEGER NOT NULL,
  UNIQUE (platform, chat_id, number)
);
CREATE INDEX offers_by_status ON offers (platform, chat_id, status, id);
CREATE INDEX offers_by_time ON offers (platform, chat_id, created_ms);
)sql"},
}};

#define LINLI_OFFER_COLUMNS                                                                      \
  "SELECT id, number, offerer_id, offerer_name, building, unit, room, items, category, status, " \
  "matched_request, text, message_id, created_ms, updated_ms FROM offers "

constexpr const char* find_offer_sql =
    LINLI_OFFER_COLUMNS "WHERE platform = ? AND chat_id = ? AND number = ?";
constexpr const char* list_offers_sql =
    LINLI_OFFER_COLUMNS "WHERE platform = ? AND chat_id = ? AND created_ms >= ? ORDER BY id";
constexpr const char* offers_in_sql =
    LINLI_OFFER_COLUMNS "WHERE platform = ? AND chat_id = ? AND status = ? ORDER BY id";
#undef LINLI_OFFER_COLUMNS

// Numbered in the insert itself, as requests are: one statement, so no writer shares a number.
constexpr const char* insert_offer_sql =
    "INSERT INTO offers (platform, chat_id, number, offerer_id, offerer_name, building, unit, "
    "room, items, category, status, matched_request, text, message_id, created_ms, updated_ms) "
    "VALUES (?1, ?2, coalesce((SELECT number + 1 FROM offers WHERE platform = ?1 AND "
    "chat_id = ?2 ORDER BY number DESC LIMIT 1), 1), "
    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) RETURNING id, number";

constexpr const char* update_offer_sql =
    "UPDATE offers SET building = ?, unit = ?, room = ?, status = ?, matched_request = ?, "
    "updated_ms = ? WHERE id = ?";

offer read_offer(query& q, const chat_ref& chat) {
  offer o;
  o.id = q.getColumn(0).getInt64();
  o.chat = chat;
  o.number = q.getColumn(1).getInt();
  o.offerer_id = q.getColumn(2).getString();
  o.offerer_name = q.getColumn(3).getString();
  o.where = read_address(q, 4);
  o.items = codec::decode_offer_items(q.getColumn(7).getString());
  o.category = q.getColumn(8).getString();
  o.status = offer_status_from(q.getColumn(9).getString()).value_or(offer_status::open);
  if (!q.getColumn(10).isNull()) o.matched_request = q.getColumn(10).getInt();
  o.text = q.getColumn(11).getString();
  o.message_id = q.getColumn(12).getString();
  o.created_ms = q.getColumn(13).getInt64();
  o.updated_ms = q.getColumn(14).getInt64();
  return o;
}

}  // namespace

std::span<const migration> offers_migrations() {
  return migrations;
}

std::int64_t sqlite_store::insert_offer(offer& o) {
  auto q = statement(insert_offer_sql);
  q.bind(1, o.chat.platform);
  q.bind(2, o.chat.chat_id);
  q.bind(3, o.offerer_id);
  q.bind(4, o.offerer_name);
  bind_address(q, 5, o.where);  // 5, 6, 7
  q.bind(8, codec::encode_offer_items(o.items));
  q.bind(9, o.category);
  q.bind(10, std::string(to_string(o.status)));
  bind_optional(q, 11, o.matched_request);
  q.bind(12, o.text);
  q.bind(13, o.message_id);
  q.bind(14, static_cast<int64_t>(o.created_ms));
  q.bind(15, static_cast<int64_t>(o.updated_ms));
  q.executeStep();  // the insert happens on this first step; RETURNING gives its row
  o.id = q.getColumn(0).getInt64();
  o.number = q.getColumn(1).getInt();
  return o.id;
}

std::optional<offer> sqlite_store::find_offer(const chat_ref& chat, int number) {
  auto q = statement(find_offer_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, number);
  if (!q.executeStep()) return std::nullopt;
  return read_offer(q, chat);
}

void sqlite_store::update_offer(const offer& o) {
  auto q = statement(update_offer_sql);
  bind_address(q, 1, o.where);
  q.bind(4, std::string(to_string(o.status)));
  bind_optional(q, 5, o.matched_request);
  q.bind(6, static_cast<int64_t>(o.updated_ms));
  q.bind(7, static_cast<int64_t>(o.id));
  q.exec();
}

std::vector<offer> sqlite_store::list_offers(const chat_ref& chat, std::int64_t since_ms) {
  auto q = statement(list_offers_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, static_cast<int64_t>(since_ms));
  std::vector<offer> out;
  while (q.executeStep()) out.push_back(read_offer(q, chat));
  return out;
}

std::vector<offer> sqlite_store::offers_in(const chat_ref& chat, offer_status status) {
  auto q = statement(offers_in_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, std::string(to_string(status)));
  std::vector<offer> out;
  while (q.executeStep()) out.push_back(read_offer(q, chat));
  return out;
}

}  // namespace linli::storage::sqlite
