#pragma once
// POST /v1/webhook/{platform} (and GET, for a platform that verifies its URL so): a platform's
// message, verified on its raw bytes, parsed, handed to the single writer, and answered once it
// is durable. Replies the answer cannot carry were stored
// in the outbox with the message; they go to the senders from here.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bot/api/routes.hpp"
#include "bot/platforms/platform.hpp"

namespace linli::bot {

class ingest;
class name_gate;

class webhook {
 public:
  using clock_fn = std::function<std::int64_t()>;  // milliseconds since the epoch
  using send_fn = std::function<void(std::vector<outbound_message>)>;

  // `send` (may be unset: the messages stay pending) runs on the writer thread and must not block.
  // `names` (may be null) holds a message until its sender's display name is known.
  webhook(const platform_registry& platforms, ingest& writer, clock_fn now_ms, send_fn send,
          name_gate* names = nullptr);

  void handle(const http_request& request, const route_params& captured,
              const responder& respond) const;
  // By platform for the enabled ones, of which there are a handful; the pattern otherwise.
  std::string label(const route_params& captured) const;

 private:
  const platform_registry& platforms_;
  ingest& writer_;
  clock_fn now_ms_;
  send_fn send_;
  name_gate* names_;
};

}  // namespace linli::bot
