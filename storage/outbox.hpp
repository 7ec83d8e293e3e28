#pragma once
// The outbox: what the bot sends on its own through a chat platform's API, kept until delivered
// (or given up on). The message types live in namespace linli: platforms and the scheduler use
// them too.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/core/model.hpp"

namespace linli {

enum class outbound_state { pending, sent, failed };

// "pending", "sent", "failed": the names the database uses.
std::string_view to_string(outbound_state s);
// pending for a name it does not know.
outbound_state outbound_state_from(std::string_view name);

// A message the bot sends on its own through the chat platform's API.
struct outbound_message {
  std::int64_t id = 0;  // also the idempotency key receivers see
  chat_ref chat;
  std::string text;
  std::string route;     // platform-specific destination beyond the chat (DingTalk session webhook)
  std::string reply_to;  // the message id this answers, where the platform threads replies
  outbound_state state = outbound_state::pending;
  int parts_sent = 0;  // a text over the platform's length limit goes in parts, each sent once
  int attempts = 0;
  std::int64_t created_ms = 0;
  std::int64_t next_attempt_ms = 0;
  std::optional<std::int64_t> sent_ms;
  std::string last_error;
};

}  // namespace linli

namespace linli::storage {

class outbox_store {
 public:
  virtual ~outbox_store() = default;

  // Returns the message's id.
  virtual std::int64_t insert_outbound(const outbound_message& m) = 0;
  // Every pending message, oldest first.
  virtual std::vector<outbound_message> pending_outbound() = 0;
  virtual std::optional<outbound_message> find_outbound(std::int64_t id) = 0;
  // Saves state, attempts, next_attempt_ms, sent_ms, last_error, parts_sent.
  virtual void update_outbound(const outbound_message& m) = 0;
};

}  // namespace linli::storage
