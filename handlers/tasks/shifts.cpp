#include "handlers/tasks/shifts.hpp"

#include <map>
#include <set>

#include "handlers/chains/chain.hpp"
#include "handlers/core/messages.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {

std::vector<task> live_tasks(storage::store& store, const chat_ref& chat, civil_date day) {
  std::vector<task> out;
  for (task& t : store.tasks_on(chat, iso_date(day))) {
    if (!t.cancelled) out.push_back(std::move(t));
  }
  return out;
}

candidate candidate_for(const std::string& id, const std::string& name,
                        const std::vector<task>& day, int except) {
  candidate c;
  c.id = id;
  c.name = name;
  for (const task& t : day) {
    if (t.number == except) continue;
    for (const task_member* m : active_members(t)) {
      if (m->volunteer_id != id) continue;
      c.booked.push_back(task_span(t));
      c.booked_places.push_back(t.place);
    }
  }
  return c;
}

day_roster roster_candidates(storage::store& store, const chat_ref& chat, civil_date day,
                             const std::vector<task>& day_tasks) {
  day_roster out;
  const auto c = store.latest_chain(chat);
  if (!c) return out;
  // Yesterday's zone: where each volunteer's last shift of the day before was.
  std::map<std::string, std::string> yesterday;
  for (const task& t : live_tasks(store, chat, add_days(day, -1))) {
    for (const task_member* m : active_members(t)) yesterday[m->volunteer_id] = t.place;
  }
  // A pasted roster: one sender's lines naming different people. Each name is its own person
  // (as for 帮报), except the sender's own line.
  std::map<std::string, std::set<std::string>> names_by_sender;
  for (const roster_line& line : roster(*c)) {
    names_by_sender[line.entry->sender_id].insert(line.entry->name);
  }
  for (const roster_line& line : roster(*c)) {
    const chain_entry& e = *line.entry;
    const bool pasted =
        !e.registered_by && names_by_sender[e.sender_id].size() > 1 && e.name != e.sender_name;
    const std::string id = pasted ? e.sender_id + "#" + e.name : volunteer_id_of(e);
    candidate person = candidate_for(id, line.entry->name, day_tasks);
    person.slot = line.entry->slot;
    person.group = store.volunteer_group(chat, id);
    if (const auto it = yesterday.find(id); it != yesterday.end())
      person.yesterday_zone = it->second;
    (line.status == entry_status::confirmed ? out.confirmed : out.waitlist)
        .push_back(std::move(person));
  }
  return out;
}

std::string describe_gap(const gap& g, storage::language lang) {
  if (g.candidates == 0) return message(lang, "tasks.gap.nobody");
  static const std::pair<refusal, const char*> keys[] = {
      {refusal::outside_slot, "tasks.gap.outside_slot"},
      {refusal::overlaps, "tasks.gap.overlaps"},
      {refusal::over_cap, "tasks.gap.over_cap"},
      {refusal::other_group, "tasks.gap.other_group"},
      {refusal::already_on_it, "tasks.gap.already_on_it"}};
  std::vector<std::string> reasons;
  for (const auto& [why, key] : keys) {
    const auto it = g.refused.find(why);
    if (it != g.refused.end())
      reasons.push_back(message(lang, key, {{"count", std::to_string(it->second)}}));
  }
  return message(lang, "tasks.gap.reasons",
                 {{"count", std::to_string(g.candidates)},
                  {"reasons", text::join(reasons, message(lang, "tasks.join.comma"))}});
}

day_plan plan_day(storage::store& store, const chat_ref& chat, civil_date day,
                  const std::vector<task>& day_tasks, const shift_rules& rules, std::int64_t now_ms,
                  const std::function<bool(const task&)>& include) {
  day_plan out;
  for (const task& t : day_tasks) {
    if (t.done || t.start_ms <= now_ms || (include && !include(t))) continue;
    post p{t.number, t.place, t.group, task_span(t), 0, {}};
    for (const task_member* m : active_members(t)) p.holders.push_back(m->volunteer_id);
    p.open_places = std::max(0, t.capacity - static_cast<int>(p.holders.size()));
    if (p.open_places > 0) out.posts.push_back(std::move(p));
  }
  out.roster = roster_candidates(store, chat, day, day_tasks);
  out.result =
      assign(out.posts, out.roster.confirmed, {rules.max_minutes_per_day, rules.min_rest_minutes});
  return out;
}

void add_member(storage::store& store, task& t, const std::string& id, const std::string& name,
                const std::string& source, bool confirmed, std::int64_t now_ms) {
  task_member m;
  m.task_id = t.id;
  m.volunteer_id = id;
  m.name = name;
  m.source = source;
  m.confirmed = confirmed;
  m.added_ms = m.changed_ms = now_ms;
  m.id = store.insert_task_member(m);
  t.members.push_back(std::move(m));
}

void save_task(storage::store& store, task& t, const time_zone& zone, const shift_rules& rules) {
  t.next_event_ms = next_event(t, zone, rules);
  store.update_task(t);
}

std::vector<std::string> refill(storage::store& store, task& t, const shift_rules& rules,
                                std::int64_t now_ms) {
  std::vector<std::string> added;
  int open = t.capacity - static_cast<int>(active_members(t).size());
  if (open <= 0 || t.done || t.cancelled) return added;
  const auto day = parse_iso_date(t.date);
  if (!day) return added;
  std::vector<task> day_tasks = live_tasks(store, t.chat, *day);
  for (task& other : day_tasks) {
    if (other.number == t.number) other = t;  // the caller's copy is the current one
  }
  day_roster roster = roster_candidates(store, t.chat, *day, day_tasks);
  // Whoever answered 2 (cannot come) or was dropped as unconfirmed on any shift that day is not
  // asked to fill another.
  std::set<std::string> unavailable;
  for (const task& other : day_tasks) {
    for (const task_member& m : other.members) {
      if (m.state == member_state::declined || m.state == member_state::dropped)
        unavailable.insert(m.volunteer_id);
    }
  }
  // 候补 first: they asked for a place and have none; then confirmed volunteers who are free.
  std::vector<candidate> people = std::move(roster.waitlist);
  people.insert(people.end(), roster.confirmed.begin(), roster.confirmed.end());
  const assignment_rules limits{rules.max_minutes_per_day, rules.min_rest_minutes};
  post p{t.number, t.place, t.group, task_span(t), 1, {}};
  for (const task_member& m : t.members) p.holders.push_back(m.volunteer_id);  // never re-ask
  for (candidate& c : people) {
    if (open == 0) break;
    if (unavailable.contains(c.id) || check(c, p, limits)) continue;
    add_member(store, t, c.id, c.name, "refill", false, now_ms);
    // The message announcing the refill asks them to confirm.
    t.members.back().asked_ms = now_ms;
    store.update_task_member(t.members.back());
    p.holders.push_back(c.id);
    added.push_back(c.name);
    --open;
  }
  return added;
}

}  // namespace linli::handlers
