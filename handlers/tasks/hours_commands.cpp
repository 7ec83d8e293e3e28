// /hours [明天]: scheduled and worked hours per volunteer on a day.

#include <algorithm>
#include <map>

#include "handlers/tasks/shifts.hpp"
#include "handlers/tasks/task_common.hpp"

namespace linli::handlers::tasks_detail {

replies hours_command(context& ctx) {
  const civil_date day = day_in(ctx, ctx.args, today(ctx));
  struct tally {
    std::string name;
    int scheduled = 0;
    int worked = 0;
  };
  std::map<std::string, tally> by_id;
  std::vector<std::string> order;
  for (const task& t : live_tasks(ctx.store, ctx.message.chat, day)) {
    for (const task_member* m : active_members(t)) {
      auto [it, fresh] = by_id.try_emplace(m->volunteer_id, tally{m->name});
      if (fresh) order.push_back(m->volunteer_id);
      it->second.scheduled += t.end_minute - t.start_minute;
      if (m->completed) it->second.worked += t.end_minute - t.start_minute;
    }
  }
  const std::string when = day_text(ctx, day);
  if (order.empty()) return {{ctx.say("tasks.hours.none", {{"date", when}})}};
  std::sort(order.begin(), order.end(),
            [&](const auto& a, const auto& b) { return by_id[a].scheduled > by_id[b].scheduled; });
  const int cap = ctx.rules.shifts.max_minutes_per_day;
  std::string out = ctx.say("tasks.hours.title", {{"date", when}, {"cap", format_hours(cap)}});
  int total_worked = 0;
  for (const auto& id : order) {
    const tally& t = by_id[id];
    total_worked += t.worked;
    // Within an hour of the cap: the rota will not place them much longer.
    out += ctx.say(t.scheduled >= cap - 60 ? "tasks.hours.person_near_cap" : "tasks.hours.person",
                   {{"name", t.name},
                    {"scheduled", format_hours(t.scheduled)},
                    {"worked", format_hours(t.worked)}});
  }
  out += ctx.say("tasks.hours.total", {{"hours", format_hours(total_worked)}});
  return {{out}};
}

}  // namespace linli::handlers::tasks_detail
