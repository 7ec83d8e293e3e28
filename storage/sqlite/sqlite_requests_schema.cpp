// The SQLite store: the schema of supply requests and their items, version by version
// (sqlite_schema.hpp). Their queries are in sqlite_requests.cpp.

#include <array>

#include "storage/sqlite/sqlite_schema.hpp"

namespace linli::storage::sqlite {
namespace {

constexpr std::array<migration, 3> migrations = {{
    {3, R"sql(
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
CREATE INDEX requests_by_household ON requests (platform, chat_id, building, unit, room, created_ms);
CREATE INDEX requests_by_requester ON requests (platform, chat_id, requester_id, created_ms);
CREATE TABLE request_items (
  request_id    INTEGER NOT NULL REFERENCES requests (id),
  seq           INTEGER NOT NULL,
  name          TEXT    NOT NULL,
  quantity      INTEGER NOT NULL,
  unit          TEXT,
  amount_cents  INTEGER,
  PRIMARY KEY (request_id, seq)
);
)sql"},
    // The duplicate check of a need with an address looks only at the requester's needs without
    // one: through this index it reads those alone instead of every need of theirs in the window.
    {13, R"sql(
CREATE INDEX requests_unaddressed_by_requester ON requests (platform, chat_id, requester_id,
  created_ms) WHERE building IS NULL;
)sql"},
    // A need's row and four index entries each repeated its platform and chat id, most of what a
    // need added to the database beside its text. It names its chat by the id the inbox names it
    // by (chat_refs, sqlite_inbox.cpp); a chat with needs but no message left gets its id here.
    // The table is rebuilt, its rows and their ids kept.
    {17, R"sql(
INSERT INTO chat_refs (platform, chat_id)
  SELECT r.platform, r.chat_id FROM requests r WHERE NOT EXISTS (SELECT 1 FROM chat_refs c
    WHERE c.platform = r.platform AND c.chat_id = r.chat_id)
  GROUP BY r.platform, r.chat_id ORDER BY min(r.id);
CREATE TABLE requests_17 (
  id                  INTEGER PRIMARY KEY,
  chat                INTEGER NOT NULL REFERENCES chat_refs (id),
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
  UNIQUE (chat, number)
);
INSERT INTO requests_17
  SELECT r.id, c.id, r.number, r.requester_id, r.requester_name, r.building, r.unit, r.room,
         r.category, r.urgent, r.status, r.claimed_by, r.claimed_by_name, r.stated_total_cents,
         r.spent_cents, r.duplicate_of, r.text, r.message_id, r.created_ms, r.updated_ms
  FROM requests r JOIN chat_refs c ON c.platform = r.platform AND c.chat_id = r.chat_id
  ORDER BY r.id;
DROP TABLE requests;
ALTER TABLE requests_17 RENAME TO requests;
CREATE INDEX requests_by_time ON requests (chat, created_ms);
CREATE INDEX requests_by_household ON requests (chat, building, unit, room, created_ms);
CREATE INDEX requests_by_requester ON requests (chat, requester_id, created_ms);
CREATE INDEX requests_unaddressed_by_requester ON requests (chat, requester_id, created_ms)
  WHERE building IS NULL;
)sql"},
}};

}  // namespace

std::span<const migration> requests_migrations() {
  return migrations;
}

}  // namespace linli::storage::sqlite
