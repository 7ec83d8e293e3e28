#include "bot/api/dash_app.hpp"

namespace linli::bot {
namespace {

http_response see_other(std::string location) {
  http_response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

}  // namespace

dash_app::dash_app(const config::dashboard_config& settings, const handlers::policy& rules,
                   const read_api& reads, ingest& writer, reader& queries, const outbox* box,
                   dash_actions::send_fn send, dash_events* events, dash_auth::clock_fn now_ms)
    : auth_(settings, writer, queries, now_ms),
      views_(auth_, rules, now_ms),
      actions_(auth_, writer, box, std::move(send), now_ms),
      events_(auth_, events ? *events : own_events_),
      report_(reads, auth_, queries) {}

void dash_app::page(const http_request& request, const responder& respond,
                    std::string_view path) const {
  const dash_assets::asset* a = assets_.find(path);
  if (!a) throw http_error(404, "no such dashboard file: " + std::string(path));
  respond(assets_.serve(request, *a));
}

void dash_app::index(const http_request& request, const route_params&,
                     const responder& respond) const {
  auth_.with_session(request, respond, see_other("/dash/login"),
                     [this, request, respond](const dash_identity&, storage::store&) {
                       respond.later([this, request] {
                         return assets_.serve(request, *assets_.find("index.html"));
                       });
                     });
}

std::vector<route> dash_app::routes() const {
  const auto bind = [this](void (dash_auth::*f)(const http_request&, const route_params&,
                                                const responder&) const) -> route_fn {
    return [this, f](const http_request& q, const route_params& p, const responder& r) {
      (auth_.*f)(q, p, r);
    };
  };
  const auto view = [this](void (dash_views::*f)(const http_request&, const route_params&,
                                                 const responder&) const) -> route_fn {
    return [this, f](const http_request& q, const route_params& p, const responder& r) {
      (views_.*f)(q, p, r);
    };
  };
  return {
      {"GET", "/dash",
       [](const http_request&, const route_params&, const responder& r) {
         r(see_other("/dash/"));
       }},
      {"GET", "/dash/",
       [this](const http_request& q, const route_params& p, const responder& r) {
         index(q, p, r);
       }},
      {"GET", "/dash/login",
       [this](const http_request& q, const route_params&, const responder& r) {
         page(q, r, "login.html");
       }},
      {"POST", "/dash/login", bind(&dash_auth::login)},
      {"POST", "/dash/logout", bind(&dash_auth::logout)},
      {"GET", "/dash/assets/{file}",
       [this](const http_request& q, const route_params& p, const responder& r) {
         page(q, r, p.at(0));
       },
       [](const route_params&) { return std::string("/dash/assets/{file}"); }},
      {"GET", "/dash/api/session", bind(&dash_auth::session)},
      {"GET", "/dash/api/chats/{chat_id}/overview", view(&dash_views::overview)},
      {"GET", "/dash/api/chats/{chat_id}/requests", view(&dash_views::requests)},
      {"GET", "/dash/api/chats/{chat_id}/unrecognised", view(&dash_views::unrecognised)},
      {"GET", "/dash/api/chats/{chat_id}/chain", view(&dash_views::chain)},
      {"GET", "/dash/api/chats/{chat_id}/corrections", view(&dash_views::corrections)},
      {"GET", "/dash/api/chats/{chat_id}/money", view(&dash_views::money)},
      {"GET", "/dash/api/chats/{chat_id}/orders", view(&dash_views::orders)},
      {"GET", "/dash/api/chats/{chat_id}/donations", view(&dash_views::donations)},
      {"GET", "/dash/api/chats/{chat_id}/rota", view(&dash_views::rota)},
      {"GET", "/v1/chats/{chat_id}/report",
       [this](const http_request& q, const route_params& p, const responder& r) {
         report_.api(q, p, r);
       }},
      {"GET", "/dash/api/chats/{chat_id}/report",
       [this](const http_request& q, const route_params& p, const responder& r) {
         report_.dash(q, p, r);
       }},
      {"GET", "/dash/events",
       [this](const http_request& q, const route_params& p, const responder& r) {
         events_.stream(q, p, r);
       }},
      {"POST", "/dash/api/chats/{chat_id}/requests/{number}/{action}",
       [this](const http_request& q, const route_params& p, const responder& r) {
         actions_.act(q, p, r);
       }},
      {"POST", "/dash/api/chats/{chat_id}/chain/{action}",
       [this](const http_request& q, const route_params& p, const responder& r) {
         actions_.chain(q, p, r);
       }},
      {"POST", "/dash/api/chats/{chat_id}/rota/{action}",
       [this](const http_request& q, const route_params& p, const responder& r) {
         actions_.rota(q, p, r);
       }},
      {"POST", "/dash/api/chats/{chat_id}/unrecognised/{seq}/{as}",
       [this](const http_request& q, const route_params& p, const responder& r) {
         actions_.correct(q, p, r);
       }},
  };
}

}  // namespace linli::bot
