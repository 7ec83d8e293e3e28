#pragma once
// The outbox: what the bot sends on its own through a chat platform's API, kept until delivered
// (or given up on). The message types live in namespace linli: platforms and the scheduler use
// them too.

#include <cstdint>
#include <optional>
#include <span>
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
  // The lease: which instance sends it, and until when no other may claim it (storage::
  // outbox_store::claim_outbound). Empty and 0 when no one holds it.
  std::string leased_by;
  std::int64_t lease_until_ms = 0;
};

}  // namespace linli

namespace linli::storage {

// The channel (storage/listener.hpp) on which release_leases tells the other instances that
// messages are free to claim; the payload is how many.
#define LINLI_OUTBOX_CHANNEL "linli_outbox"
inline constexpr const char* outbox_channel = LINLI_OUTBOX_CHANNEL;

class outbox_store {
 public:
  virtual ~outbox_store() = default;

  // Returns the message's id. The row keeps m's lease: the instance that writes a message holds
  // it from the start, so a new message costs no claim.
  virtual std::int64_t insert_outbound(const outbound_message& m) = 0;
  // Every pending message, oldest first.
  virtual std::vector<outbound_message> pending_outbound() = 0;
  virtual std::optional<outbound_message> find_outbound(std::int64_t id) = 0;
  // Saves state, attempts, next_attempt_ms, sent_ms, last_error, parts_sent. A message no longer
  // pending (sent, failed) loses its lease; a pending one keeps the lease it has.
  virtual void update_outbound(const outbound_message& m) = 0;

  // Several instances on one database send each message once: each sends only what it holds a
  // lease on. Claims for `instance`, until `until_ms`, at most `limit` pending messages due by
  // `now_ms` (next_attempt_ms <= now_ms) that no one holds (never leased, released, or leased
  // until now_ms or before: their instance died), oldest first, in one statement. Rows another
  // connection is claiming at the same moment are skipped, not waited for (PostgreSQL: FOR
  // UPDATE SKIP LOCKED), so two instances never claim one row. Only messages to `platform` when
  // it is not empty: an instance claims only what it can send, by an index seek, however many
  // messages to other platforms wait. Call it inside a transaction.
  virtual std::vector<outbound_message> claim_outbound(std::string_view instance,
                                                       std::int64_t now_ms, std::int64_t until_ms,
                                                       int limit, std::string_view platform) = 0;
  // Extends to until_ms the leases `instance` holds on those of `ids` still pending (the ones
  // its senders have queued); returns their ids, in no order. A message `instance` sends that is
  // not among them is no longer its own (its lease ran out during an outage and another instance
  // claimed it): it must not send it. Costs the ids given, not the outbox's size; leases on
  // messages no sender has queued simply run out, and the claim takes them up again.
  virtual std::vector<std::int64_t> renew_leases(std::string_view instance, std::int64_t until_ms,
                                                 std::span<const std::int64_t> ids) = 0;
  // How many messages to `chat` are pending (WeCom's /report: how many wait for a robot).
  virtual std::int64_t count_pending_outbound(const chat_ref& chat) = 0;
  // Frees every lease `instance` holds: at a clean stop another instance claims them at once.
  virtual void release_leases(std::string_view instance) = 0;
};

}  // namespace linli::storage
