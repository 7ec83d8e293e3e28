#pragma once
// `linli replay`: rebuilds every piece of state from the stored inbox. Handlers take their time
// from each message and never from the clock, so replaying the same messages in the same order
// into an empty database gives the same chains, requests and tallies. Operators use it after an
// upgrade (to see what the new parsers make of old messages) and the crash tests use it to check
// the live state.

#include <cstddef>
#include <cstdint>

#include "handlers/core/dispatcher.hpp"
#include "storage/store.hpp"

namespace linli::bot {

struct replay_summary {
  std::int64_t messages = 0;
  std::int64_t changed_replies = 0;  // messages whose replies differ from the stored ones
  std::int64_t failed = 0;           // messages whose handlers threw (stored as "failed")
};

// Applies every message of `source`, in arrival order, to `target` (an empty store), `batch`
// messages per transaction.
replay_summary replay(storage::store& source, storage::store& target,
                      const handlers::dispatcher& dispatcher, std::size_t batch = 512);

}  // namespace linli::bot
