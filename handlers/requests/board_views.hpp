#pragma once
// Supply requests as the coordinators' dashboard shows them: the needs board (需求), with what a
// coordinator reads at a glance (who asked, the text as written, its age), and the overview
// (今日概览). JSON documents, like the read API's views beside them (request_views.hpp).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "handlers/core/model.hpp"
#include "handlers/requests/request_types.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

// The board's order and filters (request_types.hpp): the requests store applies them.
using linli::board_query;
using linli::board_sort;
std::optional<board_sort> board_sort_from(std::string_view name);

constexpr int board_page_max = 500;  // needs a page may hold

// A value, or null when it is absent.
template <class T>
nlohmann::json optional_json(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// {"building", "unit", "room"} with null parts, or null without an address: how the views and
// the corpus export write an address.
nlohmann::json address_json(const std::optional<address>& where);

// {"requests": [{"id", "requester_name", "address": {"building","unit","room"} or null, "items":
// [{"name","quantity","unit","amount_cents"}], "amount_cents", "spent_cents", "category",
// "urgent", "status", "claimed_by", "claimed_by_name", "text", "created_ms", "updated_ms",
// "rank"}], "total", "offset", "limit"}: the page [offset, offset + limit) of the needs that pass
// the query's filters, in its order. "rank" is a need's position among those, from 0; "total" how
// many passed.
nlohmann::json board_view(storage::store& store, const chat_ref& chat,
                          const board_query& query = {});

// Building names in the order people count them: 3 before 12, then other names, no address ("")
// last.
bool building_before(const std::string& a, const std::string& b);

// {"by_status": {status: n}, "by_category": {category: n} (not cancelled), "urgent_open":
// [{"id","text","building","age_minutes"}] oldest first, "money": {"requested_cents",
// "spent_cents"}, "by_building": [{"key","requests","open"}] in building_before order, "per_hour":
// [{"hour_ms","requests"}] for each of the last 72 hours ending at now_ms}.
nlohmann::json overview_view(storage::store& store, const chat_ref& chat, std::int64_t now_ms);

// 账目: {"by_building", "by_item", "by_category"}: each a tally_view (request_views.hpp) over the
// non-cancelled needs; "reimbursements": [{"volunteer_id", "volunteer", "requests": [N…],
// "spent_cents"}] what each volunteer paid out (实付) on the needs they bought, most first;
// "spent_cents" their sum.
nlohmann::json money_view(storage::store& store, const chat_ref& chat);

}  // namespace linli::handlers
