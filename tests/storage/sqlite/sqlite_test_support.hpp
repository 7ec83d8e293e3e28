#pragma once
// Helpers for the SQLite backend's own tests: raw access to a database file beside the store.

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "storage/open.hpp"
#include "tests/support.hpp"

namespace linli::testing {

// The plan SQLite chooses for a query, one line per step ("SEARCH r USING INDEX ...").
inline std::string query_plan(SQLite::Database& db, const std::string& sql) {
  SQLite::Statement q(db, "EXPLAIN QUERY PLAN " + sql);
  std::string plan;
  while (q.executeStep()) plan += q.getColumn(3).getString() + "\n";
  return plan;
}

// A migrated database file, open both as a store and raw, that a test reads plans from.
struct planned_db {
  temp_dir dir;
  std::string path = dir.file("plans.db");
  std::unique_ptr<storage::store> store = storage::open(path);
  SQLite::Database db{path, SQLite::OPEN_READWRITE};
};

// Every table, index and trigger, by name: its type and SQL text.
inline std::map<std::string, std::string> schema_of(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT name, type, coalesce(sql, '') FROM sqlite_master");
  std::map<std::string, std::string> out;
  while (q.executeStep()) {
    out[q.getColumn(0).getString()] =
        q.getColumn(1).getString() + ": " + q.getColumn(2).getString();
  }
  return out;
}

// The migrations as they shipped (tests/storage/sqlite/shipped_migrations.sql), by version.
inline std::map<int, std::string> shipped_migrations() {
  std::ifstream in(LINLI_STORAGE_TESTS "/sqlite/shipped_migrations.sql");
  std::map<int, std::string> out;
  std::string line;
  int version = 0;
  while (std::getline(in, line)) {
    if (line.starts_with("-- version ")) {
      version = std::stoi(line.substr(11));
    } else if (version > 0) {
      out[version] += line + "\n";
    }
  }
  return out;
}

}  // namespace linli::testing
