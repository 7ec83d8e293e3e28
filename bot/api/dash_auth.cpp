#include "bot/api/dash_auth.hpp"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "bot/accounts/password.hpp"
#include "bot/api/read_api.hpp"
#include "bot/pipeline/ingest.hpp"
#include "bot/pipeline/reader.hpp"
#include "bot/platforms/common.hpp"
#include "bot/platforms/signature.hpp"

namespace linli::bot {
namespace {

using json = nlohmann::json;

constexpr std::string_view cookie_name = "linli_session";
// One address may mistype across accounts more than one account may: a committee shares a
// gate's Wi-Fi. Past this many failures in the window it is locked like an account.
constexpr int address_failures_per_account_limit = 4;

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error("no random bytes for a session");
  }
  return to_hex(raw);
}

std::string hashed(const std::string& session_id) {
  return to_hex(sha256(session_id));
}

http_response failure(int status, std::string_view message, std::int64_t retry_after_s = 0) {
  http_response r = error_response(status, message);
  if (retry_after_s > 0) r.headers.emplace_back("Retry-After", std::to_string(retry_after_s));
  return r;
}

// An Origin header, when the browser sends one, must be this server: a login form on another
// site must not log a coordinator into an account of the attacker's choosing.
bool same_origin(const http_request& request) {
  const std::string_view origin = request.header("origin");
  if (origin.empty()) return true;
  const auto scheme = origin.find("://");
  return scheme != std::string_view::npos && origin.substr(scheme + 3) == request.header("host");
}

}  // namespace

bool dash_identity::may_see(const chat_ref& chat) const {
  return std::find(account.chats.begin(), account.chats.end(), chat) != account.chats.end();
}

dash_auth::dash_auth(const config::dashboard_config& settings, ingest& writer, reader& queries,
                     clock_fn now_ms)
    : settings_(settings),
      writer_(writer),
      queries_(queries),
      now_ms_(std::move(now_ms)),
      dummy_hash_(accounts::hash_password(random_hex(16))) {}

bool dash_auth::over_tls(const http_request& request) const {
  const auto& proxies = settings_.trusted_proxies;
  return std::find(proxies.begin(), proxies.end(), request.remote_address) != proxies.end() &&
         request.header("x-forwarded-proto") == "https";
}

std::string dash_auth::client_address(const http_request& request) const {
  const auto& proxies = settings_.trusted_proxies;
  if (std::find(proxies.begin(), proxies.end(), request.remote_address) == proxies.end()) {
    return request.remote_address;
  }
  std::string_view forwarded = request.header("x-forwarded-for");
  if (const auto comma = forwarded.rfind(','); comma != std::string_view::npos) {
    forwarded.remove_prefix(comma + 1);
  }
  while (forwarded.starts_with(' ')) forwarded.remove_prefix(1);
  return forwarded.empty() ? request.remote_address : std::string(forwarded);
}

std::string dash_auth::session_cookie(const http_request& request) {
  std::string_view cookies = request.header("cookie");
  while (!cookies.empty()) {
    const auto end = cookies.find(';');
    std::string_view pair = cookies.substr(0, end);
    while (pair.starts_with(' ')) pair.remove_prefix(1);
    if (pair.starts_with(cookie_name) && pair.size() > cookie_name.size() &&
        pair[cookie_name.size()] == '=') {
      return std::string(pair.substr(cookie_name.size() + 1));
    }
    if (end == std::string_view::npos) break;
    cookies.remove_prefix(end + 1);
  }
  return {};
}

std::string dash_auth::cookie(const std::string& value, std::int64_t max_age_s, bool secure) {
  std::string c = std::string(cookie_name) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
  if (secure) c += "; Secure";
  return c;
}

void dash_auth::login(const http_request& request, const route_params&,
                      const responder& respond) const {
  if (!same_origin(request)) throw http_error(403, "login from another origin");
  const auto name = query_param(request.body, "name");
  const auto password = query_param(request.body, "password");
  if (!name || !password || name->empty()) {
    throw http_error(400, "form fields 'name' and 'password' are required");
  }
  const std::string account_key = "account:" + *name;
  const std::string address_key = "address:" + client_address(request);
  const std::int64_t session_ms = settings_.session_seconds * 1000LL;
  const std::int64_t window_ms = settings_.lockout_seconds * 1000LL;
  const int max_failures = settings_.max_failures;
  const bool secure = over_tls(request);
  queries_.post(
      [this, respond, name = *name, password = *password, account_key, address_key, session_ms,
       window_ms, max_failures, secure](storage::store& store) {
        const std::int64_t now = now_ms_();
        const int account_failures = store.login_failures_since(account_key, now - window_ms);
        const int address_failures = store.login_failures_since(address_key, now - window_ms);
        if (account_failures >= max_failures ||
            address_failures >= max_failures * address_failures_per_account_limit) {
          const auto last = std::max(store.last_login_failure(account_key).value_or(0),
                                     store.last_login_failure(address_key).value_or(0));
          const std::int64_t wait_s =
              std::max<std::int64_t>(1, (last + window_ms - now) / 1000 + 1);
          respond(failure(429, "too many wrong passwords: locked, try again later", wait_s));
          return;
        }
        const auto found = store.find_account(name);
        const bool ok =
            accounts::verify_password(found ? found->password_hash : dummy_hash_, password) &&
            found.has_value();
        if (!ok) {
          writer_.execute(
              [account_key, address_key, now, window_ms](storage::store& s) {
                s.record_login_failure(account_key, now);
                s.record_login_failure(address_key, now);
                s.delete_login_failures_before(now - window_ms);  // they count for nothing now
              },
              [respond, name](bool) {
                spdlog::warn("dashboard: wrong password for account '{}'", name);
                respond(failure(401, "wrong name or password"));
              });
          return;
        }
        const std::string id = random_hex(32);
        const storage::dash_session session{.id_hash = hashed(id),
                                            .account_id = found->id,
                                            .csrf_token = random_hex(32),
                                            .created_ms = now,
                                            .expires_ms = now + session_ms};
        writer_.execute(
            [session, account_key, now](storage::store& s) {
              s.delete_expired_sessions(now);
              s.insert_session(session);
              s.clear_login_failures(account_key);
            },
            [respond, id, session_ms, secure](bool committed) {
              if (!committed) {
                respond(failure(503, "storage unavailable; retry later"));
                return;
              }
              http_response r;
              r.status = 303;
              r.content_type = "text/plain; charset=utf-8";
              r.headers.emplace_back("Location", "/dash/");
              r.headers.emplace_back("Set-Cookie", cookie(id, session_ms / 1000, secure));
              r.headers.emplace_back("Cache-Control", "no-store");
              respond(std::move(r));
            });
      },
      failure_answer(respond));
}

void dash_auth::logout(const http_request& request, const route_params&,
                       const responder& respond) const {
  const bool secure = over_tls(request);
  with_csrf_session(
      request, respond, [this, respond, secure](const dash_identity& who, storage::store&) {
        writer_.execute(
            [id_hash = who.session.id_hash](storage::store& s) { s.delete_session(id_hash); },
            [respond, secure](bool committed) {
              if (!committed) {
                respond(failure(503, "storage unavailable; retry later"));
                return;
              }
              http_response r;
              r.status = 303;
              r.content_type = "text/plain; charset=utf-8";
              r.headers.emplace_back("Location", "/dash/login");
              r.headers.emplace_back("Set-Cookie", cookie("", 0, secure));
              respond(std::move(r));
            });
      });
}

void dash_auth::session(const http_request& request, const route_params&,
                        const responder& respond) const {
  with_session(request, respond, failure(401, "not logged in"),
               [respond](const dash_identity& who, storage::store&) {
                 json chats = json::array();
                 for (const chat_ref& c : who.account.chats) {
                   chats.push_back({{"platform", c.platform}, {"chat_id", c.chat_id}});
                 }
                 http_response r = platforms::json_answer({{"name", who.account.name},
                                                           {"chats", std::move(chats)},
                                                           {"csrf", who.session.csrf_token},
                                                           {"expires_ms", who.session.expires_ms}});
                 r.headers.emplace_back("Cache-Control", "no-store");
                 respond(std::move(r));
               });
}

void dash_auth::with_session(const http_request& request, const responder& respond,
                             http_response unauthenticated, session_fn next) const {
  const std::string id = session_cookie(request);
  if (id.empty()) {
    respond(std::move(unauthenticated));
    return;
  }
  queries_.post(
      [this, respond, id_hash = hashed(id), unauthenticated = std::move(unauthenticated),
       next = std::move(next)](storage::store& store) mutable {
        auto session = store.find_session(id_hash, now_ms_());
        auto account = session ? store.find_account_by_id(session->account_id) : std::nullopt;
        if (!account) {
          respond(std::move(unauthenticated));
          return;
        }
        next(dash_identity{std::move(*account), std::move(*session)}, store);
      },
      failure_answer(respond));
}

void dash_auth::with_csrf_session(const http_request& request, const responder& respond,
                                  session_fn next) const {
  std::string token(request.header("x-csrf-token"));
  if (token.empty()) token = query_param(request.body, "csrf").value_or("");
  with_session(
      request, respond, failure(401, "not logged in"),
      [respond, token, next = std::move(next)](const dash_identity& who, storage::store& store) {
        if (token.empty() || !constant_time_equal(token, who.session.csrf_token)) {
          respond(failure(403, "missing or wrong CSRF token (X-CSRF-Token)"));
          return;
        }
        next(who, store);
      });
}

}  // namespace linli::bot
