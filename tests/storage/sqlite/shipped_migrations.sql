-- The SQLite schema migrations exactly as they shipped, one part per schema version (PRAGMA
-- user_version). tests/storage/sqlite/sqlite_migrations_test.cpp checks that the migrations in
-- storage/sqlite/ build, version by version, the same schema as these: a database created by an
-- older linli then upgrades exactly as it did. Append each new version here; never edit one.
-- version 1
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
-- version 2
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
-- version 3
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
CREATE TABLE addresses (
  platform   TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  sender_id  TEXT NOT NULL,
  building   TEXT NOT NULL,
  unit       TEXT,
  room       TEXT,
  PRIMARY KEY (platform, chat_id, sender_id)
);
-- version 4
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
-- version 5
ALTER TABLE chats ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
-- version 6
CREATE TABLE tasks (
  id             INTEGER PRIMARY KEY,
  platform       TEXT    NOT NULL,
  chat_id        TEXT    NOT NULL,
  number         INTEGER NOT NULL,
  title          TEXT    NOT NULL,
  place          TEXT    NOT NULL,
  service_group  TEXT,
  date           TEXT    NOT NULL,  -- local YYYY-MM-DD
  start_minute   INTEGER NOT NULL,
  end_minute     INTEGER NOT NULL,
  start_ms       INTEGER NOT NULL,
  end_ms         INTEGER NOT NULL,
  capacity       INTEGER NOT NULL,
  done           INTEGER NOT NULL,
  cancelled      INTEGER NOT NULL,
  cutoff_done    INTEGER NOT NULL,
  reminded       INTEGER NOT NULL,
  next_event_ms  INTEGER,
  created_by     TEXT    NOT NULL,
  message_id     TEXT    NOT NULL,
  created_ms     INTEGER NOT NULL,
  UNIQUE (platform, chat_id, number)
);
CREATE INDEX tasks_by_date ON tasks (platform, chat_id, date, start_minute);
CREATE INDEX tasks_by_message ON tasks (platform, chat_id, message_id);
CREATE INDEX tasks_by_next_event ON tasks (next_event_ms) WHERE next_event_ms IS NOT NULL;
CREATE TABLE task_members (
  id            INTEGER PRIMARY KEY,
  task_id       INTEGER NOT NULL REFERENCES tasks (id),
  volunteer_id  TEXT    NOT NULL,
  name          TEXT    NOT NULL,
  source        TEXT    NOT NULL,  -- claim | assign | override | refill
  state         TEXT    NOT NULL,  -- active | left | declined | dropped
  confirmed     INTEGER NOT NULL,
  completed     INTEGER NOT NULL,
  added_ms      INTEGER NOT NULL,
  changed_ms    INTEGER NOT NULL,
  asked_ms      INTEGER
);
CREATE INDEX task_members_by_task ON task_members (task_id, id);
CREATE TABLE volunteers (
  platform       TEXT NOT NULL,
  chat_id        TEXT NOT NULL,
  volunteer_id   TEXT NOT NULL,
  service_group  TEXT NOT NULL,
  PRIMARY KEY (platform, chat_id, volunteer_id)
);
CREATE TABLE task_templates (
  platform  TEXT NOT NULL,
  chat_id   TEXT NOT NULL,
  name      TEXT NOT NULL,
  lines     TEXT NOT NULL,  -- JSON array
  zones     TEXT NOT NULL,  -- JSON array
  PRIMARY KEY (platform, chat_id, name)
);
CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  platform         TEXT    NOT NULL,
  chat_id          TEXT    NOT NULL,
  text             TEXT    NOT NULL,
  state            TEXT    NOT NULL,  -- pending | sent | failed
  attempts         INTEGER NOT NULL,
  created_ms       INTEGER NOT NULL,
  next_attempt_ms  INTEGER NOT NULL,
  sent_ms          INTEGER,
  last_error       TEXT    NOT NULL
);
CREATE INDEX outbox_pending ON outbox (id) WHERE state = 'pending';
ALTER TABLE inbox ADD COLUMN reply_to TEXT NOT NULL DEFAULT '';
-- version 7
ALTER TABLE inbox ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
ALTER TABLE inbox ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN route TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN reply_to TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
-- version 8
CREATE INDEX chains_by_chat ON chains (platform, chat_id, id);
-- version 9
CREATE TABLE accounts (
  id             INTEGER PRIMARY KEY,
  name           TEXT    NOT NULL UNIQUE,
  password_hash  TEXT    NOT NULL,
  created_ms     INTEGER NOT NULL
);
CREATE TABLE account_chats (
  account_id  INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  platform    TEXT    NOT NULL,
  chat_id     TEXT    NOT NULL,
  PRIMARY KEY (account_id, seq)
);
CREATE TABLE dash_sessions (
  id_hash     TEXT    PRIMARY KEY,
  account_id  INTEGER NOT NULL,
  csrf_token  TEXT    NOT NULL,
  created_ms  INTEGER NOT NULL,
  expires_ms  INTEGER NOT NULL
);
CREATE INDEX dash_sessions_account ON dash_sessions (account_id);
CREATE TABLE login_failures (
  key    TEXT    NOT NULL,
  at_ms  INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at_ms);
-- version 10
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
-- version 11
CREATE INDEX inbox_by_message_id ON inbox (platform, chat_id, message_id, seq);
ALTER TABLE chains ADD COLUMN by_coordinator INTEGER NOT NULL DEFAULT 0;
CREATE INDEX chains_current ON chains (platform, chat_id, by_coordinator, id);
CREATE TABLE audit (
  seq         INTEGER PRIMARY KEY,
  platform    TEXT    NOT NULL,  -- '*' with chat_id '*': the whole deployment
  chat_id     TEXT    NOT NULL,
  actor_id    TEXT    NOT NULL,
  actor_name  TEXT    NOT NULL,
  action      TEXT    NOT NULL,
  target      TEXT    NOT NULL,
  rows        INTEGER NOT NULL,
  at_ms       INTEGER NOT NULL
);
CREATE INDEX audit_by_chat ON audit (platform, chat_id, seq);
-- version 12
CREATE TABLE chat_robots (
  platform   TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  robot_key  TEXT NOT NULL,
  bound_by   TEXT NOT NULL,
  bound_ms   INTEGER NOT NULL,
  PRIMARY KEY (platform, chat_id)
);
-- version 13
CREATE INDEX requests_unaddressed_by_requester ON requests (platform, chat_id, requester_id,
  created_ms) WHERE building IS NULL;
-- version 14
ALTER TABLE outbox ADD COLUMN leased_by TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN lease_until_ms INTEGER NOT NULL DEFAULT 0;
-- version 15
CREATE INDEX outbox_pending_by_platform ON outbox (platform, id) WHERE state = 'pending';
CREATE INDEX outbox_pending_by_chat ON outbox (platform, chat_id) WHERE state = 'pending';
-- version 16
CREATE TABLE inbox_chats (
  id        INTEGER PRIMARY KEY,
  platform  TEXT NOT NULL,
  chat_id   TEXT NOT NULL,
  UNIQUE (platform, chat_id)
);
CREATE TABLE inbox_kinds (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE
);
INSERT INTO inbox_chats (platform, chat_id)
  SELECT platform, chat_id FROM inbox GROUP BY platform, chat_id ORDER BY min(seq);
INSERT INTO inbox_kinds (name) SELECT kind FROM inbox GROUP BY kind ORDER BY min(seq);
CREATE TABLE inbox_16 (
  seq          INTEGER PRIMARY KEY,
  chat         INTEGER NOT NULL REFERENCES inbox_chats (id),
  delivery_id  NOT NULL,
  message_id   NOT NULL DEFAULT '',
  sender_id    TEXT    NOT NULL,
  sender_name  TEXT    NOT NULL,
  sender_role  INTEGER NOT NULL,
  text         TEXT    NOT NULL,
  sent_at      INTEGER NOT NULL,
  received_ms  INTEGER NOT NULL,
  kind         INTEGER NOT NULL REFERENCES inbox_kinds (id),
  replies      TEXT    NOT NULL,
  reply_to     TEXT    NOT NULL DEFAULT '',
  edited       INTEGER NOT NULL DEFAULT 0
);
INSERT INTO inbox_16
  SELECT i.seq, c.id,
         CASE WHEN i.delivery_id GLOB '[1-9]*' AND i.delivery_id NOT GLOB '*[^0-9]*' AND
                   length(i.delivery_id) <= 18
              THEN CAST(i.delivery_id AS INTEGER) ELSE i.delivery_id END,
         CASE WHEN i.message_id GLOB '[1-9]*' AND i.message_id NOT GLOB '*[^0-9]*' AND
                   length(i.message_id) <= 18
              THEN CAST(i.message_id AS INTEGER) ELSE i.message_id END,
         i.sender_id, i.sender_name, i.sender_role = 'admin', i.text, i.sent_at, i.received_ms,
         k.id, i.replies, i.reply_to, i.edited
  FROM inbox i
  JOIN inbox_chats c ON c.platform = i.platform AND c.chat_id = i.chat_id
  JOIN inbox_kinds k ON k.name = i.kind
  ORDER BY i.seq;
DROP TABLE inbox;
ALTER TABLE inbox_16 RENAME TO inbox;
CREATE UNIQUE INDEX inbox_by_delivery ON inbox (chat, delivery_id);
CREATE INDEX inbox_by_message_id ON inbox (chat, message_id);
-- version 17
ALTER TABLE inbox_chats RENAME TO chat_refs;
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
