#pragma once
// One message applied to the store, the way the writer does it (and `linli replay` after it).

#include <string>

#include "handlers/core/dispatcher.hpp"
#include "handlers/core/model.hpp"
#include "storage/store.hpp"

namespace linli::bot {

struct applied {
  bool duplicate = false;  // seen before: nothing changed, the answers are the stored ones
  std::string kind;        // what the handlers made of it ("failed" if they threw)
  replies answers;
};

// Inside the caller's open transaction: a redelivery changes nothing; otherwise the handlers run
// under a savepoint and the message is stored with what they made of it. If they throw, their
// partial changes are undone and the message is still stored, as "failed": nothing is lost.
// Throws only when the store does.
applied apply_message(storage::store& store, const handlers::dispatcher& dispatcher,
                      const envelope& message);

}  // namespace linli::bot
