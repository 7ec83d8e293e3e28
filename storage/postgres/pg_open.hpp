#pragma once
// Internal to storage/: the PostgreSQL backend's factory, called by storage::open
// (storage/open.hpp).

#include <exception>
#include <memory>
#include <optional>
#include <string>

#include "storage/leader.hpp"
#include "storage/listener.hpp"
#include "storage/open.hpp"
#include "storage/store.hpp"

namespace linli::storage::postgres {

struct pg_options {
  std::string url;                      // postgresql://user@host:port/db, without a password
  std::optional<std::string> password;  // LINLI_DB_PASSWORD; else libpq's environment or files
  sync_mode synchronous = sync_mode::full;
  bool read_only = false;
  connection_observer* observer = nullptr;
};

// Connects and migrates the schema; throws std::runtime_error naming the server (never the
// password) on failure, and for a URL that carries a password.
std::unique_ptr<store> open_postgres(const pg_options& options);

// The leader lock (storage/leader.hpp) on a connection of its own; throws as open_postgres.
std::unique_ptr<leader_lock> open_pg_leader_lock(const pg_options& options);

// A listener (storage/listener.hpp) on `channels`, on a connection of its own; throws as
// open_postgres.
std::unique_ptr<listener> open_pg_listener(const pg_options& options,
                                           const std::vector<std::string>& channels);

// Whether `e` is PostgreSQL's: a statement the server refused or a connection lost or refused.
bool is_pg_error(const std::exception& e);

// The server a URL names, for messages: "host:port/db" as libpq resolves it. Throws
// std::runtime_error for a URL libpq cannot parse or one that carries a password.
std::string describe_url(const std::string& url);

}  // namespace linli::storage::postgres
