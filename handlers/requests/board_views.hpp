#pragma once
// Supply requests as the coordinators' dashboard shows them: the needs board (需求), with what a
// coordinator reads at a glance (who asked, the text as written, its age), and the overview
// (今日概览). JSON documents, like the read API's views beside them (request_views.hpp).

#include <cstdint>
#include <nlohmann/json.hpp>

#include "handlers/core/model.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

// {"requests": [{"id", "requester_name", "address": {"building","unit","room"} or null, "items":
// [{"name","quantity","unit","amount_cents"}], "amount_cents", "spent_cents", "category",
// "urgent", "status", "claimed_by", "claimed_by_name", "text", "created_ms", "updated_ms",
// "rank"}]} in priority order: open before claimed before bought before done; urgent first, then
// medicine, cold chain, food, daily, other; oldest first. "rank" is that position, from 0.
nlohmann::json board_view(storage::store& store, const chat_ref& chat);

// {"by_status": {status: n}, "by_category": {category: n} (not cancelled), "urgent_open":
// [{"id","text","building","age_minutes"}] oldest first, "money": {"requested_cents",
// "spent_cents"}, "by_building": [{"key","requests","open"}], "per_hour": [{"hour_ms","requests"}]
// for each of the last 72 hours ending at now_ms}.
nlohmann::json overview_view(storage::store& store, const chat_ref& chat, std::int64_t now_ms);

}  // namespace linli::handlers
