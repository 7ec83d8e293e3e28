// The PostgreSQL store: opening, transactions and savepoints, and the shared row helpers.

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>

#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_store.hpp"

namespace linli::storage::postgres {
namespace {

// The one name nests as in SQLite: each RELEASE or ROLLBACK TO ends or rewinds the innermost
// savepoint of that name.
constexpr const char* savepoint_sql = "SAVEPOINT message";
constexpr const char* release_sql = "RELEASE SAVEPOINT message";
constexpr const char* rollback_to_sql = "ROLLBACK TO SAVEPOINT message; RELEASE SAVEPOINT message";

// One transaction-level advisory lock per chat, taken in the order of the keys (sorted by the
// caller) so that two writers locking overlapping sets never wait on each other in a cycle.
constexpr const char* lock_chats_sql =
    "SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) WITH ORDINALITY AS t(k, n) "
    "ORDER BY n";

// The schedule's transaction-level lock ("ticks" in ASCII): neither the migrations' key
// (pg_schema.cpp) nor the leader's (pg_leader.cpp), whose session lock this instance may hold.
constexpr const char* lock_schedule_sql = "SELECT pg_advisory_xact_lock(499984329587)";

// NOTIFY inside the transaction: delivered at its commit, to the listeners of the channel.
constexpr const char* announce_sql = "SELECT pg_notify($1, $2)";

// The chat's advisory lock key: 64-bit FNV-1a of platform, NUL, chat id — the same in every
// instance and build (std::hash is not).
std::int64_t chat_lock_key(const chat_ref& chat) {
  std::uint64_t h = 14695981039346656037ULL;
  const auto mix = [&h](std::string_view bytes) {
    for (const unsigned char c : bytes) {
      h ^= c;
      h *= 1099511628211ULL;
    }
  };
  mix(chat.platform);
  mix(std::string_view("\0", 1));
  mix(chat.chat_id);
  return static_cast<std::int64_t>(h);
}

// normal survives a crash of linli, not of the database server: PostgreSQL's asynchronous commit.
const char* sync_setting(sync_mode m) {
  switch (m) {
    case sync_mode::off:
    case sync_mode::normal:
      return "SET synchronous_commit = off";
    case sync_mode::full:
      return "SET synchronous_commit = on";
  }
  return "SET synchronous_commit = on";
}

}  // namespace

void add_address(params& p, const std::optional<address>& a) {
  if (a) {
    p.text(a->building).text(a->unit).text(a->room);
  } else {
    p.null().null().null();
  }
}

std::optional<address> read_address(const result& r, int row, int col) {
  if (r.null(row, col)) return std::nullopt;
  return address{r.text(row, col), r.optional_text(row, col + 1), r.optional_text(row, col + 2)};
}

std::string describe_url(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    std::string why = error ? error : "out of memory";
    if (error) PQfreemem(error);
    while (!why.empty() && why.back() == '\n') why.pop_back();
    // libpq's message may quote the URL, which may hold a password: say only what is wrong.
    throw std::runtime_error("cannot open database: not a valid PostgreSQL URL (" +
                             why.substr(0, why.find('"')) + ")");
  }
  std::string host, port, db, user;
  bool password = false;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    const std::string_view key = o->keyword;
    const std::string value = o->val ? o->val : "";
    if (key == "host" || (key == "hostaddr" && host.empty())) host = value;
    if (key == "port") port = value;
    if (key == "dbname") db = value;
    if (key == "user") user = value;
    if (key == "password" && !value.empty()) password = true;
  }
  PQconninfoFree(options);
  std::string label = (user.empty() ? "" : user + "@") + (host.empty() ? "localhost" : host) +
                      (port.empty() ? "" : ":" + port) + "/" + (db.empty() ? user : db);
  if (password) {
    throw std::runtime_error("cannot open database " + label +
                             ": a password in the database URL or configuration is refused; set "
                             "LINLI_DB_PASSWORD (or use libpq's PGPASSFILE or service file)");
  }
  return "postgresql://" + label;
}

pg_store::pg_store(const pg_options& o)
    : db_(o.url, o.password, describe_url(o.url)), observer_(o.observer) {
  db_.on_connect(sync_setting(o.synchronous));
  if (!o.read_only) {
    migrate(db_);
  } else {
    db_.on_connect("SET default_transaction_read_only = on");
  }
  version_ = current_version(db_);
  if (version_ != latest_schema_version()) {
    throw std::runtime_error("database schema is not at the expected version");
  }
  if (observer_) {
    db_.on_state([o = observer_](bool up, const std::string& why) { o->connected(up, why); });
    observer_->connected(true, "opened");
  }
}

void pg_store::begin() {
  released_ = 0;
  db_.exec("BEGIN");
}

void pg_store::commit() {
  released_ = 0;  // COMMIT ends every savepoint still open
  // A transaction that an error aborted ends with COMMIT answering ROLLBACK: nothing was kept.
  if (db_.exec("COMMIT") == "ROLLBACK") {
    throw std::runtime_error("PostgreSQL " + db_.label() +
                             ": the transaction was rolled back by an earlier error");
  }
}

void pg_store::rollback() noexcept {
  released_ = 0;
  try {
    db_.exec("ROLLBACK");
  } catch (const std::exception&) {
    // Nothing to roll back, or the connection is gone (the server then rolled back itself).
  }
}

void pg_store::lock_schedule() {
  const auto start = std::chrono::steady_clock::now();
  db_.query(lock_schedule_sql);
  if (observer_) {
    observer_->lock_waited(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
}

void pg_store::announce(std::string_view channel, std::string_view payload) {
  db_.query(announce_sql, params().text(channel).text(payload));
}

void pg_store::lock_chats(const std::vector<chat_ref>& chats) {
  std::vector<std::int64_t> keys;
  keys.reserve(chats.size());
  for (const auto& c : chats) keys.push_back(chat_lock_key(c));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  if (keys.empty()) return;
  const auto start = std::chrono::steady_clock::now();
  db_.query(lock_chats_sql, params().integers(keys));
  if (observer_) {
    observer_->lock_waited(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
}

void pg_store::begin_savepoint() {
  // No round trip of its own either: it goes with the statement that follows.
  for (; released_ > 0; --released_) db_.defer(release_sql);
  db_.defer(savepoint_sql);
}

void pg_store::release_savepoint() {
  ++released_;  // sent with the next savepoint, or made needless by the COMMIT
}

void pg_store::rollback_to_savepoint() {
  // The savepoints released but still open on the server are above the one to rewind: rewinding
  // each first undoes nothing that rewinding that one would keep.
  std::string sql;
  for (; released_ > 0; --released_) sql.append(rollback_to_sql).append("; ");
  db_.exec(sql.append(rollback_to_sql));
}

void pg_store::ping() {
  try {
    db_.query("SELECT 1");
  } catch (const pg_error&) {
    db_.query("SELECT 1");  // a connection found lost by the first is re-established here
  }
}

// Read once when opened: serve() logs it from the main thread while the writer thread uses the
// connection, and a libpq connection must not run two queries at once.
int pg_store::schema_version() {
  return version_;
}

bool is_pg_error(const std::exception& e) {
  return dynamic_cast<const pg_error*>(&e) != nullptr;
}

std::unique_ptr<store> open_postgres(const pg_options& options) {
  const std::string label = describe_url(options.url);  // refuses a password in the URL
  try {
    return std::make_unique<pg_store>(options);
  } catch (const pg_error& e) {
    throw std::runtime_error("cannot open database " + label + ": " + e.what());
  }
}

}  // namespace linli::storage::postgres
