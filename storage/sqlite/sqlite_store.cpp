#include "storage/sqlite/sqlite_store.hpp"

#include "storage/sqlite/sqlite_store_impl.hpp"

#include <sqlite3.h>

#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>

namespace linli::storage::detail {
namespace {

// Each migration moves the schema from version i to i + 1 (PRAGMA user_version). Never edit a
// migration that has shipped; append a new one.
constexpr std::array<std::string_view, 7> migrations = {
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
    R"sql(
ALTER TABLE chats ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
)sql",
    R"sql(
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
)sql",
    R"sql(
ALTER TABLE inbox ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
ALTER TABLE inbox ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN route TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN reply_to TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
)sql",
};

// The columns read_row() reads, in its order.
#define LINLI_INBOX_COLUMNS                                                               \
  "seq, sender_id, sender_name, sender_role, text, sent_at, received_ms, kind, replies, " \
  "reply_to, delivery_id, platform, chat_id, message_id, edited "

constexpr const char* find_message_sql = "SELECT " LINLI_INBOX_COLUMNS
                                         "FROM inbox WHERE platform = ? AND chat_id = ? AND "
                                         "delivery_id = ?";

constexpr const char* insert_message_sql =
    "INSERT INTO inbox (platform, chat_id, delivery_id, sender_id, sender_name, sender_role, text, "
    "sent_at, received_ms, kind, replies, reply_to, message_id, edited) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

constexpr const char* list_messages_sql =
    "SELECT " LINLI_INBOX_COLUMNS
    "FROM inbox WHERE platform = ?1 AND chat_id = ?2 AND (?3 IS NULL OR kind "
    "= ?3) "
    "AND (?4 = 0 OR seq < ?4) ORDER BY seq DESC LIMIT ?5";

constexpr const char* savepoint_sql = "SAVEPOINT message";

constexpr const char* release_sql = "RELEASE message";

constexpr const char* rollback_to_sql = "ROLLBACK TO message";

constexpr const char* count_messages_sql = "SELECT count(*) FROM inbox";

constexpr const char* messages_after_sql =
    "SELECT " LINLI_INBOX_COLUMNS "FROM inbox WHERE seq > ? ORDER BY seq LIMIT ?";
#undef LINLI_INBOX_COLUMNS

constexpr const char* load_chat_sql =
    "SELECT language, time_zone FROM chats WHERE platform = ? AND chat_id = ?";

constexpr const char* save_chat_sql =
    "INSERT INTO chats (platform, chat_id, language, time_zone) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (platform, chat_id) DO UPDATE SET language = excluded.language, "
    "time_zone = excluded.time_zone";

std::string encode_replies(const replies& rs) {
  nlohmann::json array = nlohmann::json::array();
  for (const auto& r : rs) array.push_back(r.text);
  return array.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

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

namespace {

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

}  // namespace

sqlite_store::sqlite_store(const sqlite_options& o)
    // NOMUTEX: a store is one connection used by one thread, so SQLite's own locking is waste.
    : db_(o.path,
          (o.read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) |
              SQLite::OPEN_NOMUTEX),
      read_only_(o.read_only) {
  db_.setBusyTimeout(5000);                // ms; readers may briefly wait on a checkpoint
  db_.exec("PRAGMA cache_size = -16384");  // KiB: keeps the inbox indexes in memory
  if (!o.read_only) {
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec(sync_pragma(o.synchronous));
    // Checkpoints run in end_reads(), where no statement holds a snapshot; SQLite's automatic
    // checkpoint runs inside COMMIT, while the transaction's own statements still hold the
    // snapshot it began with, so under steady load it never finishes. This hook replaces it.
    sqlite3_wal_hook(
        db_.getHandle(),
        [](void* self, sqlite3*, const char*, int pages) {
          static_cast<sqlite_store*>(self)->wal_pages_ = pages;
          return SQLITE_OK;
        },
        this);
    migrate();
  } else if (db_.execAndGet("PRAGMA user_version").getInt() != sqlite_schema_version()) {
    throw std::runtime_error("database schema is not at the expected version");
  }
}

void sqlite_store::end_reads() {
  for (auto& [sql, q] : statements_) q->reset();
  // SQLite's own threshold (1,000 pages, 4 MiB); PASSIVE never waits for readers.
  if (wal_pages_ >= 1000) {
    wal_pages_ = 0;
    sqlite3_wal_checkpoint_v2(db_.getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                              nullptr);
  }
}

void sqlite_store::begin() {
  db_.exec("BEGIN IMMEDIATE");
}

void sqlite_store::commit() {
  db_.exec("COMMIT");
}

void sqlite_store::rollback() noexcept {
  chat_cache_.clear();
  try {
    db_.exec("ROLLBACK");
  } catch (const std::exception&) {
    // Nothing to roll back (SQLite may already have rolled back after an I/O error).
  }
}

void sqlite_store::savepoint() {
  statement(savepoint_sql).exec();
}

void sqlite_store::release_savepoint() {
  statement(release_sql).exec();
}

void sqlite_store::rollback_to_savepoint() {
  chat_cache_.clear();
  statement(rollback_to_sql).exec();
  statement(release_sql).exec();
}

std::optional<stored_message> sqlite_store::find_message(const chat_ref& chat,
                                                         const std::string& delivery_id) {
  auto& q = statement(find_message_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, delivery_id);
  if (!q.executeStep()) return std::nullopt;
  return read_row(q);
}

std::int64_t sqlite_store::insert_message(const stored_message& m) {
  auto& q = statement(insert_message_sql);
  const envelope& e = m.message;
  q.bind(1, e.chat.platform);
  q.bind(2, e.chat.chat_id);
  q.bind(3, e.delivery_id);
  q.bind(4, e.from.id);
  q.bind(5, e.from.name);
  q.bind(6, std::string(to_string(e.from.role)));
  q.bind(7, e.text);
  q.bind(8, static_cast<int64_t>(e.sent_at));
  q.bind(9, static_cast<int64_t>(e.received_at_ms));
  q.bind(10, m.kind);
  q.bind(11, encode_replies(m.answers));
  q.bind(12, e.reply_to);
  q.bind(13, e.message_id);
  q.bind(14, e.edited ? 1 : 0);
  q.exec();
  return db_.getLastInsertRowid();
}

std::vector<stored_message> sqlite_store::list_messages(const chat_ref& chat,
                                                        const message_filter& filter) {
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
    out.push_back(read_row(q));
  }
  return out;
}

std::vector<stored_message> sqlite_store::messages_after(std::int64_t after_seq, int limit) {
  auto& q = statement(messages_after_sql);
  q.bind(1, static_cast<int64_t>(after_seq));
  q.bind(2, limit);
  std::vector<stored_message> out;
  while (q.executeStep()) {
    out.push_back(read_row(q));
  }
  return out;
}

std::int64_t sqlite_store::count_messages() {
  auto& q = statement(count_messages_sql);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

chat_settings sqlite_store::load_chat(const chat_ref& chat) {
  const std::string key = cache_key(chat);
  if (const auto it = chat_cache_.find(key); it != chat_cache_.end()) return it->second;
  auto& q = statement(load_chat_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  chat_settings s;
  if (q.executeStep()) {
    s.lang = q.getColumn(0).getString() == "en" ? language::en : language::zh;
    s.time_zone = q.getColumn(1).getString();
  }
  if (read_only_) return s;
  if (chat_cache_.size() >= max_cached_chats) chat_cache_.clear();
  chat_cache_.emplace(key, s);
  return s;
}

void sqlite_store::save_chat(const chat_ref& chat, const chat_settings& s) {
  auto& q = statement(save_chat_sql);
  q.bind(1, chat.platform);
  q.bind(2, chat.chat_id);
  q.bind(3, s.lang == language::en ? "en" : "zh");
  q.bind(4, s.time_zone);
  q.exec();
  chat_cache_[cache_key(chat)] = s;
}

SQLite::Statement& sqlite_store::statement(const char* sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
  }
  SQLite::Statement& q = *it->second;
  q.reset();
  q.clearBindings();
  return q;
}

stored_message sqlite_store::read_row(SQLite::Statement& q) {
  stored_message m;
  m.seq = q.getColumn(0).getInt64();
  m.message.chat = {q.getColumn(11).getString(), q.getColumn(12).getString()};
  m.message.delivery_id = q.getColumn(10).getString();
  m.message.message_id = q.getColumn(13).getString();
  m.message.edited = q.getColumn(14).getInt() != 0;
  m.message.from = {q.getColumn(1).getString(), q.getColumn(2).getString(),
                    platform_role_from(q.getColumn(3).getString())};
  m.message.text = q.getColumn(4).getString();
  m.message.sent_at = q.getColumn(5).getInt64();
  m.message.received_at_ms = q.getColumn(6).getInt64();
  m.kind = q.getColumn(7).getString();
  m.answers = decode_replies(q.getColumn(8).getString());
  m.message.reply_to = q.getColumn(9).getString();
  return m;
}

void sqlite_store::migrate() {
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

std::string sqlite_store::cache_key(const chat_ref& chat) {
  std::string key = chat.platform;
  key.push_back('\0');
  key += chat.chat_id;
  return key;
}

}  // namespace linli::storage::detail

namespace linli::storage {

int sqlite_schema_version() {
  return static_cast<int>(detail::migrations.size());
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
    return std::make_unique<detail::sqlite_store>(options);
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot open database " + options.path + ": " + e.what());
  }
}

}  // namespace linli::storage
