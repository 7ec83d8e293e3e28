#pragma once
// The outbox: what the bot sends through a platform's send API, kept in the database until it is
// delivered or given up on, so a restart resends what was not confirmed. Every write of an outbox
// row goes through this one component, and all of them on the single writer's thread: the rows of
// a new message's replies inside that message's transaction (ingest), the messages the schedule
// produces inside its tick's (scheduler), and each sender's progress and final state
// (outbound_sender's record, through ingest::execute).
//
// Several instances on one database: each message is sent by the instance holding its lease
// (storage::outbox_store::claim_outbound). The instance that writes a message holds it from the
// start; outbox_claimer renews those leases and claims the messages whose instance died.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "handlers/core/model.hpp"
#include "handlers/tasks/task_types.hpp"
#include "storage/store.hpp"

namespace linli::bot {

class ingest;

// Who holds the leases of the messages this instance writes, and for how long.
struct outbox_lease {
  // Unique per running instance on a shared database; any one name with a single writer
  // (SQLite), whose next start frees its predecessor's leases (outbox_claimer).
  std::string instance = "local";
  std::int64_t lease_ms = 30'000;        // a dead instance's messages wait this long for another
  std::function<std::int64_t()> now_ms;  // the wall clock when empty
};

class outbox {
 public:
  // Which of a new message's replies leave through a send API: those the webhook answer cannot
  // carry, as rows without ids.
  using rows_fn = std::function<std::vector<outbound_message>(const envelope&, const replies&)>;

  // Without `rows` every reply travels in the webhook answer and only the schedule's messages are
  // kept here.
  explicit outbox(rows_fn rows = {}, outbox_lease lease = {});

  // Inside the writer's open transaction: stores the rows of a new message's replies as pending
  // and returns them with their ids.
  std::vector<outbound_message> add_replies(storage::store& store, const envelope& message,
                                            const replies& answers) const;
  // Inside the writer's open transaction: stores messages the bot sends on its own as pending and
  // fills in their ids. Phone numbers in them are masked, as in every reply (handlers/text/phone).
  void add(storage::store& store, std::vector<outbound_message>& messages) const;

  // Every pending message, oldest first.
  std::vector<outbound_message> pending(storage::store& store) const;

  // What one round of claim() covers: the platforms this instance sends to (it claims messages
  // to those only; nullopt: every platform) and the messages its senders have queued (their
  // leases are renewed; a lease no sender needs runs out, and a later round claims it again).
  struct claim_scope {
    std::optional<std::vector<std::string>> platforms;
    std::vector<std::int64_t> holding;
  };
  // One round of claim(): the messages this instance still holds, renewed until `until_ms`, and
  // the ones it claimed, to hand the senders.
  struct lease_round {
    std::vector<std::int64_t> held;
    std::int64_t until_ms = 0;
    std::vector<outbound_message> claimed;
    std::vector<outbound_message> recorded;  // records stored again (recorder)
  };
  // Inside the writer's open transaction: stores the senders' records whose commit failed
  // (recorder), renews the leases of the messages `scope` holds and claims at most `limit` due
  // messages to its platforms that no live instance holds.
  lease_round claim(storage::store& store, int limit, const claim_scope& scope) const;
  // After a round that did not commit: its records wait for the next.
  void unrecorded(std::vector<outbound_message> records) const;
  // Frees this instance's leases: at its start (with a single writer those are a predecessor's)
  // and at a clean stop (another instance sends them at once).
  void release(storage::store& store) const;
  const outbox_lease& lease() const { return lease_; }

  // What a sender records after each attempt (a part sent, a retry planned, sent, failed): the
  // row's new state, written through `writer`. Not waited for, but never dropped: when the
  // writer's queue is full the sender's thread waits for room (back-pressure), and a record
  // whose commit failed (the database was away) is stored again by the next claim round, so a
  // message that was sent is not sent again, nor left pending under this instance's lease. Only
  // a crash between the send and the record's commit makes an instance try again: delivery is
  // at least once, and the row's id is the idempotency key (README, "Delivery"). `writer` must
  // outlive the senders that call it.
  std::function<void(const outbound_message&)> recorder(ingest& writer) const;

 private:
  std::int64_t now_ms() const;

  struct unrecorded_list {
    std::mutex mutex;
    std::map<std::int64_t, outbound_message> by_id;  // the latest record of each message
  };

  rows_fn rows_;
  outbox_lease lease_;
  std::shared_ptr<unrecorded_list> unrecorded_ = std::make_shared<unrecorded_list>();
};

}  // namespace linli::bot
