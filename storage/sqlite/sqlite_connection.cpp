// The SQLite store's connection: opening, prepared statements, transactions and savepoints, and
// the checkpoints that keep the write-ahead log small.

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace linli::storage::sqlite {
namespace {

// Savepoints run once per message: prepared once like every other statement. The one name
// nests: each RELEASE or ROLLBACK TO ends the innermost savepoint of that name.
constexpr const char* savepoint_sql = "SAVEPOINT message";
constexpr const char* release_sql = "RELEASE message";
constexpr const char* rollback_to_sql = "ROLLBACK TO message";
constexpr const char* data_version_sql = "PRAGMA data_version";

// SQLite's own threshold for its automatic checkpoint (1,000 pages, 4 MiB).
constexpr int checkpoint_pages = 1000;

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

std::atomic<std::uint64_t> statements_started{0};

bool count_statements() {
  const char* v = std::getenv("LINLI_BENCH_STATEMENTS");
  return v != nullptr && std::strcmp(v, "1") == 0;
}

int count_statement(unsigned, void*, void*, void* sql) {
  // A trigger's statements are reported with a leading "--": part of the statement that fired it.
  const char* text = static_cast<const char*>(sql);
  if (text == nullptr || std::strncmp(text, "--", 2) != 0) {
    statements_started.fetch_add(1, std::memory_order_relaxed);
  }
  return 0;
}

}  // namespace

void bind_address(query& q, int index, const std::optional<address>& a) {
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

std::optional<address> read_address(query& q, int index) {
  if (q.getColumn(index).isNull()) return std::nullopt;
  return address{q.getColumn(index).getString(), optional_text(q.getColumn(index + 1)),
                 optional_text(q.getColumn(index + 2))};
}

sqlite_store::sqlite_store(const sqlite_options& o)
    // NOMUTEX: a store is one connection used by one thread, so SQLite's own locking is waste.
    : db_(o.path,
          (o.read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) |
              SQLite::OPEN_NOMUTEX),
      read_only_(o.read_only),
      observer_(o.observer) {
  if (count_statements()) {
    sqlite3_trace_v2(db_.getHandle(), SQLITE_TRACE_STMT, count_statement, nullptr);
  }
  db_.setBusyTimeout(5000);                // ms; readers may briefly wait on a checkpoint
  db_.exec("PRAGMA cache_size = -16384");  // KiB: keeps the inbox indexes in memory
  if (!o.read_only) {
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec(sync_pragma(o.synchronous));
    // Checkpoints run after each commit (checkpoint_if_grown), when no statement holds a
    // snapshot; SQLite's automatic checkpoint runs inside COMMIT, while the transaction's own
    // statements may still hold the snapshot it began with, so under steady load it would never
    // finish and the log would grow without end. This hook replaces it.
    sqlite3_wal_hook(
        db_.getHandle(),
        [](void* self, sqlite3*, const char*, int pages) {
          static_cast<sqlite_store*>(self)->wal_pages_ = pages;
          return SQLITE_OK;
        },
        this);
    migrate(db_, latest_schema_version());
  } else if (db_.execAndGet("PRAGMA user_version").getInt() != latest_schema_version()) {
    throw std::runtime_error("database schema is not at the expected version");
  }
  if (observer_) observer_->connected(true, "opened");
}

void sqlite_store::checkpoint_if_grown() {
  if (wal_pages_ < checkpoint_pages) return;
  wal_pages_ = 0;
  // Every statement was reset when its call returned (query), so no snapshot of this
  // connection holds the log; PASSIVE never waits for readers.
  sqlite3_wal_checkpoint_v2(db_.getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
}

void sqlite_store::begin() {
  savepoints_ = opened_savepoints_ = 0;
  // The wait for the write lock (another writer, or a checkpoint) is the busy timeout's.
  const auto start = std::chrono::steady_clock::now();
  db_.exec("BEGIN IMMEDIATE");
  if (observer_) {
    observer_->lock_waited(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  if (read_only_) return;
  // Changes when another connection commits (not for this one's own commits): what the caches
  // hold may then be out of date.
  query q(*prepared(data_version_sql).statement);
  q.executeStep();
  const std::int64_t version = q.getColumn(0).getInt64();
  if (version != data_version_) {
    clear_caches();
    data_version_ = version;
  }
}

bool sqlite_store::caching() const {
  return !read_only_ && sqlite3_get_autocommit(db_.getHandle()) == 0;
}

void sqlite_store::clear_caches() noexcept {
  chat_cache_.clear();
  chat_ref_ids_.clear();
  inbox_kinds_.clear();
  chains_.clear();
  open_buys_.clear();
}

void sqlite_store::commit() {
  savepoints_ = opened_savepoints_ = 0;
  db_.exec("COMMIT");
  checkpoint_if_grown();
}

void sqlite_store::rollback() noexcept {
  savepoints_ = opened_savepoints_ = 0;
  clear_caches();
  try {
    db_.exec("ROLLBACK");
  } catch (const std::exception&) {
    // Nothing to roll back (SQLite may already have rolled back after an I/O error).
  }
}

// Savepoints are lazy: begin_savepoint() only counts, and the SAVEPOINTs are opened before the
// first statement that writes (statement()). A savepoint nothing wrote under has nothing to
// release or undo, so a message whose handling only reads (chatter, most commands) costs no
// SAVEPOINT/RELEASE. The opened ones are always the outermost: a write opens every one pending.
void sqlite_store::begin_savepoint() {
  ++savepoints_;
}

void sqlite_store::open_savepoints() {
  while (opened_savepoints_ < savepoints_) {
    query(*prepared(savepoint_sql).statement).exec();
    ++opened_savepoints_;
  }
}

void sqlite_store::release_savepoint() {
  if (savepoints_ == 0) throw std::logic_error("release without a savepoint");
  if (opened_savepoints_ == savepoints_) {
    query(*prepared(release_sql).statement).exec();
    --opened_savepoints_;
  }
  --savepoints_;
}

void sqlite_store::rollback_to_savepoint() {
  if (savepoints_ == 0) throw std::logic_error("rollback without a savepoint");
  clear_caches();
  const bool opened = opened_savepoints_ == savepoints_;
  --savepoints_;
  if (opened) {
    --opened_savepoints_;
    query(*prepared(rollback_to_sql).statement).exec();
    query(*prepared(release_sql).statement).exec();
  }
}

void sqlite_store::ping() {
  (void)db_.execAndGet("SELECT 1").getInt();
}

int sqlite_store::schema_version() {
  return db_.execAndGet("PRAGMA user_version").getInt();
}

sqlite_store::cached_statement& sqlite_store::prepared(const char* sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    cached_statement c{std::make_unique<SQLite::Statement>(db_, sql), true};
    // SQLiteCpp does not show its sqlite3_stmt: ask SQLite once about a second one.
    sqlite3_stmt* probe = nullptr;
    if (sqlite3_prepare_v2(db_.getHandle(), sql, -1, &probe, nullptr) == SQLITE_OK &&
        probe != nullptr) {
      c.writes = sqlite3_stmt_readonly(probe) == 0;
    }
    sqlite3_finalize(probe);
    it = statements_.emplace(sql, std::move(c)).first;
  }
  SQLite::Statement& q = *it->second.statement;
  q.reset();
  q.clearBindings();
  return it->second;
}

query sqlite_store::statement(const char* sql) {
  cached_statement& c = prepared(sql);
  if (c.writes && opened_savepoints_ < savepoints_) open_savepoints();
  return query(*c.statement);
}

std::string sqlite_store::cache_key(const chat_ref& chat) {
  std::string key = chat.platform;
  key.push_back('\0');
  key += chat.chat_id;
  return key;
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

}  // namespace linli::storage::sqlite

namespace linli::storage {

std::uint64_t sqlite_statements_started() {
  return sqlite::statements_started.load(std::memory_order_relaxed);
}

}  // namespace linli::storage

namespace linli::storage::sqlite {

bool is_sqlite_error(const std::exception& e) {
  return dynamic_cast<const SQLite::Exception*>(&e) != nullptr;
}

}  // namespace linli::storage::sqlite
