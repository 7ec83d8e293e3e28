// The PostgreSQL store: the schema of supply requests and their items, version by version
// (pg_schema.hpp). Their queries are in pg_requests.cpp.

#include <array>

#include "storage/postgres/pg_schema.hpp"

namespace linli::storage::postgres {
namespace {

constexpr std::array<migration, 2> migrations = {{
    {3, R"sql(
-- The last number given out per chat and kind ('request', 'task'): the insert of a numbered row
-- takes the next one in the same statement, and the row lock orders writers of one chat, so two
-- instances never share a number and a rolled-back insert leaves no gap.
CREATE TABLE chat_numbers (
  platform  text    NOT NULL,
  chat_id   text    NOT NULL,
  kind      text    NOT NULL,
  last      integer NOT NULL,
  PRIMARY KEY (platform, chat_id, kind)
);
CREATE TABLE requests (
  platform            text    NOT NULL,
  chat_id             text    NOT NULL,
  id                  bigint  GENERATED ALWAYS AS IDENTITY,
  number              integer NOT NULL,
  requester_id        text    NOT NULL,
  requester_name      text    NOT NULL,
  building            text,             -- NULL when no address is known
  unit                text,
  room                text,
  category            text    NOT NULL,
  urgent              boolean NOT NULL,
  status              text    NOT NULL,  -- open | claimed | bought | delivered | cancelled
  claimed_by          text,
  claimed_by_name     text,
  stated_total_cents  bigint,
  spent_cents         bigint,
  duplicate_of        integer,
  text                text    NOT NULL,
  message_id          text    NOT NULL,
  created_ms          bigint  NOT NULL,
  updated_ms          bigint  NOT NULL,
  PRIMARY KEY (platform, chat_id, id),
  UNIQUE (platform, chat_id, number)
);
CREATE INDEX requests_by_time ON requests (platform, chat_id, created_ms);
CREATE INDEX requests_by_household ON requests (platform, chat_id, building, unit, room, created_ms);
CREATE INDEX requests_by_requester ON requests (platform, chat_id, requester_id, created_ms);
CREATE TABLE request_items (
  platform      text    NOT NULL,
  chat_id       text    NOT NULL,
  request_id    bigint  NOT NULL,
  seq           integer NOT NULL,
  name          text    NOT NULL,
  quantity      bigint  NOT NULL,
  unit          text,
  amount_cents  bigint,
  PRIMARY KEY (platform, chat_id, request_id, seq),
  FOREIGN KEY (platform, chat_id, request_id) REFERENCES requests (platform, chat_id, id)
);
)sql"},
    // The duplicate check of a need with an address looks only at the requester's needs without
    // one: through this index it reads those alone instead of every need of theirs in the window.
    {13, R"sql(
CREATE INDEX requests_unaddressed_by_requester ON requests (platform, chat_id, requester_id,
  created_ms) WHERE building IS NULL;
)sql"},
}};

}  // namespace

std::span<const migration> requests_migrations() {
  return migrations;
}

}  // namespace linli::storage::postgres
