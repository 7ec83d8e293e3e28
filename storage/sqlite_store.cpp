#include "storage/sqlite_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

namespace linli::storage {
namespace {

// Each migration moves the schema from version i to i + 1 (PRAGMA user_version). Never edit a
// migration that has shipped; append a new one.
constexpr std::array<std::string_view, 4> migrations = {
    R"sql(
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
CREATE TABLE chats (
  platform  TEXT NOT NULL,
  chat_id   TEXT NOT NULL,
  language  TEXT NOT NULL,
  PRIMARY KEY (platform, chat_id)
);
)sql",
    R"sql(
CREATE TABLE chains (
  id           INTEGER PRIMARY KEY,
  platform     TEXT    NOT NULL,
  chat_id      TEXT    NOT NULL,
  header_key   TEXT    NOT NULL,
  title        TEXT    NOT NULL,
  header       TEXT    NOT NULL,  -- JSON array of the header lines
  example      TEXT    NOT NULL,
  tail         TEXT    NOT NULL,  -- JSON array of the tail lines
  capacity     INTEGER,
  slot_caps    TEXT    NOT NULL,  -- JSON object: slot -> places
  deadline_ms  INTEGER,
  closed       INTEGER NOT NULL,
  opened_ms    INTEGER NOT NULL,
  UNIQUE (platform, chat_id, header_key)
);
CREATE TABLE chain_entries (
  id             INTEGER PRIMARY KEY,
  chain_id       INTEGER NOT NULL REFERENCES chains (id),
  content        TEXT    NOT NULL,
  key            TEXT    NOT NULL,
  name           TEXT    NOT NULL,
  detail         TEXT    NOT NULL,
  slot           TEXT,
  sender_id      TEXT    NOT NULL,
  sender_name    TEXT    NOT NULL,
  registered_by  TEXT,
  state          TEXT    NOT NULL,  -- active | left | rejected
  added_ms       INTEGER NOT NULL,
  changed_ms     INTEGER NOT NULL
);
CREATE INDEX chain_entries_by_chain ON chain_entries (chain_id, id);
)sql",
    R"sql(
CREATE TABLE requests (
  id                  INTEGER PRIMARY KEY,
  platform            TEXT    NOT NULL,
  chat_id             TEXT    NOT NULL,
  number              INTEGER NOT NULL,
  requester_id        TEXT    NOT NULL,
  requester_name      TEXT    NOT NULL,
  building            TEXT,             -- NULL when no address is known
  unit                TEXT,
  room                TEXT,
  category            TEXT    NOT NULL,
  urgent              INTEGER NOT NULL,
  status              TEXT    NOT NULL,  -- open | claimed | bought | delivered | cancelled
  claimed_by          TEXT,
  claimed_by_name     TEXT,
  stated_total_cents  INTEGER,
  spent_cents         INTEGER,
  duplicate_of        INTEGER,
  text                TEXT    NOT NULL,
  message_id          TEXT    NOT NULL,
  created_ms          INTEGER NOT NULL,
  updated_ms          INTEGER NOT NULL,
  UNIQUE (platform, chat_id, number)
);
CREATE INDEX requests_by_time ON requests (platform, chat_id, created_ms);
CREATE TABLE request_items (
  request_id    INTEGER NOT NULL REFERENCES requests (id),
  seq           INTEGER NOT NULL,
  name          TEXT    NOT NULL,
  quantity      INTEGER NOT NULL,
  unit          TEXT,
  amount_cents  INTEGER,
  PRIMARY KEY (request_id, seq)
);
CREATE TABLE addresses (
  platform   TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  sender_id  TEXT NOT NULL,
  building   TEXT NOT NULL,
  unit       TEXT,
  room       TEXT,
  PRIMARY KEY (platform, chat_id, sender_id)
);
)sql",
    R"sql(
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
CREATE TABLE donation_drives (
  id          INTEGER PRIMARY KEY,
  platform    TEXT    NOT NULL,
  chat_id     TEXT    NOT NULL,
  title       TEXT    NOT NULL,
  goal_cents  INTEGER NOT NULL,
  opened_ms   INTEGER NOT NULL
);
CREATE INDEX donation_drives_by_chat ON donation_drives (platform, chat_id, id);
CREATE TABLE donations (
  id           INTEGER PRIMARY KEY,
  drive_id     INTEGER NOT NULL REFERENCES donation_drives (id),
  sender_id    TEXT    NOT NULL,
  sender_name  TEXT    NOT NULL,
  cents        INTEGER NOT NULL,
  at_ms        INTEGER NOT NULL,
  message_id   TEXT    NOT NULL
);
CREATE INDEX donations_by_drive ON donations (drive_id, id);
)sql",
};

constexpr const char* find_message_sql =
    "SELECT seq, sender_id, sender_name, sender_role, text, sent_at, received_ms, kind, replies "
    "FROM inbox WHERE platform = ? AND chat_id = ? AND delivery_id = ?";
constexpr const char* insert_message_sql =
    "INSERT INTO inbox (platform, chat_id, delivery_id, sender_id, sender_name, sender_role, text, "
    "sent_at, received_ms, kind, replies) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* list_messages_sql =
    "SELECT seq, sender_id, sender_name, sender_role, text, sent_at, received_ms, kind, replies, "
    "delivery_id FROM inbox WHERE platform = ?1 AND chat_id = ?2 AND (?3 IS NULL OR kind = ?3) "
    "AND (?4 = 0 OR seq < ?4) ORDER BY seq DESC LIMIT ?5";
constexpr const char* latest_chain_sql =
    "SELECT id, header_key, title, header, example, tail, capacity, slot_caps, deadline_ms, "
    "closed, opened_ms FROM chains WHERE platform = ? AND chat_id = ? ORDER BY id DESC LIMIT 1";
constexpr const char* find_chain_sql =
    "SELECT id, header_key, title, header, example, tail, capacity, slot_caps, deadline_ms, "
    "closed, opened_ms FROM chains WHERE platform = ? AND chat_id = ? AND header_key = ?";
constexpr const char* insert_chain_sql =
    "INSERT INTO chains (platform, chat_id, header_key, title, header, example, tail, capacity, "
    "slot_caps, deadline_ms, closed, opened_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* update_chain_sql =
    "UPDATE chains SET capacity = ?, slot_caps = ?, deadline_ms = ?, closed = ? WHERE id = ?";
constexpr const char* chain_entries_sql =
    "SELECT id, content, key, name, detail, slot, sender_id, sender_name, registered_by, state, "
    "added_ms, changed_ms FROM chain_entries WHERE chain_id = ? ORDER BY id";
constexpr const char* insert_chain_entry_sql =
    "INSERT INTO chain_entries (chain_id, content, key, name, detail, slot, sender_id, "
    "sender_name, registered_by, state, added_ms, changed_ms) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* update_chain_entry_sql =
    "UPDATE chain_entries SET state = ?, changed_ms = ? WHERE id = ?";
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
constexpr const char* next_request_number_sql =
    "SELECT coalesce(max(number), 0) + 1 FROM requests WHERE platform = ? AND chat_id = ?";
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
constexpr const char* savepoint_sql = "SAVEPOINT message";
constexpr const char* release_sql = "RELEASE message";
constexpr const char* rollback_to_sql = "ROLLBACK TO message";
constexpr const char* count_messages_sql = "SELECT count(*) FROM inbox";
constexpr const char* load_chat_sql =
    "SELECT language FROM chats WHERE platform = ? AND chat_id = ?";
constexpr const char* save_chat_sql =
    "INSERT INTO chats (platform, chat_id, language) VALUES (?, ?, ?) "
    "ON CONFLICT (platform, chat_id) DO UPDATE SET language = excluded.language";

std::string_view state_name(entry_state s) {
  switch (s) {
    case entry_state::active:
      return "active";
    case entry_state::left:
      return "left";
    case entry_state::rejected:
      return "rejected";
  }
  return "active";
}

entry_state state_from(std::string_view s) {
  if (s == "left") return entry_state::left;
  if (s == "rejected") return entry_state::rejected;
  return entry_state::active;
}

std::string encode_lines(const std::vector<std::string>& lines) {
  return nlohmann::json(lines).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> decode_lines(const std::string& text) {
  std::vector<std::string> out;
  const auto array = nlohmann::json::parse(text, nullptr, false);
  if (!array.is_array()) return out;
  for (const auto& item : array) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::string encode_caps(const std::map<std::string, int>& caps) {
  return nlohmann::json(caps).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::map<std::string, int> decode_caps(const std::string& text) {
  std::map<std::string, int> out;
  const auto object = nlohmann::json::parse(text, nullptr, false);
  if (!object.is_object()) return out;
  for (const auto& [key, value] : object.items()) {
    if (value.is_number_integer()) out[key] = value.get<int>();
  }
  return out;
}

// Binds an optional: NULL when empty.
template <class T>
void bind_optional(SQLite::Statement& q, int index, const std::optional<T>& value) {
  if (value) {
    q.bind(index, *value);
  } else {
    q.bind(index);
  }
}

std::optional<std::string> optional_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

std::optional<std::int64_t> optional_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

std::string_view role_name(platform_role r) {
  return r == platform_role::admin ? "admin" : "member";
}
platform_role role_from(std::string_view s) {
  return s == "admin" ? platform_role::admin : platform_role::member;
}

std::string encode_replies(const replies& rs) {
  nlohmann::json array = nlohmann::json::array();
  for (const auto& r : rs) array.push_back(r.text);
  return array.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

replies decode_replies(const std::string& text) {
  replies out;
  const auto array = nlohmann::json::parse(text, nullptr, false);
  if (!array.is_array()) return out;
  for (const auto& item : array) {
    if (item.is_string()) out.push_back({item.get<std::string>()});
  }
  return out;
}

const char* sync_pragma(sync_mode m) {
  switch (m) {
    case sync_mode::off:
      return "PRAGMA synchronous = OFF";
    case sync_mode::normal:
      return "PRAGMA synchronous = NORMAL";
    case sync_mode::full:
      return "PRAGMA synchronous = FULL";
  }
  return "PRAGMA synchronous = FULL";
}

class sqlite_store final : public store {
 public:
  explicit sqlite_store(const sqlite_options& o)
      // NOMUTEX: a store is one connection used by one thread, so SQLite's own locking is waste.
      : db_(o.path,
            (o.read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) |
                SQLite::OPEN_NOMUTEX) {
    db_.setBusyTimeout(5000);                // ms; readers may briefly wait on a checkpoint
    db_.exec("PRAGMA cache_size = -16384");  // KiB: keeps the inbox indexes in memory
    if (!o.read_only) {
      db_.exec("PRAGMA journal_mode = WAL");
      db_.exec(sync_pragma(o.synchronous));
      migrate();
    } else if (db_.execAndGet("PRAGMA user_version").getInt() != sqlite_schema_version()) {
      throw std::runtime_error("database schema is not at the expected version");
    }
  }

  void begin() override { db_.exec("BEGIN IMMEDIATE"); }
  void commit() override { db_.exec("COMMIT"); }
  void rollback() noexcept override {
    chat_cache_.clear();
    try {
      db_.exec("ROLLBACK");
    } catch (const std::exception&) {
      // Nothing to roll back (SQLite may already have rolled back after an I/O error).
    }
  }
  // Savepoints run once per message: prepared once like every other statement.
  void savepoint() override { statement(savepoint_sql).exec(); }
  void release_savepoint() override { statement(release_sql).exec(); }
  void rollback_to_savepoint() override {
    chat_cache_.clear();
    statement(rollback_to_sql).exec();
    statement(release_sql).exec();
  }

  std::optional<stored_message> find_message(const chat_ref& chat,
                                             const std::string& delivery_id) override {
    auto& q = statement(find_message_sql);
    q.bind(1, chat.platform);
    q.bind(2, chat.chat_id);
    q.bind(3, delivery_id);
    if (!q.executeStep()) return std::nullopt;
    stored_message m = read_row(q, chat);
    m.message.delivery_id = delivery_id;
    return m;
  }

  std::int64_t insert_message(const stored_message& m) override {
    auto& q = statement(insert_message_sql);
    const envelope& e = m.message;
    q.bind(1, e.chat.platform);
    q.bind(2, e.chat.chat_id);
    q.bind(3, e.delivery_id);
    q.bind(4, e.from.id);
    q.bind(5, e.from.name);
    q.bind(6, std::string(role_name(e.from.role)));
    q.bind(7, e.text);
    q.bind(8, static_cast<int64_t>(e.sent_at));
    q.bind(9, static_cast<int64_t>(e.received_at_ms));
    q.bind(10, m.kind);
    q.bind(11, encode_replies(m.answers));
    q.exec();
    return db_.getLastInsertRowid();
  }

  std::vector<stored_message> list_messages(const chat_ref& chat,
                                            const message_filter& filter) override {
    auto& q = statement(list_messages_sql);
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
      out.push_back(read_row(q, chat));
      out.back().message.delivery_id = q.getColumn(9).getString();
    }
    return out;
  }

  std::int64_t count_messages() override {
    auto& q = statement(count_messages_sql);
    q.executeStep();
    return q.getColumn(0).getInt64();
  }

  chat_settings load_chat(const chat_ref& chat) override {
    const std::string key = cache_key(chat);
    if (const auto it = chat_cache_.find(key); it != chat_cache_.end()) return it->second;
    auto& q = statement(load_chat_sql);
    q.bind(1, chat.platform);
    q.bind(2, chat.chat_id);
    chat_settings s;
    if (q.executeStep()) s.lang = q.getColumn(0).getString() == "en" ? language::en : language::zh;
    if (chat_cache_.size() >= max_cached_chats) chat_cache_.clear();
    chat_cache_.emplace(key, s);
    return s;
  }

  std::optional<chain> latest_chain(const chat_ref& chat) override {
    auto& q = statement(latest_chain_sql);
    q.bind(1, chat.platform);
    q.bind(2, chat.chat_id);
    return read_chain(q, chat);
  }

  std::optional<chain> find_chain(const chat_ref& chat, const std::string& header_key) override {
    auto& q = statement(find_chain_sql);
    q.bind(1, chat.platform);
    q.bind(2, chat.chat_id);
    q.bind(3, header_key);
    return read_chain(q, chat);
  }

  std::int64_t insert_chain(const chain& c) override {
    auto& q = statement(insert_chain_sql);
    q.bind(1, c.chat.platform);
    q.bind(2, c.chat.chat_id);
    q.bind(3, c.header_key);
    q.bind(4, c.title);
    q.bind(5, encode_lines(c.header));
    q.bind(6, c.example);
    q.bind(7, encode_lines(c.tail));
    bind_optional(q, 8, c.capacity);
    q.bind(9, encode_caps(c.slot_caps));
    bind_optional<int64_t>(q, 10, c.deadline_ms);
    q.bind(11, c.closed ? 1 : 0);
    q.bind(12, static_cast<int64_t>(c.opened_ms));
    q.exec();
    return db_.getLastInsertRowid();
  }

  void update_chain(const chain& c) override {
    auto& q = statement(update_chain_sql);
    bind_optional(q, 1, c.capacity);
    q.bind(2, encode_caps(c.slot_caps));
    bind_optional<int64_t>(q, 3, c.deadline_ms);
    q.bind(4, c.closed ? 1 : 0);
    q.bind(5, static_cast<int64_t>(c.id));
    q.exec();
  }

  std::int64_t insert_chain_entry(std::int64_t chain_id, const chain_entry& e) override {
    auto& q = statement(insert_chain_entry_sql);
    q.bind(1, static_cast<int64_t>(chain_id));
    q.bind(2, e.content);
    q.bind(3, e.key);
    q.bind(4, e.name);
    q.bind(5, e.detail);
    bind_optional(q, 6, e.slot);
    q.bind(7, e.sender_id);
    q.bind(8, e.sender_name);
    bind_optional(q, 9, e.registered_by);
    q.bind(10, std::string(state_name(e.state)));
    q.bind(11, static_cast<int64_t>(e.added_ms));
    q.bind(12, static_cast<int64_t>(e.changed_ms));
    q.exec();
    return db_.getLastInsertRowid();
  }

  void update_chain_entry(const chain_entry& e) override {
    auto& q = statement(update_chain_entry_sql);
    q.bind(1, std::string(state_name(e.state)));
    q.bind(2, static_cast<int64_t>(e.changed_ms));
    q.bind(3, static_cast<int64_t>(e.id));
    q.exec();
  }

  int next_request_number(const chat_ref& chat) override {
    auto& q = statement(next_request_number_sql);
    q.bind(1, chat.platform);
    q.bind(2, chat.chat_id);
    q.executeStep();
    return q.getColumn(0).getInt();
  }

  std::int64_t insert_request(const supply_request& r) override {
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

  std::optional<supply_request> find_request(const chat_ref& chat, int number) override {
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

  void update_request(const supply_request& r) override {
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

  std::vector<supply_request> list_requests(const chat_ref& chat, std::int64_t since_ms) override {
    auto& q = statement(list_requests_sql.c_str());
    q.bind(1, chat.platform);
    q.bind(2, chat.chat_id);
    q.bind(3, static_cast<int64_t>(since_ms));
    std::vector<supply_request> out;
    while (q.executeStep()) out.push_back(read_request(q, chat));
    for (auto& r : out) r.items = read_items(r.id);
    return out;
  }

  std::optional<group_buy> open_group_buy(const chat_ref& chat) override {
    auto& q = statement(open_group_buy_sql.c_str());
    q.bind(1, chat.platform);
    q.bind(2, chat.chat_id);
    if (!q.executeStep()) return std::nullopt;
    return read_group_buy(q, chat);
  }

  std::int64_t insert_group_buy(const group_buy& g) override {
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

  void close_group_buy(std::int64_t id) override {
    auto& q = statement(close_group_buy_sql);
    q.bind(1, static_cast<int64_t>(id));
    q.exec();
  }

  std::vector<group_buy> group_buys(const chat_ref& chat, std::int64_t since_ms) override {
    auto& q = statement(group_buys_sql.c_str());
    q.bind(1, chat.platform);
    q.bind(2, chat.chat_id);
    q.bind(3, static_cast<int64_t>(since_ms));
    std::vector<group_buy> out;
    while (q.executeStep()) out.push_back(read_group_buy(q, chat));
    return out;
  }

  void save_group_buy_order(std::int64_t buy_id, const group_buy_order& o) override {
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

  std::vector<group_buy_order> group_buy_orders(std::int64_t buy_id) override {
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

  std::optional<donation_drive> current_drive(const chat_ref& chat) override {
    auto& q = statement(current_drive_sql);
    q.bind(1, chat.platform);
    q.bind(2, chat.chat_id);
    if (!q.executeStep()) return std::nullopt;
    return donation_drive{q.getColumn(0).getInt64(), chat, q.getColumn(1).getString(),
                          q.getColumn(2).getInt64(), q.getColumn(3).getInt64()};
  }

  std::int64_t insert_drive(const donation_drive& d) override {
    auto& q = statement(insert_drive_sql);
    q.bind(1, d.chat.platform);
    q.bind(2, d.chat.chat_id);
    q.bind(3, d.title);
    q.bind(4, static_cast<int64_t>(d.goal_cents));
    q.bind(5, static_cast<int64_t>(d.opened_ms));
    q.exec();
    return db_.getLastInsertRowid();
  }

  void add_donation(std::int64_t drive_id, const donation& d) override {
    auto& q = statement(add_donation_sql);
    q.bind(1, static_cast<int64_t>(drive_id));
    q.bind(2, d.sender_id);
    q.bind(3, d.sender_name);
    q.bind(4, static_cast<int64_t>(d.cents));
    q.bind(5, static_cast<int64_t>(d.at_ms));
    q.bind(6, d.message_id);
    q.exec();
  }

  std::vector<donation> donations(std::int64_t drive_id) override {
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

  std::optional<address> load_address(const chat_ref& chat, const std::string& sender_id) override {
    auto& q = statement(load_address_sql);
    q.bind(1, chat.platform);
    q.bind(2, chat.chat_id);
    q.bind(3, sender_id);
    if (!q.executeStep()) return std::nullopt;
    return address{q.getColumn(0).getString(), optional_text(q.getColumn(1)),
                   optional_text(q.getColumn(2))};
  }

  void save_address(const chat_ref& chat, const std::string& sender_id, const address& a) override {
    auto& q = statement(save_address_sql);
    q.bind(1, chat.platform);
    q.bind(2, chat.chat_id);
    q.bind(3, sender_id);
    q.bind(4, a.building);
    bind_optional(q, 5, a.unit);
    bind_optional(q, 6, a.room);
    q.exec();
  }

  void save_chat(const chat_ref& chat, const chat_settings& s) override {
    auto& q = statement(save_chat_sql);
    q.bind(1, chat.platform);
    q.bind(2, chat.chat_id);
    q.bind(3, s.lang == language::en ? "en" : "zh");
    q.exec();
    chat_cache_[cache_key(chat)] = s;
  }

 private:
  // A prepared statement per query text, prepared once and reset before each use.
  SQLite::Statement& statement(const char* sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
    }
    SQLite::Statement& q = *it->second;
    q.reset();
    q.clearBindings();
    return q;
  }

  // Binds building, unit, room at index..index+2 (all NULL when there is no address).
  static void bind_address(SQLite::Statement& q, int index, const std::optional<address>& a) {
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

  static group_buy read_group_buy(SQLite::Statement& q, const chat_ref& chat) {
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

  static supply_request read_request(SQLite::Statement& q, const chat_ref& chat) {
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

  std::vector<request_item> read_items(std::int64_t request_id) {
    auto& q = statement(request_items_sql);
    q.bind(1, static_cast<int64_t>(request_id));
    std::vector<request_item> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                     optional_text(q.getColumn(2)), optional_int(q.getColumn(3))});
    }
    return out;
  }

  void write_items(std::int64_t request_id, const std::vector<request_item>& items) {
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

  // Reads the chain the query found (if any) and all its entries.
  std::optional<chain> read_chain(SQLite::Statement& q, const chat_ref& chat) {
    if (!q.executeStep()) return std::nullopt;
    chain c;
    c.id = q.getColumn(0).getInt64();
    c.chat = chat;
    c.header_key = q.getColumn(1).getString();
    c.title = q.getColumn(2).getString();
    c.header = decode_lines(q.getColumn(3).getString());
    c.example = q.getColumn(4).getString();
    c.tail = decode_lines(q.getColumn(5).getString());
    if (!q.getColumn(6).isNull()) c.capacity = q.getColumn(6).getInt();
    c.slot_caps = decode_caps(q.getColumn(7).getString());
    if (!q.getColumn(8).isNull()) c.deadline_ms = q.getColumn(8).getInt64();
    c.closed = q.getColumn(9).getInt() != 0;
    c.opened_ms = q.getColumn(10).getInt64();

    auto& entries = statement(chain_entries_sql);
    entries.bind(1, static_cast<int64_t>(c.id));
    while (entries.executeStep()) {
      chain_entry e;
      e.id = entries.getColumn(0).getInt64();
      e.content = entries.getColumn(1).getString();
      e.key = entries.getColumn(2).getString();
      e.name = entries.getColumn(3).getString();
      e.detail = entries.getColumn(4).getString();
      if (!entries.getColumn(5).isNull()) e.slot = entries.getColumn(5).getString();
      e.sender_id = entries.getColumn(6).getString();
      e.sender_name = entries.getColumn(7).getString();
      if (!entries.getColumn(8).isNull()) e.registered_by = entries.getColumn(8).getString();
      e.state = state_from(entries.getColumn(9).getString());
      e.added_ms = entries.getColumn(10).getInt64();
      e.changed_ms = entries.getColumn(11).getInt64();
      c.entries.push_back(std::move(e));
    }
    return c;
  }

  static stored_message read_row(SQLite::Statement& q, const chat_ref& chat) {
    stored_message m;
    m.seq = q.getColumn(0).getInt64();
    m.message.chat = chat;
    m.message.from = {q.getColumn(1).getString(), q.getColumn(2).getString(),
                      role_from(q.getColumn(3).getString())};
    m.message.text = q.getColumn(4).getString();
    m.message.sent_at = q.getColumn(5).getInt64();
    m.message.received_at_ms = q.getColumn(6).getInt64();
    m.kind = q.getColumn(7).getString();
    m.answers = decode_replies(q.getColumn(8).getString());
    return m;
  }

  void migrate() {
    const int current = db_.execAndGet("PRAGMA user_version").getInt();
    if (current > sqlite_schema_version()) {
      throw std::runtime_error("database schema version " + std::to_string(current) +
                               " is newer than this linli (" +
                               std::to_string(sqlite_schema_version()) + ")");
    }
    for (int v = current; v < sqlite_schema_version(); ++v) {
      SQLite::Transaction tx(db_);
      db_.exec(std::string(migrations[static_cast<std::size_t>(v)]));
      db_.exec("PRAGMA user_version = " + std::to_string(v + 1));
      tx.commit();
    }
  }

  static std::string cache_key(const chat_ref& chat) {
    std::string key = chat.platform;
    key.push_back('\0');
    key += chat.chat_id;
    return key;
  }

  // Chat settings are read for every message and change rarely. Safe to cache because this
  // connection is the database's only writer; cleared on any rollback.
  static constexpr std::size_t max_cached_chats = 100'000;

  SQLite::Database db_;
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
  std::unordered_map<std::string, chat_settings> chat_cache_;
};

}  // namespace

int sqlite_schema_version() {
  return static_cast<int>(migrations.size());
}

std::unique_ptr<store> open_sqlite(const sqlite_options& options) {
  // SQLite keeps memory statistics behind a global mutex by default; linli never reads them, and
  // every connection is single-threaded, so turn them off before the library initialises.
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);  // SQLITE_MISUSE if already initialised: harmless
    return true;
  }();
  (void)configured;
  try {
    return std::make_unique<sqlite_store>(options);
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot open database " + options.path + ": " + e.what());
  }
}

}  // namespace linli::storage
