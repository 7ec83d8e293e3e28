#include "handlers/tasks/task_views.hpp"

#include "handlers/tasks/shifts.hpp"
#include "handlers/tasks/tasks.hpp"

namespace linli::handlers {
namespace {

using json = nlohmann::json;

std::string hh_mm(int minute) {
  return format_clock({minute / 60, minute % 60});
}

}  // namespace

civil_date chat_today(storage::store& store, const chat_ref& chat, std::int64_t now_ms,
                      const std::string& default_zone) {
  const std::string name = store.load_chat(chat).time_zone;
  const time_zone* zone = time_zone::find(name.empty() ? default_zone : name);
  return date_of(now_ms, zone ? *zone : time_zone::shanghai());
}

json tasks_view(storage::store& store, const chat_ref& chat, civil_date day) {
  json rows = json::array();
  for (const task& t : live_tasks(store, chat, day)) {
    json volunteers = json::array();
    for (const task_member* m : active_members(t)) {
      volunteers.push_back({{"id", m->volunteer_id}, {"name", m->name}});
    }
    rows.push_back({{"id", task_label(t.number)},
                    {"title", t.title},
                    {"place", t.place},
                    {"date", t.date},
                    {"start", hh_mm(t.start_minute)},
                    {"end", hh_mm(t.end_minute)},
                    {"capacity", t.capacity},
                    {"group", t.group ? json(*t.group) : json(nullptr)},
                    {"status", task_status(t)},
                    {"volunteers", std::move(volunteers)}});
  }
  return {{"tasks", std::move(rows)}};
}

table tasks_table(const json& view) {
  table t{
      {"id", "title", "place", "date", "start", "end", "capacity", "group", "status", "volunteers"},
      view.at("tasks")};
  for (auto& row : t.rows) {
    std::string names;
    for (const auto& v : row["volunteers"]) {
      names += (names.empty() ? "" : "; ") + v["name"].get<std::string>();
    }
    row["volunteers"] = names;
  }
  return t;
}

json assignments_view(storage::store& store, const chat_ref& chat, civil_date day,
                      const shift_rules& rules, std::int64_t now_ms) {
  json rows = json::array();
  json unfilled = json::array();
  const auto tasks = live_tasks(store, chat, day);
  // Why open places are open: what /assign would make of them now.
  const auto planned = plan_day(store, chat, day, tasks, rules, now_ms);
  for (const task& t : tasks) {
    const auto holders = active_members(t);
    for (const task_member* m : holders) {
      rows.push_back({{"volunteer_id", m->volunteer_id},
                      {"name", m->name},
                      {"task_id", task_label(t.number)},
                      {"start", hh_mm(t.start_minute)},
                      {"end", hh_mm(t.end_minute)},
                      {"confirmed", m->confirmed}});
    }
    const int missing = t.capacity - static_cast<int>(holders.size());
    if (missing <= 0 || t.done) continue;
    std::string reason =
        t.start_ms <= now_ms ? "the shift has begun" : "not assigned yet: /assign would fill it";
    for (const auto& g : planned.result.gaps) {
      if (g.task_number == t.number) reason = describe_gap(g, storage::language::en);
    }
    unfilled.push_back(
        {{"task_id", task_label(t.number)}, {"missing", missing}, {"reason", reason}});
  }
  return {
      {"date", iso_date(day)}, {"assignments", std::move(rows)}, {"unfilled", std::move(unfilled)}};
}

table assignments_table(const json& view) {
  return {{"volunteer_id", "name", "task_id", "start", "end", "confirmed"}, view.at("assignments")};
}

}  // namespace linli::handlers
