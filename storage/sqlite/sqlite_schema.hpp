#pragma once
// Internal to storage/: the SQLite schema, in versions (PRAGMA user_version). Each feature's
// file owns its tables and lists its part of each version; the runner applies, for each version
// in turn and in one transaction, every feature's part of it in a fixed order (the order of
// `features` in sqlite_schema.cpp: inbox, chats, chains, requests, group buys, donations,
// tasks, outbox, accounts, offers, audit). A version may touch several features (version 6 added
// tasks and the outbox and a column of the inbox); the tables of different features never depend on
// each other, so the order within a version does not change the schema. Never edit a part that has
// shipped: add a part with a new version (tests/storage/sqlite/shipped_migrations.sql keeps what
// shipped).

#include <SQLiteCpp/Database.h>

#include <span>
#include <string_view>

namespace linli::storage::sqlite {

struct migration {
  int version;           // the schema version this part belongs to, from 1
  std::string_view sql;  // statements run as they are
};

// Each feature's parts, defined beside its queries.
std::span<const migration> inbox_migrations();
std::span<const migration> chats_migrations();
std::span<const migration> chains_migrations();
std::span<const migration> requests_migrations();
std::span<const migration> offers_migrations();
std::span<const migration> group_buys_migrations();
std::span<const migration> donations_migrations();
std::span<const migration> tasks_migrations();
std::span<const migration> outbox_migrations();
std::span<const migration> accounts_migrations();
std::span<const migration> audit_migrations();

// The version the code expects after migration: the highest of any feature's parts.
int latest_schema_version();

// Moves the database from its user_version to `target` (at most the latest), one transaction
// per version. Throws std::runtime_error when the database is newer than this code.
void migrate(SQLite::Database& db, int target);

}  // namespace linli::storage::sqlite
