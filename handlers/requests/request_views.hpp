#pragma once
// Supply requests as the read API (GET /v1/chats/{chat_id}/requests and /tally) and the dashboard
// show them: JSON documents, and each as one table for CSV.

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "handlers/core/model.hpp"
#include "handlers/core/table.hpp"
#include "handlers/requests/request_types.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

// {"requests": [{"id", "requester_id", "address": {"building", "unit", "room"} or null, "items":
// [{"name", "quantity", "unit", "amount_cents"}], "amount_cents", "spent_cents", "category",
// "urgent", "status", "claimed_by", "duplicate_of", "message_id"}]}, oldest first; only those in
// status `only` when given.
nlohmann::json requests_view(storage::store& store, const chat_ref& chat,
                             std::optional<request_status> only = std::nullopt);

// A view's row made a spreadsheet row: its "address" spread into "building", "unit" and "room",
// its "items" made one text ("硝苯地平 2盒; 口罩 10"). Requests and offers both.
void flatten_row(nlohmann::json& row);

// One spreadsheet row per request of a requests_view: the address split into building, unit and
// room, the items flattened to text ("硝苯地平 2盒; 口罩 10").
table requests_table(const nlohmann::json& view);

// {"by", "rows": [{"key", "requests", "amount_cents"} (+ "quantity", "unit" by item)], "total":
// {"requests", "amount_cents"}} over the non-cancelled requests, by "building", "item" or
// "category"; nullopt for any other dimension.
std::optional<nlohmann::json> tally_view(storage::store& store, const chat_ref& chat,
                                         std::string_view by);

// The rows of a tally_view.
table tally_table(const nlohmann::json& view);

}  // namespace linli::handlers
