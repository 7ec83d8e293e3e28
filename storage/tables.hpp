#pragma once
// Moving a community between databases (`linli migrate`, bot/migrate.hpp): every table of the
// schema as rows of text, in a form both backends share. The columns of each table here are the
// backend-neutral ones (SQLite's: a PostgreSQL child table also keeps its parent's platform and
// chat_id, which it derives on insert). Each backend lists its own tables with what it needs to
// read and write them (storage/sqlite/sqlite_tables.cpp, storage/postgres/pg_tables.cpp) and
// checks that list against its database's catalogue, so a table or column added to the schema
// but not here stops a migration instead of being left behind.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace linli::storage {

// One value as text (integers in decimal, flags as 0 or 1), or NULL.
using cell = std::optional<std::string>;
using row = std::vector<cell>;

struct table_def {
  std::string_view name;
  std::vector<std::string_view> columns;
  // The columns that hold money (cents): their sum is compared on both sides after a copy.
  std::vector<std::string_view> money = {};
};

// Every table, parents before children (the order of copying; emptying runs in reverse).
std::span<const table_def> portable_tables();

// The rows of one table, read in batches.
class row_reader {
 public:
  virtual ~row_reader() = default;
  // Up to `limit` more rows, each with the table's columns in order; empty at the end.
  virtual std::vector<row> next(int limit) = 0;
};

// One database's tables, on the store's own connection. Reading runs inside read_snapshot()
// (one consistent view); writing inside the store's transaction (store::begin), so a copy is
// all or nothing.
class table_io {
 public:
  virtual ~table_io() = default;

  // Throws std::runtime_error naming what differs when the database holds a table or column
  // that neither portable_tables() nor the backend's own bookkeeping accounts for, or lacks one.
  virtual void check_catalogue() = 0;

  // A read-only transaction that sees one state of the database until end_snapshot().
  virtual void read_snapshot() = 0;
  virtual void end_snapshot() noexcept = 0;

  virtual std::int64_t count_rows(const table_def& t) = 0;
  // The sum of the table's money columns (0 without any).
  virtual std::int64_t money_total(const table_def& t) = 0;
  virtual std::unique_ptr<row_reader> read_rows(const table_def& t) = 0;

  // Writes rows as read_rows gives them, keeping every id.
  virtual void write_rows(const table_def& t, const std::vector<row>& rows) = 0;
  // Deletes every row of every table (migrate --replace).
  virtual void clear() = 0;
  // After the last write_rows: brings what the backend derives from the rows up to date (the
  // next id of each table, PostgreSQL's per-chat number counters).
  virtual void finish_writing() = 0;
};

}  // namespace linli::storage
