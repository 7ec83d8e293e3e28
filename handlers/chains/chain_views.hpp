#pragma once
// The chat's 接龙 as the read API (GET /v1/chats/{chat_id}/chain) and the dashboard show it: a
// JSON document, and its roster as a table for CSV.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "handlers/core/model.hpp"
#include "handlers/core/table.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

// {"chain_id", "title", "closed", "capacity", "entries": [{"position", "name", "detail", "slot",
// "status": "confirmed"|"waitlist", "sender_id", "registered_by"}]}; "closed" as of now_ms.
// The chain with that title when `title` is given, else the chat's current chain (a coordinator's
// newest, see storage::chain_store::latest_chain); nullopt when there is no such chain.
std::optional<nlohmann::json> chain_view(storage::store& store, const chat_ref& chat,
                                         std::int64_t now_ms,
                                         const std::optional<std::string>& title = std::nullopt);

// A chain_view at a glance, for the overview: {"title", "confirmed", "waitlist", "capacity",
// "closed"}, the head counts of its two parts.
nlohmann::json chain_counts(const nlohmann::json& chain_view);

// The entries of a chain_view, one row each.
table chain_table(const nlohmann::json& view);

}  // namespace linli::handlers
