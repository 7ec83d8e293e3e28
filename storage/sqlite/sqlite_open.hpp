#pragma once
// Internal to storage/: the SQLite backend's factory, called by storage::open (storage/open.hpp).

#include <exception>
#include <memory>
#include <string>

#include "storage/open.hpp"
#include "storage/store.hpp"

namespace linli::storage::sqlite {

struct sqlite_options {
  std::string path;  // a file, or ":memory:"
  sync_mode synchronous = sync_mode::full;
  bool read_only = false;  // readers open the same file without write access
  connection_observer* observer = nullptr;
};

// Opens (creating if needed) and migrates the database; throws std::runtime_error on failure.
std::unique_ptr<store> open_sqlite(const sqlite_options& options);

// Whether `e` is SQLite's (SQLiteCpp's exception type stays inside this folder).
bool is_sqlite_error(const std::exception& e);

}  // namespace linli::storage::sqlite
