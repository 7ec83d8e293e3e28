#pragma once
// 账目's group buys and donations as the coordinators' dashboard shows them: the order sheet a
// group-buy tool prints (one line per household with everything it ordered, per building, with
// subtotals) and the donation drive with its donors. JSON documents, like the views beside them
// (board_views.hpp); money in integer cents.

#include <cstdint>
#include <nlohmann/json.hpp>

#include "handlers/core/model.hpp"
#include "handlers/core/table.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

// The group buys opened in [from_ms, to_ms), and the chat's open one whatever its day, merged
// per household: {"buys": [{"id", "title", "unit", "unit_price_cents", "closed", "opened_ms",
// "deadline_ms"}] oldest first, "buildings": [{"building" ("" without an address), "households":
// [{"household", "name", "items": [{"buy_id", "title", "quantity", "unit", "amount_cents"}],
// "amount_cents"}], "items": the building's subtotal per buy (as a household's, with
// "households"), "amount_cents"}] in building order (3 before 12, no address last), "items": the
// totals per buy, "households", "amount_cents"}. Orders of nothing (quantity 0) are left out.
nlohmann::json order_sheet_view(storage::store& store, const chat_ref& chat, std::int64_t from_ms,
                                std::int64_t to_ms);

// One row per household of an order_sheet_view: building, household, name, items ("蔬菜包 2份;
// 鸡蛋 1箱"), amount_cents.
table order_sheet_table(const nlohmann::json& sheet);

// The chat's current donation drive: {"drive": {"title", "goal_cents", "opened_ms"} or null,
// "donations": [{"name", "cents", "at_ms"}] in the order given, "donors": [{"donor_id", "name",
// "cents", "gifts"}] most given first, "total_cents", "goal_reached"}.
nlohmann::json donations_view(storage::store& store, const chat_ref& chat);

// One row per donor of a donations_view: name, gifts, amount_cents.
table donations_table(const nlohmann::json& view);

}  // namespace linli::handlers
