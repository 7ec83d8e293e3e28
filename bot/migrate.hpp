#pragma once
// `linli migrate --from URL --to URL [--replace]` (migrate_command.cpp, in the executable;
// migrate_databases here, in the core library): copies every table of one database into another,
// in any direction between SQLite and PostgreSQL (storage/tables.hpp). The source is read in one
// snapshot; the target is written in batches inside one transaction, which commits only after the
// row count and money total of every table match the source's — a failed or interrupted copy
// leaves the target as it was. A target that holds any row is refused unless `replace`, which
// empties it in the same transaction.

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "storage/store.hpp"

namespace linli::bot {

// The target holds rows and `replace` was not given.
class target_not_empty : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct table_copied {
  std::string name;
  std::int64_t rows = 0;
  std::int64_t money_cents = 0;  // the sum of its money columns, equal on both sides
};

struct migration_summary {
  std::vector<table_copied> tables;
  std::int64_t rows() const;
  std::int64_t money_cents() const;
};

// Progress: the table being copied, rows of it copied so far, its row count; then the same for
// all tables together.
struct migration_progress {
  std::string table;
  std::int64_t table_rows = 0;
  std::int64_t table_total = 0;
  std::int64_t rows = 0;
  std::int64_t total = 0;
};

struct migration_options {
  bool replace = false;
  int batch_rows = 500;
  std::function<void(const migration_progress&)> progress = {};
};

// Copies everything from `from` into `to` (two different databases). Throws target_not_empty,
// or std::runtime_error saying which table's count or total differs.
migration_summary migrate_databases(storage::store& from, storage::store& to,
                                    const migration_options& options = {});

}  // namespace linli::bot
