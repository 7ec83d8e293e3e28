#pragma once
// Internal to storage/: the PostgreSQL schema, in versions numbered as SQLite's
// (storage/sqlite/sqlite_schema.hpp), each feature's file owning its tables. The version lives in
// the table schema_migrations (one row per applied version). Every table is keyed by chat first:
// (platform, chat_id) lead its primary key, so a distributed PostgreSQL (Citus) can later shard
// every table by chat_id with no redesign. Rows reached by id alone (an interface that gives no
// chat) have a plain index on the id as well. The dashboard's accounts are the exception: not per
// chat, they are keyed by their own ids (pg_accounts.cpp).

#include <span>
#include <string_view>

namespace linli::storage::postgres {

class connection;

struct migration {
  int version;           // the schema version this part belongs to, from 1
  std::string_view sql;  // statements run as they are
};

std::span<const migration> inbox_migrations();
std::span<const migration> chats_migrations();
std::span<const migration> chains_migrations();
std::span<const migration> requests_migrations();
std::span<const migration> group_buys_migrations();
std::span<const migration> donations_migrations();
std::span<const migration> tasks_migrations();
std::span<const migration> outbox_migrations();
std::span<const migration> accounts_migrations();
std::span<const migration> offers_migrations();
std::span<const migration> audit_migrations();

int latest_schema_version();

// The version the database is at (0 for an empty one).
int current_version(connection& c);

// Moves the database to the latest version, one transaction per version. Several instances may
// start at once: each version is applied under a transaction-level advisory lock and only if no
// one else applied it meanwhile. Throws std::runtime_error when the database is newer.
void migrate(connection& c);

}  // namespace linli::storage::postgres
