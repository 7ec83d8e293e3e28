#pragma once
// The dashboard's data, for one chat the session's account may see (403 for any other):
//   GET /dash/api/chats/{chat_id}/overview   今日概览: needs by status and category, the urgent
//                                            open ones with their age, money by building
//                                            (overview_view); "posts": today's {"date", "tasks",
//                                            "filled", "needed"} (tasks_view); "chain": the current
//                                            chain's {"title", "confirmed", "waitlist", "capacity",
//                                            "closed"} or null (chain_view)
//   GET /dash/api/chats/{chat_id}/requests   需求: the needs board, filtered and paged here:
//                                            ?status=, category=, building=, urgent=1, q= (text),
//                                            sort=priority|newest|oldest|number, offset=, limit=
//                                            (1..500, default 100); 400 naming a bad one
//   GET /dash/api/chats/{chat_id}/unrecognised   未识别: messages that parsed as nothing, newest
//                                            first, 50 a page (?before=SEQ for the next)
//   GET /dash/api/chats/{chat_id}/chain      接龙: the chat's current chain (or null) and its last
//                                            20 copies with what linli answered each
//   GET /dash/api/chats/{chat_id}/money      账目: money by building, item and category, and what
//                                            each volunteer paid (the reimbursement list)
//   GET /dash/api/chats/{chat_id}/orders?date=YYYY-MM-DD   团购: the order sheet of the group buys
//                                            opened that day (default today) and the open one,
//                                            merged per household (order_sheet_view)
//   GET /dash/api/chats/{chat_id}/donations  募捐: the current drive, its gifts and donors
//   GET /dash/api/chats/{chat_id}/rota?date=YYYY-MM-DD   排班: the day's posts, who holds them, why
//                                            places are open, what /assign would place now and
//                                            everyone's hours against the cap (rota_view); the
//                                            day /assign fills by default (tomorrow) without one
//   GET /dash/api/chats/{chat_id}/corrections   the 代登记 corrections as labelled corpus
//                                            records: ?format=jsonl (default; one a line) or json
// All come from the features' views (handlers/*/…_views.hpp), as the read API's do; ?platform=
// names the chat's platform (default generic).

#include <cstdint>
#include <functional>

#include "bot/api/routes.hpp"
#include "handlers/core/model.hpp"
#include "handlers/core/policy.hpp"

namespace linli::bot {

class dash_auth;
struct dash_identity;

class dash_views {
 public:
  using clock_fn = std::function<std::int64_t()>;  // milliseconds since the epoch

  // `rules`: the dispatcher's, so the rota is planned as /assign plans it.
  dash_views(const dash_auth& auth, const handlers::policy& rules, clock_fn now_ms);

  void overview(const http_request&, const route_params&, const responder&) const;
  void requests(const http_request&, const route_params&, const responder&) const;
  void unrecognised(const http_request&, const route_params&, const responder&) const;
  void chain(const http_request&, const route_params&, const responder&) const;
  void corrections(const http_request&, const route_params&, const responder&) const;
  void money(const http_request&, const route_params&, const responder&) const;
  void orders(const http_request&, const route_params&, const responder&) const;
  void donations(const http_request&, const route_params&, const responder&) const;
  void rota(const http_request&, const route_params&, const responder&) const;

 private:
  const dash_auth& auth_;
  const handlers::policy& rules_;
  clock_fn now_ms_;
};

// The chat a /dash/api/chats/{chat_id}/... path names: {chat_id} and ?platform= (default generic).
chat_ref dash_chat_of(const http_request& request, const route_params& captured);

}  // namespace linli::bot
