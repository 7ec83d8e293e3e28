#pragma once
// Offers as the read API (GET /v1/chats/{chat_id}/offers) and the report show them: a JSON
// document, and one table for CSV.

#include <nlohmann/json.hpp>
#include <optional>

#include "handlers/core/model.hpp"
#include "handlers/core/table.hpp"
#include "handlers/offers/offer_types.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

// {"offers": [{"id", "offerer_id", "address": {"building", "unit", "room"} or null, "items":
// [{"name", "quantity", "unit"}], "category", "status", "matched_request", "message_id"}]},
// oldest first; only those in status `only` when given.
nlohmann::json offers_view(storage::store& store, const chat_ref& chat,
                           std::optional<offer_status> only = std::nullopt);

// One spreadsheet row per offer of an offers_view: the address split into building, unit and
// room, the items flattened to text ("蒙脱石散 2盒; 口罩 10个").
table offers_table(const nlohmann::json& view);

}  // namespace linli::handlers
