#include "storage/postgres/pg_schema.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "storage/postgres/pg_connection.hpp"

namespace linli::storage::postgres {
namespace {

// The fixed order in which a version's parts run (as SQLite's).
constexpr std::array features = {
    &inbox_migrations,      &chats_migrations,     &chains_migrations, &requests_migrations,
    &group_buys_migrations, &donations_migrations, &tasks_migrations,  &outbox_migrations,
    &accounts_migrations,   &offers_migrations,    &audit_migrations,
};

// Serialises migrations of one database across instances ("linli" in ASCII).
constexpr const char* lock_sql = "SELECT pg_advisory_xact_lock(465557530217)";

constexpr const char* create_versions_sql =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
    "applied_at timestamptz NOT NULL DEFAULT now())";

constexpr const char* version_sql = "SELECT coalesce(max(version), 0) FROM schema_migrations";

constexpr const char* has_versions_sql = "SELECT to_regclass('schema_migrations') IS NOT NULL";

constexpr const char* record_version_sql = "INSERT INTO schema_migrations (version) VALUES ($1)";

}  // namespace

int latest_schema_version() {
  static const int latest = [] {
    int v = 0;
    for (const auto feature : features) {
      for (const migration& m : feature()) v = std::max(v, m.version);
    }
    return v;
  }();
  return latest;
}

int current_version(connection& c) {
  if (!c.query(has_versions_sql).flag(0, 0)) return 0;
  return c.query(version_sql).int32(0, 0);
}

void migrate(connection& c) {
  if (current_version(c) == latest_schema_version()) return;  // the usual start: nothing to do
  for (int v = 1; v <= latest_schema_version(); ++v) {
    c.exec("BEGIN");
    try {
      c.query(lock_sql);
      c.exec(create_versions_sql);
      const int current = c.query(version_sql).int32(0, 0);
      if (current > latest_schema_version()) {
        throw std::runtime_error("database schema version " + std::to_string(current) +
                                 " is newer than this linli (" +
                                 std::to_string(latest_schema_version()) + ")");
      }
      if (current < v) {
        for (const auto feature : features) {
          for (const migration& m : feature()) {
            if (m.version == v) c.exec(m.sql);
          }
        }
        c.query(record_version_sql, params().integer(std::int64_t{v}));
      }
      c.exec("COMMIT");
    } catch (...) {
      try {
        c.exec("ROLLBACK");
      } catch (const std::exception&) {
        // The connection is gone; the error that brought us here says why.
      }
      throw;
    }
  }
}

}  // namespace linli::storage::postgres
