#pragma once
// The embedded SQLite backend: one file, WAL mode, versioned migrations.

#include <memory>
#include <string>

#include "storage/store.hpp"

namespace linli::storage {

enum class sync_mode { off, normal, full };

struct sqlite_options {
  std::string path;  // a file, or ":memory:" in tests
  sync_mode synchronous = sync_mode::full;
  bool read_only = false;  // readers open the same file without write access
};

// Opens (creating if needed) and migrates the database; throws std::runtime_error on failure.
std::unique_ptr<store> open_sqlite(const sqlite_options& options);

// The schema version the code expects after migration.
int sqlite_schema_version();

}  // namespace linli::storage
