#include "bot/purge_command.hpp"

#include <algorithm>

namespace linli::bot {

erasure_counts purge_before(storage::store& store, std::int64_t before_ms, const std::string& date,
                            std::int64_t now_ms, int steps,
                            const std::function<void(int, int)>& progress) {
  // Steps from the oldest message to the date, so no one transaction holds the whole erasure.
  std::int64_t oldest = before_ms;
  if (const auto first = store.messages_after(0, 1); !first.empty()) {
    oldest = std::min(oldest, first.front().message.received_at_ms);
  }
  erasure_counts total;
  for (int i = 1; i <= steps; ++i) {
    const std::int64_t upto = i == steps ? before_ms : oldest + (before_ms - oldest) * i / steps;
    storage::transaction tx(store);
    const erasure_counts n = store.erase_before(upto);
    tx.commit();
    total.messages += n.messages;
    total.requests += n.requests;
    total.chain_entries += n.chain_entries;
    total.other += n.other;
    if (progress) progress(i, steps);
  }
  audit_entry e;
  e.chat = {"*", "*"};
  e.actor_id = "operator";
  e.action = "purge";
  e.target = "before " + date;
  e.rows = total.total();
  e.at_ms = now_ms;
  storage::transaction tx(store);
  store.insert_audit(e);
  tx.commit();
  return total;
}

}  // namespace linli::bot
