// The PostgreSQL store: dashboard accounts, sessions and login failures — not yet kept here.
// Each call throws, so a dashboard on PostgreSQL fails loudly instead of losing a login; the
// tables and queries come with the accounts' PostgreSQL part (the contract suite's [accounts]
// tests are not yet registered for PostgreSQL: tests/CMakeLists.txt).

#include <stdexcept>

#include "storage/postgres/pg_store.hpp"

namespace linli::storage::postgres {
namespace {

[[noreturn]] void missing() {
  throw std::logic_error("dashboard accounts are not yet kept on PostgreSQL");
}

}  // namespace

std::int64_t pg_store::insert_account(const account&) {
  missing();
}
std::optional<account> pg_store::find_account(const std::string&) {
  missing();
}
std::optional<account> pg_store::find_account_by_id(std::int64_t) {
  missing();
}
std::vector<account> pg_store::list_accounts() {
  missing();
}
bool pg_store::remove_account(const std::string&) {
  missing();
}
bool pg_store::set_password(const std::string&, const std::string&) {
  missing();
}
void pg_store::insert_session(const dash_session&) {
  missing();
}
std::optional<dash_session> pg_store::find_session(const std::string&, std::int64_t) {
  missing();
}
void pg_store::delete_session(const std::string&) {
  missing();
}
int pg_store::delete_expired_sessions(std::int64_t) {
  missing();
}
void pg_store::record_login_failure(const std::string&, std::int64_t) {
  missing();
}
int pg_store::login_failures_since(const std::string&, std::int64_t) {
  missing();
}
std::optional<std::int64_t> pg_store::last_login_failure(const std::string&) {
  missing();
}
void pg_store::clear_login_failures(const std::string&) {
  missing();
}
void pg_store::delete_login_failures_before(std::int64_t) {
  missing();
}

}  // namespace linli::storage::postgres
