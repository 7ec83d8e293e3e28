#pragma once
// Coordinators' dashboard accounts (made by `linli user add`), the chats each may see, their
// browser sessions and the login failures that rate-limit and lock out password guessing.
// Passwords and session ids are never stored as given: the store keeps what the caller hashed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "handlers/core/model.hpp"

namespace linli::storage {

struct account {
  std::int64_t id = 0;
  std::string name;             // unique; what the coordinator types at login
  std::string password_hash;    // an Argon2id encoded string ($argon2id$v=19$...)
  std::vector<chat_ref> chats;  // the only chats this account may see, in the order given
  std::int64_t created_ms = 0;
};

struct dash_session {
  std::string id_hash;  // hex SHA-256 of the session id the cookie carries
  std::int64_t account_id = 0;
  std::string csrf_token;  // sent back on every state-changing request
  std::int64_t created_ms = 0;
  std::int64_t expires_ms = 0;
};

class account_store {
 public:
  virtual ~account_store() = default;

  // Adds an account with its chats; returns its id, or 0 when the name is taken (nothing written).
  virtual std::int64_t insert_account(const account& a) = 0;
  virtual std::optional<account> find_account(const std::string& name) = 0;
  virtual std::optional<account> find_account_by_id(std::int64_t id) = 0;
  // Every account, by name.
  virtual std::vector<account> list_accounts() = 0;
  // Removes the account, its chats and its sessions; false when there is no such account.
  virtual bool remove_account(const std::string& name) = 0;
  // Replaces the password hash and ends every session of the account; false when there is none.
  virtual bool set_password(const std::string& name, const std::string& password_hash) = 0;

  virtual void insert_session(const dash_session& s) = 0;
  // The session with that hashed id, unless it expired at or before now_ms.
  virtual std::optional<dash_session> find_session(const std::string& id_hash,
                                                   std::int64_t now_ms) = 0;
  virtual void delete_session(const std::string& id_hash) = 0;
  // Forgets sessions expired at or before now_ms; returns how many.
  virtual int delete_expired_sessions(std::int64_t now_ms) = 0;

  // Login failures, keyed by what is limited ("account:NAME", "address:IP").
  virtual void record_login_failure(const std::string& key, std::int64_t at_ms) = 0;
  // How many failures of `key` happened at or after since_ms.
  virtual int login_failures_since(const std::string& key, std::int64_t since_ms) = 0;
  // The latest failure of `key` (for how long a lockout lasts), if any.
  virtual std::optional<std::int64_t> last_login_failure(const std::string& key) = 0;
  virtual void clear_login_failures(const std::string& key) = 0;
  // Forgets failures before before_ms.
  virtual void delete_login_failures_before(std::int64_t before_ms) = 0;
};

}  // namespace linli::storage
