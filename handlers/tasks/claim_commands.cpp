// Volunteers taking and leaving tasks by keyword: 认领 T12, 我来 3号楼配送, +1 in reply to a task,
// 退出 T12, 完成 T12.

#include <algorithm>

#include "handlers/tasks/shifts.hpp"
#include "handlers/tasks/task_common.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers::tasks_detail {
namespace {

// The open task nearest in time to `full` that this person could take, if any.
const task* nearest_open(const context& ctx, const std::vector<task>& day, const task& full,
                         const candidate& who) {
  const task* best = nullptr;
  int best_distance = 0;
  for (const task& t : day) {
    if (t.number == full.number || task_status(t) != "open" || t.end_ms <= ctx.now_ms()) continue;
    const post p{t.number, t.place, t.group, task_span(t), 1, {}};
    candidate c = who;
    if (check(c, p, limits(ctx))) continue;
    const int distance = std::abs(t.start_minute - full.start_minute) +
                         (t.group == full.group ? 0 : 24 * 60) +
                         (t.place == full.place ? 0 : 12 * 60);
    if (!best || distance < best_distance) best = &t, best_distance = distance;
  }
  return best;
}

// Puts the sender on a task they chose. Refuses with the reason, and offers the nearest open one
// when the task is full.
replies claim(context& ctx, int number) {
  auto t = ctx.store.find_task(ctx.message.chat, number);
  const std::string label = task_label(number);
  if (!t || t->cancelled) return {{ctx.say("tasks.claim.no_task", {{"task", label}})}};
  if (t->done || t->end_ms <= ctx.now_ms()) {
    return {{ctx.say("tasks.claim.over", {{"task", label}})}};
  }
  const std::string& id = ctx.message.from.id;
  if (active_member(*t, id)) return {{ctx.say("tasks.claim.already", {{"task", label}})}};
  const auto day = parse_iso_date(t->date).value_or(today(ctx));
  const auto day_tasks = live_tasks(ctx.store, ctx.message.chat, day);
  candidate who = candidate_for(id, ctx.message.from.name, day_tasks, number);
  if (task_status(*t) == "full") {
    const std::string capacity = std::to_string(t->capacity);
    if (const task* other = nearest_open(ctx, day_tasks, *t, who)) {
      return {{ctx.say("tasks.claim.full_nearest", {{"task", label},
                                                    {"capacity", capacity},
                                                    {"other", describe(ctx, *other)},
                                                    {"other_task", task_label(other->number)}})}};
    }
    return {{ctx.say("tasks.claim.full", {{"task", label}, {"capacity", capacity}})}};
  }
  post p{t->number, t->place, t->group, task_span(*t), 1, {}};
  if (const auto why = check(who, p, limits(ctx));
      why && *why != refusal::outside_slot && *why != refusal::other_group) {
    return {{ctx.say("tasks.claim.refused",
                     {{"task", label}, {"reason", refusal_text(ctx, *why, who, *t)}})}};
  }
  add_member(ctx.store, *t, id, ctx.message.from.name, "claim", true, ctx.now_ms());
  save_task(ctx.store, *t, ctx.zone(), ctx.rules.shifts);
  return {{ctx.say("tasks.claim.taken", {{"name", ctx.message.from.name},
                                         {"line", describe(ctx, *t, day != today(ctx))}})}};
}

}  // namespace

// "认领 T12" / "我来 3号楼配送": a task reference, or words matching one open task today or
// tomorrow. nullopt when it names no task (a supply request claim, say).
std::optional<replies> on_claim(context& ctx) {
  const std::string folded = text::fold(ctx.args);
  if (const auto ref = parse_task_ref(folded)) return claim(ctx, ref->number);
  std::string wanted;
  for (char ch : folded) {
    if (ch != ' ') wanted += ch;
  }
  if (wanted.empty() || wanted.starts_with("#") ||
      std::all_of(wanted.begin(), wanted.end(), [](char c) { return std::isdigit(c); })) {
    return std::nullopt;
  }
  const task* full_match = nullptr;
  std::vector<task> found;
  for (int offset : {0, 1}) {
    for (task& t : live_tasks(ctx.store, ctx.message.chat, add_days(today(ctx), offset))) {
      std::string name;
      for (char ch : text::fold(t.place + t.title)) {
        if (ch != ' ') name += ch;
      }
      if (name.find(wanted) == std::string::npos || t.done || t.end_ms <= ctx.now_ms()) continue;
      found.push_back(std::move(t));
    }
  }
  for (const task& t : found) {
    if (task_status(t) == "open") return claim(ctx, t.number);
    if (!full_match) full_match = &t;
  }
  if (full_match) return claim(ctx, full_match->number);  // says it is full, offers another
  return std::nullopt;
}

// "+1" in reply to the message that created tasks: take the first open one.
std::optional<replies> on_plus_one(context& ctx) {
  if (!ctx.args.empty() || ctx.message.reply_to.empty()) return std::nullopt;
  const auto created = ctx.store.tasks_from_message(ctx.message.chat, ctx.message.reply_to);
  if (created.empty()) return std::nullopt;
  for (const task& t : created) {
    if (!t.cancelled && task_status(t) == "open") return claim(ctx, t.number);
  }
  return claim(ctx, created.front().number);
}

// Withdrawing from a task ("退出 T12"); the place goes to 候补 when the shift is still ahead.
std::optional<replies> on_leave(context& ctx) {
  const auto ref = parse_task_ref(text::fold(ctx.args));
  if (!ref) return std::nullopt;
  auto t = ctx.store.find_task(ctx.message.chat, ref->number);
  const std::string label = task_label(ref->number);
  task_member* m = t ? active_member(*t, ctx.message.from.id) : nullptr;
  if (!m) return replies{{ctx.say("tasks.not_on", {{"task", label}})}};
  m->state = member_state::left;
  m->changed_ms = ctx.now_ms();
  ctx.store.update_task_member(*m);
  const std::string line = describe(ctx, *t);
  std::vector<std::string> added;
  if (t->start_ms > ctx.now_ms()) added = refill(ctx.store, *t, ctx.rules.shifts, ctx.now_ms());
  save_task(ctx.store, *t, ctx.zone(), ctx.rules.shifts);
  if (added.empty()) return replies{{ctx.say("tasks.leave.done", {{"line", line}})}};
  return replies{
      {ctx.say("tasks.leave.refilled", {{"line", line}, {"names", at(text::join(added, " @"))}})}};
}

// "完成 T12": the sender's shift is done; its hours count as worked.
std::optional<replies> on_done(context& ctx) {
  const auto ref = parse_task_ref(text::fold(ctx.args));
  if (!ref) return std::nullopt;
  auto t = ctx.store.find_task(ctx.message.chat, ref->number);
  const std::string label = task_label(ref->number);
  task_member* m = t ? active_member(*t, ctx.message.from.id) : nullptr;
  if (!m) return replies{{ctx.say("tasks.not_on", {{"task", label}})}};
  if (t->start_ms > ctx.now_ms()) {
    return replies{{ctx.say("tasks.done.not_started", {{"task", label}})}};
  }
  m->completed = true;
  m->confirmed = true;
  m->changed_ms = ctx.now_ms();
  ctx.store.update_task_member(*m);
  save_task(ctx.store, *t, ctx.zone(), ctx.rules.shifts);
  return replies{
      {ctx.say("tasks.done.recorded",
               {{"task", label}, {"hours", format_hours(t->end_minute - t->start_minute)}})}};
}

}  // namespace linli::handlers::tasks_detail
