// The PostgreSQL leader lock: a session-level advisory lock on a connection of its own.

#include <spdlog/spdlog.h>

#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_open.hpp"

namespace linli::storage::postgres {
namespace {

// "sched" in ASCII; not the migrations' key (pg_schema.cpp).
constexpr std::int64_t leader_key = 495589025124;

// One round trip whether or not this session holds it already: pg_locks says so for this very
// session (after a reconnect it is a new one, without the lock), and only otherwise is the lock
// tried, so the session never holds it more than once. A bigint key shows in pg_locks as its
// high half (classid), low half (objid) and objsubid 1.
constexpr const char* hold_sql =
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' "
    "AND pid = pg_backend_pid() AND granted AND classid = ($1::bigint >> 32)::oid "
    "AND objid = ($1::bigint & 4294967295)::oid AND objsubid = 1) "
    "THEN true ELSE pg_try_advisory_lock($1::bigint) END";

constexpr const char* release_sql = "SELECT pg_advisory_unlock($1::bigint)";

class pg_leader_lock final : public leader_lock {
 public:
  explicit pg_leader_lock(const pg_options& options)
      : db_(options.url, options.password, describe_url(options.url)) {}

  bool try_hold() override {
    try {
      const bool held = db_.query(hold_sql, params().integer(leader_key)).flag(0, 0);
      if (held != held_)
        spdlog::info("scheduler leader lock {}", held ? "taken" : "held elsewhere");
      held_ = held;
    } catch (const std::exception& e) {
      if (held_) spdlog::warn("scheduler leader lock lost with the database: {}", e.what());
      held_ = false;
    }
    return held_;
  }

  void release() override {
    if (!held_) return;
    held_ = false;
    try {
      db_.query(release_sql, params().integer(leader_key));
    } catch (const std::exception& e) {
      // The session is gone, and the lock with it.
    }
  }

 private:
  connection db_;
  bool held_ = false;
};

}  // namespace

std::unique_ptr<leader_lock> open_pg_leader_lock(const pg_options& options) {
  return std::make_unique<pg_leader_lock>(options);
}

}  // namespace linli::storage::postgres
