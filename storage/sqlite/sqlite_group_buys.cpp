// The SQLite store: group buys (团购) and each household's order.

#include <array>

#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace linli::storage::sqlite {
namespace {

constexpr std::array<migration, 1> migrations = {{
    {4, R"sql(
CREATE TABLE group_buys (
  id                INTEGER PRIMARY KEY,
  platform          TEXT    NOT NULL,
  chat_id           TEXT    NOT NULL,
  title             TEXT    NOT NULL,
  unit              TEXT    NOT NULL,
  unit_price_cents  INTEGER NOT NULL,
  deadline_ms       INTEGER,
  closed            INTEGER NOT NULL,
  opened_ms         INTEGER NOT NULL
);
CREATE INDEX group_buys_by_chat ON group_buys (platform, chat_id, id);
CREATE TABLE group_buy_orders (
  buy_id       INTEGER NOT NULL REFERENCES group_buys (id),
  household    TEXT    NOT NULL,
  building     TEXT,
  unit         TEXT,
  room         TEXT,
  sender_id    TEXT    NOT NULL,
  sender_name  TEXT    NOT NULL,
  quantity     INTEGER NOT NULL,
  updated_ms   INTEGER NOT NULL,
  PRIMARY KEY (buy_id, household)
);
)sql"},
}};

#define LINLI_GROUP_BUY_COLUMNS \
  "SELECT id, title, unit, unit_price_cents, deadline_ms, closed, opened_ms FROM group_buys "

constexpr const char* open_group_buy_sql = LINLI_GROUP_BUY_COLUMNS
    "WHERE platform = ? AND chat_id = ? AND closed = 0 ORDER BY id DESC LIMIT 1";

constexpr const char* group_buys_sql =
    LINLI_GROUP_BUY_COLUMNS "WHERE platform = ? AND chat_id = ? AND opened_ms >= ? ORDER BY id";
#undef LINLI_GROUP_BUY_COLUMNS

constexpr const char* insert_group_buy_sql =
    "INSERT INTO group_buys (platform, chat_id, title, unit, unit_price_cents, deadline_ms, "
    "closed, opened_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

constexpr const char* close_group_buy_sql = "UPDATE group_buys SET closed = 1 WHERE id = ?";

constexpr const char* save_order_sql =
    "INSERT INTO group_buy_orders (buy_id, household, building, unit, room, sender_id, "
    "sender_name, quantity, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (buy_id, household) DO UPDATE SET building = excluded.building, "
    "unit = excluded.unit, room = excluded.room, sender_id = excluded.sender_id, "
    "sender_name = excluded.sender_name, quantity = excluded.quantity, "
    "updated_ms = excluded.updated_ms";

constexpr const char* orders_sql =
    "SELECT household, building, unit, room, sender_id, sender_name, quantity, updated_ms "
    "FROM group_buy_orders WHERE buy_id = ? ORDER BY household";

group_buy read_group_buy(query& q, const chat_ref& chat) {
  group_buy g;
  g.id = q.getColumn(0).getInt64();
  g.chat = chat;
  g.title = q.getColumn(1).getString();
  g.unit = q.getColumn(2).getString();
  g.unit_price_cents = q.getColumn(3).getInt64();
  g.deadline_ms = optional_int(q.getColumn(4));
  g.closed = q.getColumn(5).getInt() != 0;
  g.opened_ms = q.getColumn(6).getInt64();
  return g;
}

}  // namespace

std::span<const migration> group_buys_migrations() {
  return migrations;
}

std::optional<group_buy> sqlite_store::open_group_buy(const chat_ref& chat) {
  const bool cached = caching();
  const std::string key = cached ? cache_key(chat) : std::string();
  if (cached) {
    if (auto hit = open_buys_.find(key)) return *hit;
  }
  auto q = statement(open_group_buy_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  std::optional<group_buy> g;
  if (q.executeStep()) g = read_group_buy(q, chat);
  if (cached) open_buys_.put(key, g);
  return g;
}

std::int64_t sqlite_store::insert_group_buy(const group_buy& g) {
  auto q = statement(insert_group_buy_sql);
  q.bind(1, g.chat.platform);
  q.bind(2, g.chat.chat_id);
  q.bind(3, g.title);
  q.bind(4, g.unit);
  q.bind(5, static_cast<int64_t>(g.unit_price_cents));
  bind_optional<int64_t>(q, 6, g.deadline_ms);
  q.bind(7, g.closed ? 1 : 0);
  q.bind(8, static_cast<int64_t>(g.opened_ms));
  q.exec();
  open_buys_.erase(cache_key(g.chat));
  return db_.getLastInsertRowid();
}

void sqlite_store::close_group_buy(std::int64_t id) {
  auto q = statement(close_group_buy_sql);
  q.bind(1, static_cast<int64_t>(id));
  q.exec();
  open_buys_.clear();  // whose it was is not known here; closing is rare
}

std::vector<group_buy> sqlite_store::group_buys(const chat_ref& chat, std::int64_t since_ms) {
  auto q = statement(group_buys_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, static_cast<int64_t>(since_ms));
  std::vector<group_buy> out;
  while (q.executeStep()) out.push_back(read_group_buy(q, chat));
  return out;
}

void sqlite_store::save_group_buy_order(std::int64_t buy_id, const group_buy_order& o) {
  auto q = statement(save_order_sql);
  q.bind(1, static_cast<int64_t>(buy_id));
  q.bind(2, o.household);
  bind_address(q, 3, o.where);
  q.bind(6, o.sender_id);
  q.bind(7, o.sender_name);
  q.bind(8, static_cast<int64_t>(o.quantity));
  q.bind(9, static_cast<int64_t>(o.updated_ms));
  q.exec();
}

std::vector<group_buy_order> sqlite_store::group_buy_orders(std::int64_t buy_id) {
  auto q = statement(orders_sql);
  q.bind(1, static_cast<int64_t>(buy_id));
  std::vector<group_buy_order> out;
  while (q.executeStep()) {
    group_buy_order o;
    o.household = q.getColumn(0).getString();
    o.where = read_address(q, 1);
    o.sender_id = q.getColumn(4).getString();
    o.sender_name = q.getColumn(5).getString();
    o.quantity = q.getColumn(6).getInt64();
    o.updated_ms = q.getColumn(7).getInt64();
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace linli::storage::sqlite
