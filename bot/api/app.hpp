#pragma once
// The routes of linli's HTTP interface, over plain request/response values. The server hands every
// complete request to app::handle; the answer may come later, from another thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bot/net/http_types.hpp"
#include "bot/platforms/platform.hpp"
#include "config/config.hpp"
#include "handlers/core/model.hpp"
#include "handlers/core/policy.hpp"

namespace linli::bot {

class ingest;
class reader;
class metrics;

class app {
 public:
  using clock_fn = std::function<std::int64_t()>;  // milliseconds since the epoch

  app(std::shared_ptr<const config::config> cfg, ingest& writer, reader& queries, metrics& stats,
      clock_fn now_ms = {});

  // The chat platforms this app answers webhooks for (generic and every configured one).
  const platform_registry& platforms() const { return platforms_; }

  // Where replies that leave through a platform's send API go once they are durable.
  using send_fn = std::function<void(std::vector<outbound_message>)>;
  void set_sender(send_fn send) { send_ = std::move(send); }

  // Answers through `respond` exactly once, possibly after returning.
  void handle(http_request request, responder respond);

  // With a manual clock (tests), POST /v1/admin/clock {"now": seconds} runs the schedule at that
  // time through `tick`; without one that route answers 404.
  using tick_fn = std::function<void(std::int64_t now_ms,
                                     std::function<void(bool committed, std::size_t messages)>)>;
  void set_manual_clock(tick_fn tick) { manual_tick_ = std::move(tick); }
  // The shift rules /assign uses, so the read API explains unfilled places the same way.
  void set_shift_rules(const handlers::shift_rules& rules) { shifts_ = rules; }

 private:
  using params = std::vector<std::string>;  // the {placeholders} of the matched path, decoded
  using route_fn = void (app::*)(const http_request&, const params&, const responder&);

  struct route {
    std::string_view method;
    std::string_view pattern;  // "/v1/chats/{chat_id}/messages"
    route_fn run;
  };

  void healthz(const http_request&, const params&, const responder&);
  void prometheus(const http_request&, const params&, const responder&);
  void webhook(const http_request&, const params&, const responder&);
  void chat_messages(const http_request&, const params&, const responder&);
  void chat_chain(const http_request&, const params&, const responder&);
  void chat_requests(const http_request&, const params&, const responder&);
  void chat_tally(const http_request&, const params&, const responder&);
  void chat_tasks(const http_request&, const params&, const responder&);
  void chat_assignments(const http_request&, const params&, const responder&);
  void admin_clock(const http_request&, const params&, const responder&);

  void require_api_token(const http_request& request) const;
  // The chat a read API path names: {chat_id} plus ?platform= (default "generic").
  static chat_ref chat_of(const http_request& request, const params& captured);

  static const std::vector<route>& routes();

  std::shared_ptr<const config::config> config_;
  ingest& writer_;
  reader& queries_;
  metrics& stats_;
  clock_fn now_ms_;
  platform_registry platforms_;
  send_fn send_;
  tick_fn manual_tick_;
  handlers::shift_rules shifts_;
};

}  // namespace linli::bot
