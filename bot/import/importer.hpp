#pragma once
// `linli import`: a group's history, read from an export (exports.hpp), fed through the same
// handlers as live traffic, in the order of the file, each message with a delivery id derived from
// the export, so importing the same file twice changes nothing. Nothing is sent: imported messages
// get their replies stored, as live ones do, but no outbox rows.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bot/import/exports.hpp"
#include "handlers/core/dispatcher.hpp"
#include "storage/store.hpp"

namespace linli::bot::imports {

struct import_options {
  bool dry_run = false;     // everything in one transaction that is rolled back
  std::size_t batch = 256;  // messages per transaction otherwise
  // Called after each batch (and once at the end) with how many messages are done of how many.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct import_summary {
  std::int64_t messages = 0;  // fed through the handlers
  std::int64_t already = 0;   // imported before (same delivery id): left as they were
  std::int64_t system = 0;    // WeChat's own lines (joins, recalls): not fed
  std::map<std::string, std::int64_t> kinds;  // what the handlers made of the messages fed
  std::int64_t requested_cents = 0;           // money the new needs ask for
  std::int64_t spent_cents = 0;               // what volunteers reported paying for them
  std::int64_t donated_cents = 0;             // donations the messages recorded
  std::vector<unreadable> unread;             // from the export, with their line numbers
};

// The delivery id of the `occurrence`-th message (from 0) of the export with the same content,
// time and sender: "import:" and 20 hex digits of a SHA-256.
std::string delivery_id_of(const chat_ref& chat, const exported_message& m, int occurrence);

// Imports `h` into `chat`. Throws what the store throws (nothing is then committed of the batch
// that failed; the batches before it stay, and a second run skips them).
import_summary import_history(storage::store& store, const handlers::dispatcher& dispatcher,
                              const chat_ref& chat, const history& h,
                              const import_options& options = {});

}  // namespace linli::bot::imports
