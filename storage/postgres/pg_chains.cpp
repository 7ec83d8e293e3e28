// The PostgreSQL store: 接龙 chains and their entries.

#include <array>
#include <map>
#include <nlohmann/json.hpp>

#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_store.hpp"

namespace linli::storage::postgres {
namespace {

constexpr std::array<migration, 3> migrations = {{
    {2, R"sql(
CREATE TABLE chains (
  platform     text    NOT NULL,
  chat_id      text    NOT NULL,
  id           bigint  GENERATED ALWAYS AS IDENTITY,
  header_key   text    NOT NULL,
  title        text    NOT NULL,
  header       text    NOT NULL,  -- JSON array of the header lines
  example      text    NOT NULL,
  tail         text    NOT NULL,  -- JSON array of the tail lines
  capacity     integer,
  slot_caps    text    NOT NULL,  -- JSON object: slot -> places
  deadline_ms  bigint,
  closed       boolean NOT NULL,
  opened_ms    bigint  NOT NULL,
  PRIMARY KEY (platform, chat_id, id),
  UNIQUE (platform, chat_id, header_key)
);
CREATE TABLE chain_entries (
  platform       text    NOT NULL,
  chat_id        text    NOT NULL,
  chain_id       bigint  NOT NULL,
  id             bigint  GENERATED ALWAYS AS IDENTITY,
  content        text    NOT NULL,
  key            text    NOT NULL,
  name           text    NOT NULL,
  detail         text    NOT NULL,
  slot           text,
  sender_id      text    NOT NULL,
  sender_name    text    NOT NULL,
  registered_by  text,
  state          text    NOT NULL,  -- active | left | rejected
  added_ms       bigint  NOT NULL,
  changed_ms     bigint  NOT NULL,
  PRIMARY KEY (platform, chat_id, chain_id, id),
  FOREIGN KEY (platform, chat_id, chain_id) REFERENCES chains (platform, chat_id, id)
);
CREATE INDEX chain_entries_by_chain ON chain_entries (chain_id, id);
CREATE INDEX chain_entries_by_id ON chain_entries (id);
)sql"},
    // SQLite's version 8 added chains_by_chat (platform, chat_id, id): here the primary key has
    // been that index from the start, so the version adds nothing.
    {8, "-- chains_by_chat is the primary key of chains"},
    // A member's chain no longer displaces a coordinator's (see the SQLite version 11).
    {11, R"sql(
ALTER TABLE chains ADD COLUMN by_coordinator boolean NOT NULL DEFAULT false;
CREATE INDEX chains_current ON chains (platform, chat_id, by_coordinator, id);
)sql"},
}};

#define LINLI_CHAIN_COLUMNS                                                                 \
  "SELECT id, header_key, title, header, example, tail, capacity, slot_caps, deadline_ms, " \
  "closed, opened_ms, by_coordinator FROM chains "

constexpr const char* latest_chain_sql = LINLI_CHAIN_COLUMNS
    "WHERE platform = $1 AND chat_id = $2 "
    "ORDER BY by_coordinator DESC, id DESC LIMIT 1";

constexpr const char* find_chain_sql =
    LINLI_CHAIN_COLUMNS "WHERE platform = $1 AND chat_id = $2 AND header_key = $3";
#undef LINLI_CHAIN_COLUMNS

constexpr const char* insert_chain_sql =
    "INSERT INTO chains (platform, chat_id, header_key, title, header, example, tail, capacity, "
    "slot_caps, deadline_ms, closed, opened_ms, by_coordinator) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";

constexpr const char* update_chain_sql =
    "UPDATE chains SET capacity = $4, slot_caps = $5, deadline_ms = $6, closed = $7 "
    "WHERE platform = $1 AND chat_id = $2 AND id = $3";

constexpr const char* chain_entries_sql =
    "SELECT id, content, key, name, detail, slot, sender_id, sender_name, registered_by, state, "
    "added_ms, changed_ms FROM chain_entries WHERE platform = $1 AND chat_id = $2 AND "
    "chain_id = $3 ORDER BY id";

// The entry takes its chat from its chain, in the same statement.
constexpr const char* insert_chain_entry_sql =
    "INSERT INTO chain_entries (platform, chat_id, chain_id, content, key, name, detail, slot, "
    "sender_id, sender_name, registered_by, state, added_ms, changed_ms) "
    "SELECT platform, chat_id, id, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, "
    "$8::text, $9::text, $10::text, $11::bigint, $12::bigint FROM chains "
    "WHERE id = $1 RETURNING id";

constexpr const char* update_chain_entry_sql =
    "UPDATE chain_entries SET state = $1, changed_ms = $2, content = $3, key = $4, detail = $5, "
    "slot = $6 WHERE id = $7";

}  // namespace

std::span<const migration> chains_migrations() {
  return migrations;
}

std::optional<chain> pg_store::latest_chain(const chat_ref& chat) {
  return read_chain(db_.query(latest_chain_sql, params().text(chat.platform).text(chat.chat_id)),
                    chat);
}

std::optional<chain> pg_store::find_chain(const chat_ref& chat, const std::string& header_key) {
  return read_chain(
      db_.query(find_chain_sql, params().text(chat.platform).text(chat.chat_id).text(header_key)),
      chat);
}

std::int64_t pg_store::insert_chain(const chain& c) {
  params p;
  p.text(c.chat.platform).text(c.chat.chat_id).text(c.header_key).text(c.title);
  p.text(encode_lines(c.header)).text(c.example).text(encode_lines(c.tail)).integer(c.capacity);
  p.text(encode_caps(c.slot_caps)).integer(c.deadline_ms).flag(c.closed).integer(c.opened_ms);
  p.flag(c.by_coordinator);
  return db_.query(insert_chain_sql, p).int64(0, 0);
}

void pg_store::update_chain(const chain& c) {
  params p;
  p.text(c.chat.platform).text(c.chat.chat_id).integer(c.id).integer(c.capacity);
  p.text(encode_caps(c.slot_caps)).integer(c.deadline_ms).flag(c.closed);
  db_.query(update_chain_sql, p);
}

std::int64_t pg_store::insert_chain_entry(std::int64_t chain_id, const chain_entry& e) {
  params p;
  p.integer(chain_id).text(e.content).text(e.key).text(e.name).text(e.detail).text(e.slot);
  p.text(e.sender_id).text(e.sender_name).text(e.registered_by).text(state_name(e.state));
  p.integer(e.added_ms).integer(e.changed_ms);
  const auto r = db_.query(insert_chain_entry_sql, p);
  if (r.empty()) throw std::runtime_error("no chain " + std::to_string(chain_id));
  return r.int64(0, 0);
}

void pg_store::update_chain_entry(const chain_entry& e) {
  params p;
  p.text(state_name(e.state)).integer(e.changed_ms);
  p.text(e.content).text(e.key).text(e.detail).text(e.slot).integer(e.id);
  db_.query(update_chain_entry_sql, p);
}

std::optional<chain> pg_store::read_chain(const result& r, const chat_ref& chat) {
  if (r.empty()) return std::nullopt;
  chain c;
  c.id = r.int64(0, 0);
  c.chat = chat;
  c.header_key = r.text(0, 1);
  c.title = r.text(0, 2);
  c.header = decode_lines(r.text(0, 3));
  c.example = r.text(0, 4);
  c.tail = decode_lines(r.text(0, 5));
  if (!r.null(0, 6)) c.capacity = r.int32(0, 6);
  c.slot_caps = decode_caps(r.text(0, 7));
  c.deadline_ms = r.optional_int(0, 8);
  c.closed = r.flag(0, 9);
  c.opened_ms = r.int64(0, 10);
  c.by_coordinator = r.flag(0, 11);

  const auto entries =
      db_.query(chain_entries_sql, params().text(chat.platform).text(chat.chat_id).integer(c.id));
  c.entries.reserve(static_cast<std::size_t>(entries.rows()));
  for (int i = 0; i < entries.rows(); ++i) {
    chain_entry e;
    e.id = entries.int64(i, 0);
    e.content = entries.text(i, 1);
    e.key = entries.text(i, 2);
    e.name = entries.text(i, 3);
    e.detail = entries.text(i, 4);
    e.slot = entries.optional_text(i, 5);
    e.sender_id = entries.text(i, 6);
    e.sender_name = entries.text(i, 7);
    e.registered_by = entries.optional_text(i, 8);
    e.state = state_from(entries.view(i, 9));
    e.added_ms = entries.int64(i, 10);
    e.changed_ms = entries.int64(i, 11);
    c.entries.push_back(std::move(e));
  }
  return c;
}

}  // namespace linli::storage::postgres
