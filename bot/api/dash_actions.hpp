#pragma once
// The needs board's actions: POST /dash/api/chats/{chat_id}/requests/{number}/{action}, action
// one of delivered, bought (form field `paid`, yuan, optional) or cancel, behind the session and
// its CSRF token; also `category`, below.
//
// An action is a command message from the coordinator ("已送达 #12"), sent by
// "dash:<account>" with the coordinator's role and submitted through the single writer like any
// webhook message: it is stored in the inbox (so `linli replay` reproduces it), goes through the
// same rules as the chat's own commands, and answers the page with their replies. When it changed
// the request, the group gets a one-line announcement ("后台：#12 已送达（协调员 王）") through
// the outbox.
//
// POST .../requests/{number}/assign (form field `volunteer`, a name) gives the need to that
// volunteer: "派 #12 小李", announced "后台：#12 指派给 小李（协调员 王）".
//
// POST .../requests/{number}/category (form field `category`: medicine, cold_chain, food, daily
// or other) files the need under another category: "改 #12 类别:medicine".
//
// POST /dash/api/chats/{chat_id}/chain/{close|open|cap} (cap: form fields `cap`, places or
// "none", and `slot`, optional: 上午, 下午, 全天 or 晚上) changes the chat's current chain as
// "/chain close|open|cap …" does, announced as "后台：接龙「…」已截止（协调员 王）".
//
// POST /dash/api/chats/{chat_id}/rota/confirm (form field `date`, YYYY-MM-DD) fills that day's
// open places from the roster as "/assign YYYY-MM-DD" does: the plan the rota page proposed
// (handlers/tasks/task_views.hpp rota_view), announced as "后台：12-05 排班已确认，3 人次（协调员
// 王）" when it placed anyone.
//
// POST /dash/api/chats/{chat_id}/unrecognised/{seq}/{need|offer} (form field `text`, the message
// as the coordinator reads it, optional) turns a message linli understood as nothing into a need
// or offer the same way: the chat's own command "/代登记 SEQ 需求 …"
// (handlers/requests/correction_commands.hpp), announced as "后台：王阿姨 的消息已登记为需求 #12
// （协调员 王）".

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bot/api/routes.hpp"
#include "handlers/core/model.hpp"
#include "storage/outbox.hpp"
#include "storage/store.hpp"

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
  void correct(const http_request&, const route_params&, const responder&) const;
  void chain(const http_request&, const route_params&, const responder&) const;
  void rota(const http_request&, const route_params&, const responder&) const;

 private:
  // The group's one line about what the committed message `m` did (`answers` its replies), or
  // nullopt when it changed nothing; run by the writer after the message's commit.
  using announce_fn = std::function<std::optional<std::string>(storage::store&, const envelope& m,
                                                               const replies& answers)>;

  // Sends `text` as the session's coordinator through the writer, answers the page with its
  // replies and announces what it did.
  void submit(const http_request& request, const responder& respond, const chat_ref& chat,
              std::string text, announce_fn announce) const;
  void edit_category(const http_request& request, const responder& respond, const chat_ref& chat,
                     int number) const;
  void assign(const http_request& request, const responder& respond, const chat_ref& chat,
              int number) const;

  const dash_auth& auth_;
  ingest& writer_;
  const outbox* box_;
  send_fn send_;
  clock_fn now_ms_;
};

}  // namespace linli::bot
