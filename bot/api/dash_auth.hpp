#pragma once
// Dashboard sessions: POST /dash/login (form fields name, password → 303 with the session cookie,
// or 401), POST /dash/logout, GET /dash/api/session, and the session check every other /dash/
// route makes.
//
// A session id is 32 random bytes (OpenSSL RAND_bytes) in an HttpOnly, SameSite=Strict cookie
// (Secure when a trusted proxy says the request came over TLS); the database keeps only its
// SHA-256, so a copy of the database logs nobody in. Each session has a CSRF token the pages send
// back in X-CSRF-Token on every state-changing request. Wrong passwords are counted per account and
// per address in the database (so a restart forgets nothing): past the limit the account (or the
// address) is locked for dashboard.lockout_seconds, whatever password comes next.
//
// Password checks (Argon2id, tens of milliseconds) run on the reader thread, never on an I/O
// thread or the writer; sessions and failures are written through the writer.

#include <cstdint>
#include <functional>
#include <string>

#include "bot/api/routes.hpp"
#include "config/config.hpp"
#include "storage/accounts.hpp"

namespace linli::storage {
class store;
}

namespace linli::bot {

class ingest;
class reader;

// Who is logged in, for a request that carried a live session.
struct dash_identity {
  storage::account account;
  storage::dash_session session;

  bool may_see(const chat_ref& chat) const;
};

class dash_auth {
 public:
  using clock_fn = std::function<std::int64_t()>;  // milliseconds since the epoch
  // Runs on the reader thread with the store, once the session is known to be live.
  using session_fn = std::function<void(const dash_identity&, storage::store&)>;

  dash_auth(const config::dashboard_config& settings, ingest& writer, reader& queries,
            clock_fn now_ms);

  // Route functions (routes.cpp).
  void login(const http_request&, const route_params&, const responder&) const;
  void logout(const http_request&, const route_params&, const responder&) const;
  void session(const http_request&, const route_params&, const responder&) const;

  // Looks the request's session up on the reader thread and runs `next` with it; without a live
  // session answers `unauthenticated` (a 401, or the login page's redirect).
  void with_session(const http_request& request, const responder& respond,
                    http_response unauthenticated, session_fn next) const;
  // As with_session, for a state-changing request: also answers 403 unless the request's
  // X-CSRF-Token header is the session's token.
  void with_csrf_session(const http_request& request, const responder& respond,
                         session_fn next) const;

  // Whether the request came over TLS: only a trusted proxy's X-Forwarded-Proto says so.
  bool over_tls(const http_request& request) const;
  // The client's address: a trusted proxy's X-Forwarded-For (its last hop), else the peer's.
  std::string client_address(const http_request& request) const;

  // The session id a request's cookie carries, or "".
  static std::string session_cookie(const http_request& request);

 private:
  // The session cookie's Set-Cookie value; max_age_s 0 deletes it.
  static std::string cookie(const std::string& value, std::int64_t max_age_s, bool secure);

  config::dashboard_config settings_;
  ingest& writer_;
  reader& queries_;
  clock_fn now_ms_;
  std::string dummy_hash_;  // checked when the account does not exist, so timing tells nothing
};

}  // namespace linli::bot
