// The PostgreSQL store: group buys (团购) and each household's order.

#include <array>

#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_store.hpp"

namespace linli::storage::postgres {
namespace {

constexpr std::array<migration, 1> migrations = {{
    {4, R"sql(
CREATE TABLE group_buys (
  platform          text    NOT NULL,
  chat_id           text    NOT NULL,
  id                bigint  GENERATED ALWAYS AS IDENTITY,
  title             text    NOT NULL,
  unit              text    NOT NULL,
  unit_price_cents  bigint  NOT NULL,
  deadline_ms       bigint,
  closed            boolean NOT NULL,
  opened_ms         bigint  NOT NULL,
  PRIMARY KEY (platform, chat_id, id)
);
CREATE INDEX group_buys_by_id ON group_buys (id);
CREATE TABLE group_buy_orders (
  platform     text    NOT NULL,
  chat_id      text    NOT NULL,
  buy_id       bigint  NOT NULL,
  household    text    NOT NULL,
  building     text,
  unit         text,
  room         text,
  sender_id    text    NOT NULL,
  sender_name  text    NOT NULL,
  quantity     bigint  NOT NULL,
  updated_ms   bigint  NOT NULL,
  PRIMARY KEY (platform, chat_id, buy_id, household),
  FOREIGN KEY (platform, chat_id, buy_id) REFERENCES group_buys (platform, chat_id, id)
);
CREATE INDEX group_buy_orders_by_buy ON group_buy_orders (buy_id, household);
)sql"},
}};

#define LINLI_GROUP_BUY_COLUMNS \
  "SELECT id, title, unit, unit_price_cents, deadline_ms, closed, opened_ms FROM group_buys "

constexpr const char* open_group_buy_sql = LINLI_GROUP_BUY_COLUMNS
    "WHERE platform = $1 AND chat_id = $2 AND NOT closed ORDER BY id DESC LIMIT 1";

constexpr const char* group_buys_sql =
    LINLI_GROUP_BUY_COLUMNS "WHERE platform = $1 AND chat_id = $2 AND opened_ms >= $3 ORDER BY id";
#undef LINLI_GROUP_BUY_COLUMNS

constexpr const char* insert_group_buy_sql =
    "INSERT INTO group_buys (platform, chat_id, title, unit, unit_price_cents, deadline_ms, "
    "closed, opened_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";

constexpr const char* close_group_buy_sql = "UPDATE group_buys SET closed = true WHERE id = $1";

// The order takes its chat from its group buy, in the same statement.
constexpr const char* save_order_sql =
    "INSERT INTO group_buy_orders (platform, chat_id, buy_id, household, building, unit, room, "
    "sender_id, sender_name, quantity, updated_ms) "
    "SELECT platform, chat_id, id, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, "
    "$8::bigint, $9::bigint FROM group_buys WHERE id = $1 "
    "ON CONFLICT (platform, chat_id, buy_id, household) DO UPDATE SET "
    "building = excluded.building, unit = excluded.unit, room = excluded.room, "
    "sender_id = excluded.sender_id, sender_name = excluded.sender_name, "
    "quantity = excluded.quantity, updated_ms = excluded.updated_ms";

constexpr const char* orders_sql =
    "SELECT household, building, unit, room, sender_id, sender_name, quantity, updated_ms "
    "FROM group_buy_orders WHERE buy_id = $1 ORDER BY household";

group_buy read_group_buy(const result& q, int row, const chat_ref& chat) {
  group_buy g;
  g.id = q.int64(row, 0);
  g.chat = chat;
  g.title = q.text(row, 1);
  g.unit = q.text(row, 2);
  g.unit_price_cents = q.int64(row, 3);
  g.deadline_ms = q.optional_int(row, 4);
  g.closed = q.flag(row, 5);
  g.opened_ms = q.int64(row, 6);
  return g;
}

}  // namespace

std::span<const migration> group_buys_migrations() {
  return migrations;
}

std::optional<group_buy> pg_store::open_group_buy(const chat_ref& chat) {
  const auto q = db_.query(open_group_buy_sql, params().text(chat.platform).text(chat.chat_id));
  if (q.empty()) return std::nullopt;
  return read_group_buy(q, 0, chat);
}

std::int64_t pg_store::insert_group_buy(const group_buy& g) {
  params p;
  p.text(g.chat.platform).text(g.chat.chat_id).text(g.title).text(g.unit);
  p.integer(g.unit_price_cents).integer(g.deadline_ms).flag(g.closed).integer(g.opened_ms);
  return db_.query(insert_group_buy_sql, p).int64(0, 0);
}

void pg_store::close_group_buy(std::int64_t id) {
  db_.query(close_group_buy_sql, params().integer(id));
}

std::vector<group_buy> pg_store::group_buys(const chat_ref& chat, std::int64_t since_ms) {
  const auto q =
      db_.query(group_buys_sql, params().text(chat.platform).text(chat.chat_id).integer(since_ms));
  std::vector<group_buy> out;
  for (int row = 0; row < q.rows(); ++row) out.push_back(read_group_buy(q, row, chat));
  return out;
}

void pg_store::save_group_buy_order(std::int64_t buy_id, const group_buy_order& o) {
  params p;
  p.integer(buy_id).text(o.household);
  add_address(p, o.where);
  p.text(o.sender_id).text(o.sender_name).integer(o.quantity).integer(o.updated_ms);
  db_.query(save_order_sql, p);
}

std::vector<group_buy_order> pg_store::group_buy_orders(std::int64_t buy_id) {
  const auto q = db_.query(orders_sql, params().integer(buy_id));
  std::vector<group_buy_order> out;
  for (int row = 0; row < q.rows(); ++row) {
    group_buy_order o;
    o.household = q.text(row, 0);
    o.where = read_address(q, row, 1);
    o.sender_id = q.text(row, 4);
    o.sender_name = q.text(row, 5);
    o.quantity = q.int64(row, 6);
    o.updated_ms = q.int64(row, 7);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace linli::storage::postgres
