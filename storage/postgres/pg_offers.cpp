// The PostgreSQL store: neighbours' offers (邻里互助), the items as one JSON array beside each.

#include <array>

#include "storage/offer_codec.hpp"
#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_store.hpp"

namespace linli::storage::postgres {
namespace {

constexpr std::array<migration, 1> migrations = {{
    {10, R"sql(
CREATE TABLE offers (
  platform         text    NOT NULL,
  chat_id          text    NOT NULL,
  id               bigint  GENERATED ALWAYS AS IDENTITY,
  number           integer NOT NULL,
  offerer_id       text    NOT NULL,
  offerer_name     text    NOT NULL,
  building         text,             -- NULL when no address is known
  unit             text,
  room             text,
  items            text    NOT NULL,  -- [{"name", "canonical", "quantity", "unit"}]
  category         text    NOT NULL,
  status           text    NOT NULL,  -- open | matched | given | withdrawn
  matched_request  integer,           -- the need's number when matched
  text             text    NOT NULL,
  message_id       text    NOT NULL,
  created_ms       bigint  NOT NULL,
  updated_ms       bigint  NOT NULL,
  PRIMARY KEY (platform, chat_id, id),
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
    LINLI_OFFER_COLUMNS "WHERE platform = $1 AND chat_id = $2 AND number = $3";
constexpr const char* list_offers_sql =
    LINLI_OFFER_COLUMNS "WHERE platform = $1 AND chat_id = $2 AND created_ms >= $3 ORDER BY id";
constexpr const char* offers_in_sql =
    LINLI_OFFER_COLUMNS "WHERE platform = $1 AND chat_id = $2 AND status = $3 ORDER BY id";
#undef LINLI_OFFER_COLUMNS

// Numbered in the insert itself from the chat's counter (chat_numbers, kind 'offer'), as
// requests and tasks are.
constexpr const char* insert_offer_sql =
    "WITH n AS (INSERT INTO chat_numbers (platform, chat_id, kind, last) "
    "VALUES ($1, $2, 'offer', 1) ON CONFLICT (platform, chat_id, kind) "
    "DO UPDATE SET last = chat_numbers.last + 1 RETURNING last) "
    "INSERT INTO offers (platform, chat_id, number, offerer_id, offerer_name, building, unit, "
    "room, items, category, status, matched_request, text, message_id, created_ms, updated_ms) "
    "VALUES ($1, $2, (SELECT last FROM n), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
    "$15) RETURNING id, number";

constexpr const char* update_offer_sql =
    "UPDATE offers SET building = $4, unit = $5, room = $6, status = $7, matched_request = $8, "
    "updated_ms = $9 WHERE platform = $1 AND chat_id = $2 AND id = $3";

offer read_offer(const result& q, int row, const chat_ref& chat) {
  offer o;
  o.id = q.int64(row, 0);
  o.chat = chat;
  o.number = q.int32(row, 1);
  o.offerer_id = q.text(row, 2);
  o.offerer_name = q.text(row, 3);
  o.where = read_address(q, row, 4);
  o.items = codec::decode_offer_items(q.text(row, 7));
  o.category = q.text(row, 8);
  o.status = offer_status_from(q.text(row, 9)).value_or(offer_status::open);
  if (!q.null(row, 10)) o.matched_request = q.int32(row, 10);
  o.text = q.text(row, 11);
  o.message_id = q.text(row, 12);
  o.created_ms = q.int64(row, 13);
  o.updated_ms = q.int64(row, 14);
  return o;
}

std::vector<offer> read_offers(const result& q, const chat_ref& chat) {
  std::vector<offer> out;
  for (int row = 0; row < q.rows(); ++row) out.push_back(read_offer(q, row, chat));
  return out;
}

}  // namespace

std::span<const migration> offers_migrations() {
  return migrations;
}

std::int64_t pg_store::insert_offer(offer& o) {
  params p;
  p.text(o.chat.platform).text(o.chat.chat_id).text(o.offerer_id).text(o.offerer_name);
  add_address(p, o.where);
  p.text(codec::encode_offer_items(o.items)).text(o.category).text(to_string(o.status));
  p.integer(o.matched_request).text(o.text).text(o.message_id).integer(o.created_ms);
  p.integer(o.updated_ms);
  const auto row = db_.query(insert_offer_sql, p);
  o.id = row.int64(0, 0);
  o.number = row.int32(0, 1);
  return o.id;
}

std::optional<offer> pg_store::find_offer(const chat_ref& chat, int number) {
  const auto q =
      db_.query(find_offer_sql,
                params().text(chat.platform).text(chat.chat_id).integer(std::int64_t{number}));
  if (q.empty()) return std::nullopt;
  return read_offer(q, 0, chat);
}

void pg_store::update_offer(const offer& o) {
  params p;
  p.text(o.chat.platform).text(o.chat.chat_id).integer(o.id);
  add_address(p, o.where);
  p.text(to_string(o.status)).integer(o.matched_request).integer(o.updated_ms);
  db_.query(update_offer_sql, p);
}

std::vector<offer> pg_store::list_offers(const chat_ref& chat, std::int64_t since_ms) {
  return read_offers(
      db_.query(list_offers_sql, params().text(chat.platform).text(chat.chat_id).integer(since_ms)),
      chat);
}

std::vector<offer> pg_store::offers_in(const chat_ref& chat, offer_status status) {
  return read_offers(
      db_.query(offers_in_sql,
                params().text(chat.platform).text(chat.chat_id).text(to_string(status))),
      chat);
}

}  // namespace linli::storage::postgres
