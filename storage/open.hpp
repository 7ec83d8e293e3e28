#pragma once
// The one way to open storage: a database named as `linli --db` names it.

#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/leader.hpp"
#include "storage/listener.hpp"
#include "storage/store.hpp"

namespace linli::storage {

// How hard a commit waits for the disk (SQLite's `synchronous`; PostgreSQL's
// `synchronous_commit`): full survives power loss, normal a crash of the process, off neither.
enum class sync_mode { off, normal, full };

// Told by a store, on the thread that uses it, what its connection does: /metrics shows it
// (bot/metrics.hpp). Implementations must be thread-safe for reading.
class connection_observer {
 public:
  virtual ~connection_observer() = default;
  // The connection to the database is up (opened, or re-established after it was lost) or down.
  virtual void connected(bool up, const std::string& why) = 0;
  // Time spent waiting for the database's write locks (SQLite's BEGIN IMMEDIATE, PostgreSQL's
  // per-chat advisory locks).
  virtual void lock_waited(double seconds) = 0;
};

struct open_options {
  sync_mode synchronous = sync_mode::full;
  bool read_only = false;  // a reader: another connection writes, this one never does
  connection_observer* observer = nullptr;  // outlives the store
};

// Opens a database, creating it and migrating its schema to the latest version if needed
// (a read-only store requires the latest version). `url` is one of
//   PATH, sqlite:PATH           an SQLite file
//   :memory:, sqlite::memory:   a private, empty in-memory SQLite database (tests)
//   postgresql://user@host:port/db (or postgres://)   PostgreSQL; any libpq URL parameter
//                               (?host=/socket/dir, sslmode, options, ...) may follow. The
//                               password comes from LINLI_DB_PASSWORD or libpq's environment,
//                               password file or service file; one inside the URL is refused.
// Throws std::runtime_error naming the database (never its password) when it cannot be opened.
std::unique_ptr<store> open(std::string_view url, const open_options& options = {});

// The leader lock of the database `url` names (storage/leader.hpp), on a connection of its own:
// PostgreSQL's is a session advisory lock; with a single writer (SQLite) the process is always
// the leader. Throws as open() when the database cannot be reached.
std::unique_ptr<leader_lock> open_leader_lock(std::string_view url);

// A listener (storage/listener.hpp) on `channels` of the database `url` names, on a connection of
// its own; nullptr for a single writer (SQLite), which has no other instance to hear from. Throws
// as open() when the database cannot be reached.
std::unique_ptr<listener> open_listener(std::string_view url,
                                        const std::vector<std::string>& channels);

// A private in-memory database: every open() of it is a new, empty one, so no second connection
// (a reader) can share it.
bool in_memory(std::string_view url);

// Whether several linli instances may use the database at once (PostgreSQL), as opposed to one
// writing process (SQLite).
bool shared_database(std::string_view url);

// Whether `e` came from the database itself (an I/O error, a full disk, a busy or locked file, a
// failed statement), as opposed to the code that called it.
bool is_storage_error(const std::exception& e);

// For the benchmarks (bench/writer_kinds.cpp): the SQL statements started on SQLite connections
// opened while LINLI_BENCH_STATEMENTS=1 was set (SAVEPOINT, BEGIN and COMMIT included; the
// statements of triggers not). Always 0 otherwise: counting costs a callback per statement.
std::uint64_t sqlite_statements_started();

}  // namespace linli::storage
