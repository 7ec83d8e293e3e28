#pragma once
// The read API: GET /v1/chats/{chat_id}/{messages,chain,requests,offers,tally,tasks,
// assignments,robot,audit}, behind the bearer token, as JSON or (?format=csv) CSV. Each endpoint
// checks its query parameters here (400 naming the bad one), runs the feature's view
// (handlers/*/*_views.hpp) on the reader thread, and renders the answer on the connection's thread.

#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>

#include "bot/api/routes.hpp"
#include "handlers/core/local_time.hpp"
#include "handlers/core/policy.hpp"

namespace linli::bot {

class reader;

// What a read job that threw answers (reader::post's failed_fn): 503 when the database failed
// (unreachable, say: the client retries later), 500 for anything else.
std::function<void(const std::exception&)> failure_answer(const responder& respond);

// ?date=YYYY-MM-DD, or none; 400 for anything else.
std::optional<handlers::civil_date> date_param(const http_request& request);

class read_api {
 public:
  using clock_fn = std::function<std::int64_t()>;  // milliseconds since the epoch

  // `api_token` unset: every read answers 401. `rules`: the deployment's default time zone and the
  // shift rules /assign uses, so the read API explains unfilled places the same way.
  read_api(std::optional<std::string> api_token, reader& queries, const handlers::policy& rules,
           clock_fn now_ms);

  // Throws http_error(401) unless the request carries the bearer token.
  void require_token(const http_request& request) const;

  // Each a route_fn for the table (routes.cpp); the {chat_id} is the first placeholder, the
  // platform ?platform= (default "generic").
  void messages(const http_request&, const route_params&, const responder&) const;
  void chain(const http_request&, const route_params&, const responder&) const;
  void requests(const http_request&, const route_params&, const responder&) const;
  void offers(const http_request&, const route_params&, const responder&) const;
  void tally(const http_request&, const route_params&, const responder&) const;
  void tasks(const http_request&, const route_params&, const responder&) const;
  void assignments(const http_request&, const route_params&, const responder&) const;
  // The chat's group robot (WeCom), its key masked.
  void robot(const http_request&, const route_params&, const responder&) const;
  // ?limit= (1-1000, 100) and ?before= page as /messages do.
  void audit(const http_request&, const route_params&, const responder&) const;

 private:
  std::optional<std::string> expected_;  // "Bearer <token>"
  reader& queries_;
  const handlers::policy& rules_;
  clock_fn now_ms_;
};

}  // namespace linli::bot
