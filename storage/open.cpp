#include "storage/open.hpp"

#include <stdexcept>
#include <string>

#include <cstdlib>
#include <optional>

#include "storage/postgres/pg_open.hpp"
#include "storage/sqlite/sqlite_open.hpp"

namespace linli::storage {
namespace {

constexpr std::string_view memory = ":memory:";

bool starts_with_any(std::string_view url, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view p : prefixes) {
    if (url.starts_with(p)) return true;
  }
  return false;
}

// The SQLite file a URL names: "sqlite:PATH" and "sqlite://PATH" name PATH, anything without a
// scheme is a path itself.
std::string sqlite_path(std::string_view url) {
  if (url.starts_with("sqlite://")) return std::string(url.substr(9));
  if (url.starts_with("sqlite:")) return std::string(url.substr(7));
  return std::string(url);
}

// The only writer is always the leader.
class sole_leader final : public leader_lock {
 public:
  bool try_hold() override { return true; }
  void release() override {}
};

std::optional<std::string> db_password() {
  // The password only from the environment: LINLI_DB_PASSWORD, else libpq's own (PGPASSWORD,
  // PGPASSFILE, PGSERVICEFILE); a password in the URL is refused (open_postgres).
  if (const char* p = std::getenv("LINLI_DB_PASSWORD"); p != nullptr && *p != '\0') return p;
  return std::nullopt;
}

}  // namespace

bool in_memory(std::string_view url) {
  return !starts_with_any(url, {"postgresql:", "postgres:"}) && sqlite_path(url) == memory;
}

bool shared_database(std::string_view url) {
  return starts_with_any(url, {"postgresql://", "postgres://"});
}

std::unique_ptr<store> open(std::string_view url, const open_options& options) {
  if (shared_database(url)) {
    return postgres::open_postgres({.url = std::string(url),
                                    .password = db_password(),
                                    .synchronous = options.synchronous,
                                    .read_only = options.read_only,
                                    .observer = options.observer});
  }
  if (const auto scheme = url.find("://");
      scheme != std::string_view::npos && !url.starts_with("sqlite:")) {
    throw std::runtime_error("cannot open database " + std::string(url) + ": unknown scheme " +
                             std::string(url.substr(0, scheme)) +
                             " (use a path, sqlite:PATH or postgresql://)");
  }
  const std::string path = sqlite_path(url);
  if (path.empty()) throw std::runtime_error("cannot open database: no path given");
  return sqlite::open_sqlite({.path = path,
                              .synchronous = options.synchronous,
                              .read_only = options.read_only,
                              .observer = options.observer});
}

std::unique_ptr<leader_lock> open_leader_lock(std::string_view url) {
  if (!shared_database(url)) return std::make_unique<sole_leader>();
  return postgres::open_pg_leader_lock({.url = std::string(url), .password = db_password()});
}

std::unique_ptr<listener> open_listener(std::string_view url,
                                        const std::vector<std::string>& channels) {
  if (!shared_database(url)) return nullptr;
  return postgres::open_pg_listener({.url = std::string(url), .password = db_password()}, channels);
}

bool is_storage_error(const std::exception& e) {
  return sqlite::is_sqlite_error(e) || postgres::is_pg_error(e);
}

}  // namespace linli::storage
