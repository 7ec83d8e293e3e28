#include "handlers/chains/chain_views.hpp"

#include <algorithm>

#include "handlers/chains/chain.hpp"
#include "handlers/chains/chain_parser.hpp"

namespace linli::handlers {

using json = nlohmann::json;

std::optional<json> chain_view(storage::store& store, const chat_ref& chat, std::int64_t now_ms,
                               const std::optional<std::string>& title) {
  std::optional<chain> c;
  if (title) {
    if (const auto parsed = parse_chain("#接龙 " + *title)) {
      c = store.find_chain(chat, parsed->header_key);
    }
  } else {
    c = store.latest_chain(chat);
  }
  if (!c) return std::nullopt;
  json entries = json::array();
  for (const auto& line : roster(*c)) {
    const chain_entry& e = *line.entry;
    entries.push_back(
        {{"position", line.position},
         {"name", e.name},
         {"detail", e.detail},
         {"slot", e.slot ? json(*e.slot) : json(nullptr)},
         {"status", line.status == entry_status::confirmed ? "confirmed" : "waitlist"},
         {"sender_id", e.sender_id},
         {"registered_by", e.registered_by ? json(*e.registered_by) : json(nullptr)}});
  }
  return json{{"chain_id", c->id},
              {"title", c->title},
              {"closed", !is_open(*c, now_ms)},
              {"capacity", c->capacity ? json(*c->capacity) : json(nullptr)},
              {"entries", std::move(entries)}};
}

table chain_table(const json& view) {
  return {{"position", "name", "detail", "slot", "status", "sender_id", "registered_by"},
          view.at("entries")};
}

nlohmann::json chain_counts(const nlohmann::json& chain_view) {
  const auto& entries = chain_view.at("entries");
  const auto confirmed = std::count_if(entries.begin(), entries.end(), [](const nlohmann::json& e) {
    return e.at("status") == "confirmed";
  });
  return {{"title", chain_view.at("title")},
          {"confirmed", confirmed},
          {"waitlist", static_cast<std::ptrdiff_t>(entries.size()) - confirmed},
          {"capacity", chain_view.at("capacity")},
          {"closed", chain_view.at("closed")}};
}

}  // namespace linli::handlers
