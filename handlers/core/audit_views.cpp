#include "handlers/core/audit_views.hpp"

namespace linli::handlers {

using json = nlohmann::json;

json audit_view(storage::store& store, const chat_ref& chat, std::int64_t before_seq, int limit) {
  const auto rows = store.list_audit(chat, before_seq, limit);
  json entries = json::array();
  for (const audit_entry& e : rows) {
    entries.push_back({{"seq", e.seq},
                       {"at_ms", e.at_ms},
                       {"actor", {{"id", e.actor_id}, {"name", e.actor_name}}},
                       {"action", e.action},
                       {"target", e.target},
                       {"rows", e.rows},
                       {"scope", e.chat == chat ? "chat" : "deployment"}});
  }
  json next = nullptr;
  if (!rows.empty() && static_cast<int>(rows.size()) == limit) next = rows.back().seq;
  return {{"chat_id", chat.chat_id},
          {"platform", chat.platform},
          {"entries", std::move(entries)},
          {"next_before", next}};
}

}  // namespace linli::handlers
