#include "bot/api/routes.hpp"

#include "bot/api/dash_app.hpp"
#include "bot/api/read_api.hpp"
#include "bot/api/webhook.hpp"

namespace linli::bot {

bool match_path(std::string_view pattern, std::string_view path, route_params& out) {
  out.clear();
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const std::string_view p = pattern.substr(0, pattern.find('/'));
    const std::string_view s = path.substr(0, path.find('/'));
    if (p.starts_with('{')) {
      if (s.empty()) return false;
      out.push_back(url_decode(s, false));
    } else if (p != s) {
      return false;
    }
    pattern.remove_prefix(p.size());
    path.remove_prefix(s.size());
  }
  return true;
}

route_table::lookup route_table::find(std::string_view method, std::string_view path) const {
  lookup l;
  route_params captured;
  for (const route& r : routes_) {
    if (!match_path(r.pattern, path, captured)) continue;
    l.path_known = true;
    if (r.method == method) {
      l.found = &r;
      l.params = std::move(captured);
      break;
    }
  }
  return l;
}

route_table linli_routes(const endpoints& e) {
  const webhook& hooks = e.webhooks;
  const read_api& reads = e.reads;
  auto read = [&reads](void (read_api::*endpoint)(const http_request&, const route_params&,
                                                  const responder&) const) -> route_fn {
    return [&reads, endpoint](const http_request& q, const route_params& p, const responder& r) {
      (reads.*endpoint)(q, p, r);
    };
  };
  const route_fn hook = [&hooks](const http_request& q, const route_params& p, const responder& r) {
    hooks.handle(q, p, r);
  };
  const auto hook_label = [&hooks](const route_params& p) { return hooks.label(p); };
  std::vector<route> routes = {
      {"GET", "/healthz", e.healthz},
      {"GET", "/metrics", e.metrics},
      {"POST", "/v1/webhook/{platform}", hook, hook_label},
      {"GET", "/v1/webhook/{platform}", hook, hook_label},  // URL verifications (WeCom)
      {"GET", "/v1/chats/{chat_id}/messages", read(&read_api::messages)},
      {"GET", "/v1/chats/{chat_id}/chain", read(&read_api::chain)},
      {"GET", "/v1/chats/{chat_id}/requests", read(&read_api::requests)},
      {"GET", "/v1/chats/{chat_id}/offers", read(&read_api::offers)},
      {"GET", "/v1/chats/{chat_id}/tally", read(&read_api::tally)},
      {"GET", "/v1/chats/{chat_id}/tasks", read(&read_api::tasks)},
      {"GET", "/v1/chats/{chat_id}/assignments", read(&read_api::assignments)},
      {"GET", "/v1/chats/{chat_id}/robot", read(&read_api::robot)},
      {"GET", "/v1/chats/{chat_id}/audit", read(&read_api::audit)},
      {"POST", "/v1/admin/clock", e.admin_clock},
  };
  for (route& r : e.dash.routes()) routes.push_back(std::move(r));
  return route_table(std::move(routes));
}

}  // namespace linli::bot
