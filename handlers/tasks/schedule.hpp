#pragma once
// What the bot does on its own as time passes: the evening before, it asks assigned volunteers to
// confirm; at the morning cutoff, unconfirmed places are dropped and refilled from 候补; before
// each shift, its holders are reminded. Driven by the caller's clock, never the wall clock.

#include <cstdint>
#include <vector>

#include "handlers/core/policy.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

// Runs every event due at `now_ms` (inside the caller's transaction), records that it ran, and
// returns the messages to send, one per chat and kind; the caller stores them in the outbox in
// the same transaction. It first takes the schedule's lock (storage::unit_of_work::
// lock_schedule), so two runs on one database at once (two instances that both think they lead,
// for a moment) send each message once.
std::vector<outbound_message> run_due(storage::store& store, const policy& rules,
                                      std::int64_t now_ms);

}  // namespace linli::handlers
