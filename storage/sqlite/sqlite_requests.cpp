// The SQLite store: supply requests, addresses, group buys and donations.

#include "storage/sqlite/sqlite_store_impl.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace linli::storage::detail {
namespace {

constexpr const char* request_columns =
    "id, number, requester_id, requester_name, building, unit, room, category, urgent, status, "
    "claimed_by, claimed_by_name, stated_total_cents, spent_cents, duplicate_of, text, message_id, "
    "created_ms, updated_ms";

const std::string find_request_sql = std::string("SELECT ") + request_columns +
                                     " FROM requests WHERE platform = ? AND chat_id = ? AND "
                                     "number = ?";

const std::string list_requests_sql = std::string("SELECT ") + request_columns +
                                      " FROM requests WHERE platform = ? AND chat_id = ? AND "
                                      "created_ms >= ? ORDER BY id";

// Possible repeats, in two indexed halves: the same address, or the same requester where either
// request has no address. ?4 is the new request's building (NULL when it has no address). The
// order follows the index (its rowid comes after created_ms), so the newest match ends the search.
// The item names are joined, not matched with IN (SELECT …), which builds and frees a temporary
// table on every run of the query.
constexpr const char* duplicate_by_address_sql =
    "SELECT r.number FROM requests r WHERE r.platform = ?1 AND r.chat_id = ?2 AND "
    "r.building = ?4 AND r.unit IS ?5 AND r.room IS ?6 AND r.created_ms >= ?3 AND "
    "r.status != 'cancelled' AND EXISTS (SELECT 1 FROM request_items i, json_each(?8) j "
    "WHERE i.request_id = r.id AND i.name = j.value) "
    "ORDER BY r.created_ms DESC, r.id DESC LIMIT 1";
constexpr const char* duplicate_by_requester_sql =
    "SELECT r.number FROM requests r WHERE r.platform = ?1 AND r.chat_id = ?2 AND "
    "r.requester_id = ?7 AND r.created_ms >= ?3 AND (?4 IS NULL OR r.building IS NULL) AND "
    "r.status != 'cancelled' AND EXISTS (SELECT 1 FROM request_items i, json_each(?8) j "
    "WHERE i.request_id = r.id AND i.name = j.value) "
    "ORDER BY r.created_ms DESC, r.id DESC LIMIT 1";

// Newest first through the (platform, chat_id, number) index: one seek, not a scan.
constexpr const char* next_request_number_sql =
    "SELECT number + 1 FROM requests WHERE platform = ? AND chat_id = ? ORDER BY number DESC "
    "LIMIT 1";

constexpr const char* insert_request_sql =
    "INSERT INTO requests (platform, chat_id, number, requester_id, requester_name, building, "
    "unit, room, category, urgent, status, claimed_by, claimed_by_name, stated_total_cents, "
    "spent_cents, duplicate_of, text, message_id, created_ms, updated_ms) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

constexpr const char* update_request_sql =
    "UPDATE requests SET building = ?, unit = ?, room = ?, category = ?, urgent = ?, status = ?, "
    "claimed_by = ?, claimed_by_name = ?, stated_total_cents = ?, spent_cents = ?, "
    "duplicate_of = ?, text = ?, updated_ms = ? WHERE id = ?";

constexpr const char* request_items_sql =
    "SELECT name, quantity, unit, amount_cents FROM request_items WHERE request_id = ? "
    "ORDER BY seq";

constexpr const char* delete_request_items_sql = "DELETE FROM request_items WHERE request_id = ?";

constexpr const char* insert_request_item_sql =
    "INSERT INTO request_items (request_id, seq, name, quantity, unit, amount_cents) "
    "VALUES (?, ?, ?, ?, ?, ?)";

constexpr const char* load_address_sql =
    "SELECT building, unit, room FROM addresses WHERE platform = ? AND chat_id = ? AND "
    "sender_id = ?";

constexpr const char* save_address_sql =
    "INSERT INTO addresses (platform, chat_id, sender_id, building, unit, room) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, chat_id, sender_id) DO UPDATE SET "
    "building = excluded.building, unit = excluded.unit, room = excluded.room";

constexpr const char* group_buy_columns =
    "SELECT id, title, unit, unit_price_cents, deadline_ms, closed, opened_ms FROM group_buys ";

const std::string open_group_buy_sql =
    std::string(group_buy_columns) +
    "WHERE platform = ? AND chat_id = ? AND closed = 0 ORDER BY id DESC LIMIT 1";

const std::string group_buys_sql =
    std::string(group_buy_columns) +
    "WHERE platform = ? AND chat_id = ? AND opened_ms >= ? ORDER BY id";

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

constexpr const char* current_drive_sql =
    "SELECT id, title, goal_cents, opened_ms FROM donation_drives WHERE platform = ? AND "
    "chat_id = ? ORDER BY id DESC LIMIT 1";

constexpr const char* insert_drive_sql =
    "INSERT INTO donation_drives (platform, chat_id, title, goal_cents, opened_ms) "
    "VALUES (?, ?, ?, ?, ?)";

constexpr const char* add_donation_sql =
    "INSERT INTO donations (drive_id, sender_id, sender_name, cents, at_ms, message_id) "
    "VALUES (?, ?, ?, ?, ?, ?)";

constexpr const char* donations_sql =
    "SELECT sender_id, sender_name, cents, at_ms, message_id FROM donations WHERE drive_id = ? "
    "ORDER BY id";

}  // namespace

int sqlite_store::next_request_number(const chat_ref& chat) {
  auto& q = statement(next_request_number_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  return q.executeStep() ? q.getColumn(0).getInt() : 1;
}

std::int64_t sqlite_store::insert_request(const supply_request& r) {
  auto& q = statement(insert_request_sql);
  q.bind(1, r.chat.platform);
  q.bind(2, r.chat.chat_id);
  q.bind(3, r.number);
  q.bind(4, r.requester_id);
  q.bind(5, r.requester_name);
  bind_address(q, 6, r.where);
  q.bind(9, r.category);
  q.bind(10, r.urgent ? 1 : 0);
  q.bind(11, std::string(to_string(r.status)));
  bind_optional(q, 12, r.claimed_by);
  bind_optional(q, 13, r.claimed_by_name);
  bind_optional<int64_t>(q, 14, r.stated_total_cents);
  bind_optional<int64_t>(q, 15, r.spent_cents);
  bind_optional(q, 16, r.duplicate_of);
  q.bind(17, r.text);
  q.bind(18, r.message_id);
  q.bind(19, static_cast<int64_t>(r.created_ms));
  q.bind(20, static_cast<int64_t>(r.updated_ms));
  q.exec();
  const std::int64_t id = db_.getLastInsertRowid();
  write_items(id, r.items);
  return id;
}

std::optional<supply_request> sqlite_store::find_request(const chat_ref& chat, int number) {
  auto& q = statement(find_request_sql.c_str());
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, number);
  if (!q.executeStep()) return std::nullopt;
  supply_request r = read_request(q, chat);
  q.reset();
  r.items = read_items(r.id);
  return r;
}

void sqlite_store::update_request(const supply_request& r) {
  auto& q = statement(update_request_sql);
  bind_address(q, 1, r.where);
  q.bind(4, r.category);
  q.bind(5, r.urgent ? 1 : 0);
  q.bind(6, std::string(to_string(r.status)));
  bind_optional(q, 7, r.claimed_by);
  bind_optional(q, 8, r.claimed_by_name);
  bind_optional<int64_t>(q, 9, r.stated_total_cents);
  bind_optional<int64_t>(q, 10, r.spent_cents);
  bind_optional(q, 11, r.duplicate_of);
  q.bind(12, r.text);
  q.bind(13, static_cast<int64_t>(r.updated_ms));
  q.bind(14, static_cast<int64_t>(r.id));
  q.exec();
  auto& del = statement(delete_request_items_sql);
  del.bind(1, static_cast<int64_t>(r.id));
  del.exec();
  write_items(r.id, r.items);
}

std::optional<int> sqlite_store::find_possible_duplicate(const supply_request& r,
                                                         std::int64_t since_ms) {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& i : r.items) names.push_back(i.name);
  const std::string items = names.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::optional<int> latest;
  for (const char* sql : {duplicate_by_address_sql, duplicate_by_requester_sql}) {
    if (sql == duplicate_by_address_sql && !r.where) continue;
    auto& q = statement(sql);
    q.bind(1, r.chat.platform);
    q.bind(2, r.chat.chat_id);
    q.bind(3, static_cast<int64_t>(since_ms));
    bind_address(q, 4, r.where);
    q.bind(7, r.requester_id);
    q.bind(8, items);
    if (q.executeStep()) latest = std::max(latest.value_or(0), q.getColumn(0).getInt());
  }
  return latest;
}

std::vector<supply_request> sqlite_store::list_requests(const chat_ref& chat,
                                                        std::int64_t since_ms) {
  auto& q = statement(list_requests_sql.c_str());
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, static_cast<int64_t>(since_ms));
  std::vector<supply_request> out;
  while (q.executeStep()) out.push_back(read_request(q, chat));
  for (auto& r : out) r.items = read_items(r.id);
  return out;
}

std::optional<group_buy> sqlite_store::open_group_buy(const chat_ref& chat) {
  auto& q = statement(open_group_buy_sql.c_str());
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  if (!q.executeStep()) return std::nullopt;
  return read_group_buy(q, chat);
}

std::int64_t sqlite_store::insert_group_buy(const group_buy& g) {
  auto& q = statement(insert_group_buy_sql);
  q.bind(1, g.chat.platform);
  q.bind(2, g.chat.chat_id);
  q.bind(3, g.title);
  q.bind(4, g.unit);
  q.bind(5, static_cast<int64_t>(g.unit_price_cents));
  bind_optional<int64_t>(q, 6, g.deadline_ms);
  q.bind(7, g.closed ? 1 : 0);
  q.bind(8, static_cast<int64_t>(g.opened_ms));
  q.exec();
  return db_.getLastInsertRowid();
}

void sqlite_store::close_group_buy(std::int64_t id) {
  auto& q = statement(close_group_buy_sql);
  q.bind(1, static_cast<int64_t>(id));
  q.exec();
}

std::vector<group_buy> sqlite_store::group_buys(const chat_ref& chat, std::int64_t since_ms) {
  auto& q = statement(group_buys_sql.c_str());
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, static_cast<int64_t>(since_ms));
  std::vector<group_buy> out;
  while (q.executeStep()) out.push_back(read_group_buy(q, chat));
  return out;
}

void sqlite_store::save_group_buy_order(std::int64_t buy_id, const group_buy_order& o) {
  auto& q = statement(save_order_sql);
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
  auto& q = statement(orders_sql);
  q.bind(1, static_cast<int64_t>(buy_id));
  std::vector<group_buy_order> out;
  while (q.executeStep()) {
    group_buy_order o;
    o.household = q.getColumn(0).getString();
    if (!q.getColumn(1).isNull()) {
      o.where = address{q.getColumn(1).getString(), optional_text(q.getColumn(2)),
                        optional_text(q.getColumn(3))};
    }
    o.sender_id = q.getColumn(4).getString();
    o.sender_name = q.getColumn(5).getString();
    o.quantity = q.getColumn(6).getInt64();
    o.updated_ms = q.getColumn(7).getInt64();
    out.push_back(std::move(o));
  }
  return out;
}

std::optional<donation_drive> sqlite_store::current_drive(const chat_ref& chat) {
  auto& q = statement(current_drive_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  if (!q.executeStep()) return std::nullopt;
  return donation_drive{q.getColumn(0).getInt64(), chat, q.getColumn(1).getString(),
                        q.getColumn(2).getInt64(), q.getColumn(3).getInt64()};
}

std::int64_t sqlite_store::insert_drive(const donation_drive& d) {
  auto& q = statement(insert_drive_sql);
  q.bind(1, d.chat.platform);
  q.bind(2, d.chat.chat_id);
  q.bind(3, d.title);
  q.bind(4, static_cast<int64_t>(d.goal_cents));
  q.bind(5, static_cast<int64_t>(d.opened_ms));
  q.exec();
  return db_.getLastInsertRowid();
}

void sqlite_store::add_donation(std::int64_t drive_id, const donation& d) {
  auto& q = statement(add_donation_sql);
  q.bind(1, static_cast<int64_t>(drive_id));
  q.bind(2, d.sender_id);
  q.bind(3, d.sender_name);
  q.bind(4, static_cast<int64_t>(d.cents));
  q.bind(5, static_cast<int64_t>(d.at_ms));
  q.bind(6, d.message_id);
  q.exec();
}

std::vector<donation> sqlite_store::donations(std::int64_t drive_id) {
  auto& q = statement(donations_sql);
  q.bind(1, static_cast<int64_t>(drive_id));
  std::vector<donation> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                   q.getColumn(2).getInt64(), q.getColumn(3).getInt64(),
                   q.getColumn(4).getString()});
  }
  return out;
}

std::optional<address> sqlite_store::load_address(const chat_ref& chat,
                                                  const std::string& sender_id) {
  auto& q = statement(load_address_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, sender_id);
  if (!q.executeStep()) return std::nullopt;
  return address{q.getColumn(0).getString(), optional_text(q.getColumn(1)),
                 optional_text(q.getColumn(2))};
}

void sqlite_store::save_address(const chat_ref& chat, const std::string& sender_id,
                                const address& a) {
  auto& q = statement(save_address_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, sender_id);
  q.bind(4, a.building);
  bind_optional(q, 5, a.unit);
  bind_optional(q, 6, a.room);
  q.exec();
}

void sqlite_store::bind_address(SQLite::Statement& q, int index, const std::optional<address>& a) {
  if (a) {
    q.bind(index, a->building);
    bind_optional(q, index + 1, a->unit);
    bind_optional(q, index + 2, a->room);
  } else {
    q.bind(index);
    q.bind(index + 1);
    q.bind(index + 2);
  }
}

group_buy sqlite_store::read_group_buy(SQLite::Statement& q, const chat_ref& chat) {
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

supply_request sqlite_store::read_request(SQLite::Statement& q, const chat_ref& chat) {
  supply_request r;
  r.id = q.getColumn(0).getInt64();
  r.chat = chat;
  r.number = q.getColumn(1).getInt();
  r.requester_id = q.getColumn(2).getString();
  r.requester_name = q.getColumn(3).getString();
  if (!q.getColumn(4).isNull()) {
    r.where = address{q.getColumn(4).getString(), optional_text(q.getColumn(5)),
                      optional_text(q.getColumn(6))};
  }
  r.category = q.getColumn(7).getString();
  r.urgent = q.getColumn(8).getInt() != 0;
  r.status = request_status_from(q.getColumn(9).getString()).value_or(request_status::open);
  r.claimed_by = optional_text(q.getColumn(10));
  r.claimed_by_name = optional_text(q.getColumn(11));
  r.stated_total_cents = optional_int(q.getColumn(12));
  r.spent_cents = optional_int(q.getColumn(13));
  if (!q.getColumn(14).isNull()) r.duplicate_of = q.getColumn(14).getInt();
  r.text = q.getColumn(15).getString();
  r.message_id = q.getColumn(16).getString();
  r.created_ms = q.getColumn(17).getInt64();
  r.updated_ms = q.getColumn(18).getInt64();
  return r;
}

std::vector<request_item> sqlite_store::read_items(std::int64_t request_id) {
  auto& q = statement(request_items_sql);
  q.bind(1, static_cast<int64_t>(request_id));
  std::vector<request_item> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                   optional_text(q.getColumn(2)), optional_int(q.getColumn(3))});
  }
  return out;
}

void sqlite_store::write_items(std::int64_t request_id, const std::vector<request_item>& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto& q = statement(insert_request_item_sql);
    q.bind(1, static_cast<int64_t>(request_id));
    q.bind(2, static_cast<int>(i));
    q.bind(3, items[i].name);
    q.bind(4, static_cast<int64_t>(items[i].quantity));
    bind_optional(q, 5, items[i].unit);
    bind_optional<int64_t>(q, 6, items[i].amount_cents);
    q.exec();
  }
}

}  // namespace linli::storage::detail
