// The SQLite store: 接龙 chains and their entries.

#include <array>
#include <map>
#include <nlohmann/json.hpp>

#include "storage/sqlite/sqlite_plans.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace linli::storage::sqlite {
namespace {

constexpr std::array<migration, 3> migrations = {{
    {2, R"sql(
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
)sql"},
    // latest_chain, run for every message that may be a chain, found the chat's chains through
    // the (platform, chat_id, header_key) index and sorted them all to take the newest.
    {8, R"sql(
CREATE INDEX chains_by_chat ON chains (platform, chat_id, id);
)sql"},
    // A member's chain no longer displaces a coordinator's: latest_chain takes the newest chain a
    // coordinator opened first, through chains_current. Older chains count as members'.
    {11, R"sql(
ALTER TABLE chains ADD COLUMN by_coordinator INTEGER NOT NULL DEFAULT 0;
CREATE INDEX chains_current ON chains (platform, chat_id, by_coordinator, id);
)sql"},
}};

constexpr const char* latest_chain_sql =
    "SELECT id, header_key, title, header, example, tail, capacity, slot_caps, deadline_ms, "
    "closed, opened_ms, by_coordinator FROM chains WHERE platform = ? AND chat_id = ? "
    "ORDER BY by_coordinator DESC, id DESC LIMIT 1";

constexpr const char* find_chain_sql =
    "SELECT id, header_key, title, header, example, tail, capacity, slot_caps, deadline_ms, "
    "closed, opened_ms, by_coordinator FROM chains WHERE platform = ? AND chat_id = ? AND "
    "header_key = ?";

constexpr const char* insert_chain_sql =
    "INSERT INTO chains (platform, chat_id, header_key, title, header, example, tail, capacity, "
    "slot_caps, deadline_ms, closed, opened_ms, by_coordinator) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

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
    "UPDATE chain_entries SET state = ?, changed_ms = ?, content = ?, key = ?, detail = ?, "
    "slot = ? WHERE id = ?";

}  // namespace

namespace plans {
const char* const latest_chain = latest_chain_sql;
const char* const chain_entries = chain_entries_sql;
}  // namespace plans

std::span<const migration> chains_migrations() {
  return migrations;
}

std::optional<chain> sqlite_store::latest_chain(const chat_ref& chat) {
  const bool cached = caching();
  const std::string key = cached ? cache_key(chat) : std::string();
  if (cached) {
    if (auto hit = chains_.latest(key)) {
      if (*hit == nullptr) return std::nullopt;
      return **hit;
    }
  }
  auto q = statement(latest_chain_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  auto c = read_chain(q, chat);
  if (cached) chains_.put_latest(key, c ? std::make_shared<chain>(*c) : nullptr);
  return c;
}

std::optional<chain> sqlite_store::find_chain(const chat_ref& chat, const std::string& header_key) {
  if (auto c = find_chain_shared(chat, header_key)) return *c;
  return std::nullopt;
}

std::shared_ptr<const chain> sqlite_store::find_chain_shared(const chat_ref& chat,
                                                             const std::string& header_key) {
  const bool cached = caching();
  const std::string key = cached ? cache_key(chat) : std::string();
  if (cached) {
    if (auto hit = chains_.find(key, header_key)) return hit;
  }
  auto q = statement(find_chain_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, header_key);
  auto c = read_chain(q, chat);
  if (!c) return nullptr;
  auto shared = std::make_shared<chain>(std::move(*c));
  if (cached) chains_.put(key, shared);
  return shared;
}

std::int64_t sqlite_store::insert_chain(const chain& c) {
  auto q = statement(insert_chain_sql);
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
  q.bind(13, c.by_coordinator ? 1 : 0);
  q.exec();
  chains_.chain_inserted(cache_key(c.chat));
  return db_.getLastInsertRowid();
}

void sqlite_store::update_chain(const chain& c) {
  auto q = statement(update_chain_sql);
  bind_optional(q, 1, c.capacity);
  q.bind(2, encode_caps(c.slot_caps));
  bind_optional<int64_t>(q, 3, c.deadline_ms);
  q.bind(4, c.closed ? 1 : 0);
  q.bind(5, static_cast<int64_t>(c.id));
  q.exec();
  chains_.chain_updated(c);
}

std::int64_t sqlite_store::insert_chain_entry(std::int64_t chain_id, const chain_entry& e) {
  auto q = statement(insert_chain_entry_sql);
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
  const std::int64_t id = db_.getLastInsertRowid();
  chain_entry stored = e;
  stored.id = id;
  chains_.entry_inserted(chain_id, stored);
  return id;
}

void sqlite_store::update_chain_entry(const chain_entry& e) {
  auto q = statement(update_chain_entry_sql);
  q.bind(1, std::string(state_name(e.state)));
  q.bind(2, static_cast<int64_t>(e.changed_ms));
  q.bind(3, e.content);
  q.bind(4, e.key);
  q.bind(5, e.detail);
  bind_optional(q, 6, e.slot);
  q.bind(7, static_cast<int64_t>(e.id));
  q.exec();
  chains_.entry_updated(e);
}

std::optional<chain> sqlite_store::read_chain(query& q, const chat_ref& chat) {
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
  c.by_coordinator = q.getColumn(11).getInt() != 0;

  auto entries = statement(chain_entries_sql);
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

}  // namespace linli::storage::sqlite
