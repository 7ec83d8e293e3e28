#include "handlers/tasks/task_views.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "handlers/tasks/shifts.hpp"
#include "handlers/tasks/tasks.hpp"

namespace linli::handlers {
namespace {

using json = nlohmann::json;

std::string hh_mm(int minute) {
  return format_clock({minute / 60, minute % 60});
}

}  // namespace

const time_zone& chat_zone(storage::store& store, const chat_ref& chat,
                           const std::string& default_zone) {
  const std::string name = store.load_chat(chat).time_zone;
  const time_zone* zone = time_zone::find(name.empty() ? default_zone : name);
  return zone ? *zone : time_zone::shanghai();
}

civil_date chat_today(storage::store& store, const chat_ref& chat, std::int64_t now_ms,
                      const std::string& default_zone) {
  return date_of(now_ms, chat_zone(store, chat, default_zone));
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

json tasks_counts(const json& view) {
  const json& tasks = view.at("tasks");
  int needed = 0, filled = 0;
  for (const json& t : tasks) {
    const int capacity = t.at("capacity").get<int>();
    needed += capacity;
    filled += std::min(capacity, static_cast<int>(t.at("volunteers").size()));
  }
  return {{"tasks", tasks.size()}, {"filled", filled}, {"needed", needed}};
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

namespace {

std::string_view refusal_code(refusal r) {
  switch (r) {
    case refusal::already_on_it:
      return "already_on_it";
    case refusal::outside_slot:
      return "outside_slot";
    case refusal::other_group:
      return "other_group";
    case refusal::overlaps:
      return "overlaps";
    case refusal::over_cap:
      return "over_cap";
  }
  return "other";
}

json why_json(std::string_view code, const gap* g) {
  json refused = json::object();
  if (g) {
    for (const auto& [r, n] : g->refused) refused[std::string(refusal_code(r))] = n;
  }
  return {{"code", code}, {"candidates", g ? g->candidates : 0}, {"refused", std::move(refused)}};
}

// The assignments_view of a day's tasks and the plan /assign would make of them.
json assignments_of(const std::vector<task>& tasks, const day_plan& planned, civil_date day,
                    std::int64_t now_ms) {
  json rows = json::array();
  json unfilled = json::array();
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
    const bool begun = t.start_ms <= now_ms;
    std::string reason = begun ? "the shift has begun" : "not assigned yet: /assign would fill it";
    json why = why_json(begun ? "begun" : "unplanned", nullptr);
    for (const auto& g : planned.result.gaps) {
      if (g.task_number != t.number) continue;
      reason = describe_gap(g, storage::language::en);
      why = why_json(g.candidates == 0 ? "nobody" : "refused", &g);
    }
    unfilled.push_back({{"task_id", task_label(t.number)},
                        {"missing", missing},
                        {"reason", reason},
                        {"why", std::move(why)}});
  }
  return {
      {"date", iso_date(day)}, {"assignments", std::move(rows)}, {"unfilled", std::move(unfilled)}};
}

}  // namespace

json assignments_view(storage::store& store, const chat_ref& chat, civil_date day,
                      const shift_rules& rules, std::int64_t now_ms) {
  const auto tasks = live_tasks(store, chat, day);
  // Why open places are open: what /assign would make of them now.
  return assignments_of(tasks, plan_day(store, chat, day, tasks, rules, now_ms), day, now_ms);
}

json rota_view(storage::store& store, const chat_ref& chat, civil_date day,
               const shift_rules& rules, std::int64_t now_ms) {
  const auto tasks = live_tasks(store, chat, day);
  const day_plan planned = plan_day(store, chat, day, tasks, rules, now_ms);
  json view = assignments_of(tasks, planned, day, now_ms);
  view["tasks"] = tasks_view(store, chat, day).at("tasks");
  view["max_minutes"] = rules.max_minutes_per_day;

  struct person {
    std::string name;
    bool on_roster = false;
    int minutes = 0;
    int proposed = 0;
  };
  std::vector<std::string> order;
  std::map<std::string, person> people;
  const auto find = [&](const std::string& id, const std::string& name) -> person& {
    auto [it, added] = people.try_emplace(id, person{name});
    if (added) order.push_back(id);
    return it->second;
  };
  for (const candidate& c : planned.roster.confirmed) find(c.id, c.name).on_roster = true;
  std::map<int, const task*> by_number;
  for (const task& t : tasks) {
    by_number[t.number] = &t;
    for (const task_member* m : active_members(t)) {
      find(m->volunteer_id, m->name).minutes += task_span(t).minutes();
    }
  }
  json proposed = json::array();
  for (const placement& p : planned.result.placements) {
    person& who = find(p.volunteer_id, p.volunteer_id);
    who.proposed += task_span(*by_number.at(p.task_number)).minutes();
    proposed.push_back({{"task_id", task_label(p.task_number)},
                        {"volunteer_id", p.volunteer_id},
                        {"name", who.name}});
  }
  json rows = json::array();
  for (const std::string& id : order) {
    const person& p = people.at(id);
    rows.push_back({{"volunteer_id", id},
                    {"name", p.name},
                    {"on_roster", p.on_roster},
                    {"minutes", p.minutes},
                    {"proposed_minutes", p.minutes + p.proposed}});
  }
  view["proposed"] = std::move(proposed);
  view["people"] = std::move(rows);
  return view;
}

table assignments_table(const json& view) {
  return {{"volunteer_id", "name", "task_id", "start", "end", "confirmed"}, view.at("assignments")};
}

}  // namespace linli::handlers
