#pragma once
// The audit trail's plain types: who did what to a chat and when (a coordinator's close, remove,
// assign, a dashboard action, an erasure), and how many rows an erasure changed. An audit entry
// never holds the data an erasure removed.

#include <cstdint>
#include <string>

#include "handlers/core/model.hpp"

namespace linli {

struct audit_entry {
  std::int64_t seq = 0;  // order across the store, assigned on insert
  chat_ref chat;         // the chat acted on; chat_id "*" for the whole deployment (purge)
  std::string actor_id;  // a platform user id, "dash:<account>", or "operator" / "retention"
  std::string actor_name;
  std::string action;     // "chain close", "assign", "forget", "purge", "retention", ...
  std::string target;     // what it named: "T12", "#12", "3" (an entry number), a date
  std::int64_t rows = 0;  // for an erasure: how many rows it changed
  std::int64_t at_ms = 0;
};

// What an erasure changed, per kind of row.
struct erasure_counts {
  std::int64_t messages = 0;       // inbox rows: text and sender name
  std::int64_t requests = 0;       // needs: requester name, address, free text
  std::int64_t chain_entries = 0;  // lines of 接龙 chains
  std::int64_t other = 0;          // addresses remembered, orders, donations, task members

  std::int64_t total() const { return messages + requests + chain_entries + other; }
};

}  // namespace linli
