#include "storage/sqlite/sqlite_schema.hpp"

#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

namespace linli::storage::sqlite {
namespace {

// The fixed order in which a version's parts run (see sqlite_schema.hpp).
constexpr std::array features = {
    &inbox_migrations,      &chats_migrations,     &chains_migrations, &requests_migrations,
    &group_buys_migrations, &donations_migrations, &tasks_migrations,  &outbox_migrations,
    &accounts_migrations,   &offers_migrations,    &audit_migrations,
};

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

void migrate(SQLite::Database& db, int target) {
  const int current = db.execAndGet("PRAGMA user_version").getInt();
  if (current > latest_schema_version()) {
    throw std::runtime_error("database schema version " + std::to_string(current) +
                             " is newer than this linli (" +
                             std::to_string(latest_schema_version()) + ")");
  }
  for (int v = current + 1; v <= std::min(target, latest_schema_version()); ++v) {
    SQLite::Transaction tx(db);
    for (const auto feature : features) {
      for (const migration& m : feature()) {
        if (m.version == v) db.exec(std::string(m.sql));
      }
    }
    db.exec("PRAGMA user_version = " + std::to_string(v));
    tx.commit();
  }
}

}  // namespace linli::storage::sqlite
