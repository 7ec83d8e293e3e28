#pragma once
// linli's HTTP interface over plain request/response values. The server hands every complete
// request to app::handle; the route table (routes.hpp) picks the endpoint, and the answer may come
// later, from another thread. Every answer is counted in the metrics, and errors become responses
// here, in one place.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bot/api/dash_app.hpp"
#include "bot/api/read_api.hpp"
#include "bot/api/routes.hpp"
#include "bot/api/webhook.hpp"
#include "bot/net/http_types.hpp"
#include "bot/platforms/platform.hpp"
#include "config/config.hpp"
#include "handlers/core/policy.hpp"

namespace linli::bot {

class ingest;
class reader;
class metrics;
class outbox;
class dash_events;
class name_gate;

class app {
 public:
  using clock_fn = std::function<std::int64_t()>;  // milliseconds since the epoch
  // Where replies that leave through a platform's send API go once they are durable.
  using send_fn = std::function<void(std::vector<outbound_message>)>;
  // Runs the schedule at now_ms and reports whether it committed and how many messages it queued.
  using tick_fn = std::function<void(std::int64_t now_ms,
                                     std::function<void(bool committed, std::size_t messages)>)>;

  // Everything the app works with; all of it outlives the app.
  struct deps {
    std::shared_ptr<const config::config> config;
    const platform_registry& platforms;  // the webhooks answered: generic and every enabled one
    ingest& writer;
    reader& queries;
    metrics& stats;
    const handlers::policy& rules;  // the one the dispatcher uses
    clock_fn now_ms;
    send_fn send = {};  // unset: messages for the send APIs stay pending in the outbox
    // Set with a manual clock (tests): POST /v1/admin/clock {"now": seconds} runs the schedule at
    // that time through it. Unset, that route answers 404.
    tick_fn manual_tick = {};
    // Where the dashboard's announcements are stored; unset: none are made.
    const outbox* box = nullptr;
    // Fed by the writer's commits (ingest's commit hook); unset: the dashboard's own, never fed.
    dash_events* events = nullptr;
    // Where messages wait for their senders' display names; unset: they go on with what they
    // carry.
    name_gate* names = nullptr;
    // Whether this instance runs the scheduler (/healthz "leader"); unset: it always does.
    std::function<bool()> leading = {};
  };

  explicit app(deps d);
  app(const app&) = delete;
  app& operator=(const app&) = delete;

  // Answers through `respond` exactly once, possibly after returning.
  void handle(http_request request, responder respond);

 private:
  void healthz(const http_request&, const route_params&, const responder&) const;
  void prometheus(const http_request&, const route_params&, const responder&) const;
  void admin_clock(const http_request&, const route_params&, const responder&) const;

  metrics& stats_;
  reader& queries_;
  tick_fn manual_tick_;
  std::function<bool()> leading_;
  bool insecure_dev_;
  std::vector<std::string> unauthenticated_;  // webhooks served without a secret (--insecure-dev)
  webhook webhooks_;
  read_api reads_;
  dash_app dash_;
  route_table routes_;  // last: points at the endpoints above
};

}  // namespace linli::bot
