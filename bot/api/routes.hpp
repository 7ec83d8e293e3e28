#pragma once
// The route table of linli's HTTP interface: which method and path pattern each endpoint answers,
// tried in order. The endpoints themselves live beside it: webhook.cpp (the platforms' webhooks),
// read_api.cpp (the read API over the features' views), app.cpp (health, metrics, the test clock).

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/net/http_types.hpp"

namespace linli::bot {

using route_params = std::vector<std::string>;  // the {placeholders} of the matched path, decoded
// Answers through `respond` exactly once, possibly later; may throw http_error instead.
using route_fn = std::function<void(const http_request&, const route_params&, const responder&)>;

struct route {
  std::string_view method;
  std::string_view pattern;  // "/v1/chats/{chat_id}/messages"
  route_fn run;
  // The label a request is counted under in the metrics; unset: the pattern. Never the raw path,
  // so label values stay bounded.
  std::function<std::string(const route_params&)> label = {};
};

// Matches a pattern such as "/v1/chats/{chat_id}/messages" against a path; fills `out` with the
// placeholders' segments, percent-decoded. A placeholder matches one non-empty segment.
bool match_path(std::string_view pattern, std::string_view path, route_params& out);

class route_table {
 public:
  explicit route_table(std::vector<route> routes) : routes_(std::move(routes)) {}

  struct lookup {
    const route* found = nullptr;  // the first route with this method and path
    bool path_known = false;       // some route has this path (under another method: 405)
    route_params params;           // of `found`
  };
  lookup find(std::string_view method, std::string_view path) const;

  const std::vector<route>& all() const { return routes_; }

 private:
  std::vector<route> routes_;
};

class webhook;
class read_api;
class dash_app;

// The endpoints the table points at.
struct endpoints {
  route_fn healthz;
  route_fn metrics;
  route_fn admin_clock;
  const webhook& webhooks;
  const read_api& reads;
  const dash_app& dash;  // the dashboard's routes, appended (dash_app.hpp)
};

// Every route linli answers.
route_table linli_routes(const endpoints& e);

}  // namespace linli::bot
