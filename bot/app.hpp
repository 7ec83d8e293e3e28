#pragma once
// The routes of linli's HTTP interface, over plain request/response values. The server hands every
// complete request to app::handle; the answer may come later, from another thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bot/http_types.hpp"
#include "config/config.hpp"
#include "storage/model.hpp"

namespace linli::bot {

class ingest;
class reader;
class metrics;

class app {
 public:
  using clock_fn = std::function<std::int64_t()>;  // milliseconds since the epoch

  app(std::shared_ptr<const config::config> cfg, ingest& writer, reader& queries, metrics& stats,
      clock_fn now_ms = {});

  // Answers through `respond` exactly once, possibly after returning.
  void handle(http_request request, responder respond);

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
  void webhook_generic(const http_request&, const params&, const responder&);
  void chat_messages(const http_request&, const params&, const responder&);
  void chat_chain(const http_request&, const params&, const responder&);
  void chat_requests(const http_request&, const params&, const responder&);
  void chat_tally(const http_request&, const params&, const responder&);

  void require_api_token(const http_request& request) const;
  // The chat a read API path names: {chat_id} plus ?platform= (default "generic").
  static chat_ref chat_of(const http_request& request, const params& captured);

  static const std::vector<route>& routes();

  std::shared_ptr<const config::config> config_;
  ingest& writer_;
  reader& queries_;
  metrics& stats_;
  clock_fn now_ms_;
};

}  // namespace linli::bot
