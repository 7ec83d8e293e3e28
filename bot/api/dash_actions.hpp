#pragma once
// The needs board's actions: POST /dash/api/chats/{chat_id}/requests/{number}/{action}, action
// one of delivered, bought (form field `paid`, yuan, optional) or cancel, behind the session and
// its CSRF token.
//
// An action is a command message from the coordinator ("已送达 #12"), sent by
// "dash:<account>" with the coordinator's role and submitted through the single writer like any
// webhook message: it is stored in the inbox (so `linli replay` reproduces it), goes through the
// same rules as the chat's own commands, and answers the page with their replies. When it changed
// the request, the group gets a one-line announcement ("后台：#12 已送达（协调员 王）") through
// the outbox.

#include <cstdint>
#include <functional>
#include <vector>

#include "bot/api/routes.hpp"
#include "handlers/core/model.hpp"
#include "storage/outbox.hpp"

namespace linli::bot {

class dash_auth;
class ingest;
class outbox;

class dash_actions {
 public:
  using clock_fn = std::function<std::int64_t()>;  // milliseconds since the epoch
  using send_fn = std::function<void(std::vector<outbound_message>)>;

  // `box` unset: no announcements (tests of the app without an outbox).
  dash_actions(const dash_auth& auth, ingest& writer, const outbox* box, send_fn send,
               clock_fn now_ms);

  void act(const http_request&, const route_params&, const responder&) const;

 private:
  const dash_auth& auth_;
  ingest& writer_;
  const outbox* box_;
  send_fn send_;
  clock_fn now_ms_;
};

}  // namespace linli::bot
