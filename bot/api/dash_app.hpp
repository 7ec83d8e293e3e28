#pragma once
// The coordinators' dashboard under /dash/: its pages (dash_assets), sessions (dash_auth), data
// (dash_views) and actions (dash_actions), assembled here with the routes they answer (appended to
// the route table).
//
//   GET  /dash, /dash/            the pages (303 to /dash/login without a session)
//   GET  /dash/login              the login page
//   GET  /dash/assets/{file}      scripts and styles
//   POST /dash/login, /dash/logout; GET /dash/api/session
//   GET  /dash/api/chats/{chat_id}/overview, /requests
//   GET  /dash/api/chats/{chat_id}/unrecognised, /chain, /corrections, /money, /orders,
//                                 /donations, /rota
//   POST /dash/api/chats/{chat_id}/requests/{number}/{action}, /rota/confirm
//   POST /dash/api/chats/{chat_id}/unrecognised/{seq}/{need|offer}, /chain/{close|open|cap}
//   GET  /dash/events?chat=CHAT_ID (dash_events)
//   GET  /dash/api/chats/{chat_id}/report, /v1/chats/{chat_id}/report (dash_report)

#include <vector>

#include "bot/api/dash_actions.hpp"
#include "bot/api/dash_assets.hpp"
#include "bot/api/dash_auth.hpp"
#include "bot/api/dash_events.hpp"
#include "bot/api/dash_report.hpp"
#include "bot/api/dash_views.hpp"
#include "bot/api/routes.hpp"

namespace linli::bot {

class dash_app {
 public:
  // `rules`: the dispatcher's (the rota page plans as /assign does).
  dash_app(const config::dashboard_config& settings, const handlers::policy& rules,
           const read_api& reads, ingest& writer, reader& queries, const outbox* box,
           dash_actions::send_fn send, dash_events* events, dash_auth::clock_fn now_ms);
  dash_app(const dash_app&) = delete;
  dash_app& operator=(const dash_app&) = delete;

  std::vector<route> routes() const;

 private:
  void index(const http_request&, const route_params&, const responder&) const;
  void page(const http_request&, const responder&, std::string_view path) const;

  dash_assets assets_;
  dash_auth auth_;
  dash_views views_;
  dash_actions actions_;
  dash_events own_events_;  // when the app was given none
  dash_event_route events_;
  dash_report report_;
};

}  // namespace linli::bot
