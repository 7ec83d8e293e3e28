#pragma once
// Posts and shifts as the read API (GET /v1/chats/{chat_id}/tasks and /assignments) and the
// dashboard show them: JSON documents, and each as one table for CSV.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "handlers/core/local_time.hpp"
#include "handlers/core/model.hpp"
#include "handlers/core/policy.hpp"
#include "handlers/core/table.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

// The chat's own time zone (/tz), else `default_zone`, else Shanghai.
const time_zone& chat_zone(storage::store& store, const chat_ref& chat,
                           const std::string& default_zone);

// The chat's date at now_ms in its own time zone (/tz), else in `default_zone`.
civil_date chat_today(storage::store& store, const chat_ref& chat, std::int64_t now_ms,
                      const std::string& default_zone);

// {"tasks": [{"id": "T1", "title", "place", "date", "start", "end", "capacity", "group", "status":
// "open"|"full"|"done", "volunteers": [{"id", "name"}]}]}: the day's tasks that are not cancelled,
// by start time.
nlohmann::json tasks_view(storage::store& store, const chat_ref& chat, civil_date day);

// A tasks_view at a glance, for the overview: {"tasks", "filled", "needed"}, places held (up to
// each task's head count) against places needed.
nlohmann::json tasks_counts(const nlohmann::json& tasks_view);

// One row per task of a tasks_view, the volunteers' names joined by "; ".
table tasks_table(const nlohmann::json& view);

// {"date", "assignments": [{"volunteer_id", "name", "task_id", "start", "end", "confirmed"}],
// "unfilled": [{"task_id", "missing", "reason", "why"}]}: who holds what on `day`, and why each
// open place is open at now_ms (what /assign would make of it under `rules`): "reason" in words,
// "why" as data, {"code": "begun"|"unplanned"|"nobody"|"refused", "candidates": people on the
// roster, "refused": {"already_on_it"|"outside_slot"|"other_group"|"overlaps"|"over_cap": how
// many}}.
nlohmann::json assignments_view(storage::store& store, const chat_ref& chat, civil_date day,
                                const shift_rules& rules, std::int64_t now_ms);

// 排班 as the dashboard shows a day: the assignments_view with the day's "tasks" (tasks_view's),
// "max_minutes" (the daily cap), "proposed": [{"task_id", "volunteer_id", "name"}] the places
// /assign would fill now, in its order, and "people": [{"volunteer_id", "name", "on_roster",
// "minutes", "proposed_minutes"}] everyone on the confirmed roster (in its order) or holding a
// place, with the minutes they hold that day and would hold once the proposal is made.
nlohmann::json rota_view(storage::store& store, const chat_ref& chat, civil_date day,
                         const shift_rules& rules, std::int64_t now_ms);

// The assignments of an assignments_view, one row each.
table assignments_table(const nlohmann::json& view);

}  // namespace linli::handlers
