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
  // The store failed under the handlers: nothing of the message was kept (not even the
  // message), so that it is answered 503 and the platform redelivers it.
  bool unavailable = false;
};

// At intake, before anything reads it (the writer's submit, `linli import`): every text of the
// message with each NUL byte replaced by U+FFFD (utf8::replace_nul), which PostgreSQL's text
// cannot hold. Returns whether any was.
bool replace_nul(envelope& message);

// Inside the caller's open transaction: a redelivery changes nothing; otherwise the handlers run
// under a savepoint and the message is stored with what they made of it. If they throw, their
// partial changes are undone and the message is still stored, as "failed": nothing is lost. If
// what they threw is a storage error, the message is not stored at all (`unavailable`): a
// "failed" row acknowledged for a fault that a redelivery would get past is a message lost.
// Throws only when the store does outside the handlers.
applied apply_message(storage::store& store, const handlers::dispatcher& dispatcher,
                      const envelope& message);

}  // namespace linli::bot
