#include "handlers/tasks/task_commands.hpp"

#include <algorithm>
#include <map>

#include "handlers/core/dispatcher.hpp"
#include "handlers/tasks/shifts.hpp"
#include "handlers/tasks/tasks.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

civil_date today(const context& ctx) {
  return date_of(ctx.now_ms(), ctx.zone());
}

assignment_rules limits(const context& ctx) {
  return {ctx.rules.shifts.max_minutes_per_day, ctx.rules.shifts.min_rest_minutes};
}

std::string at(const std::string& name) {
  return "@" + name;
}

// The first word of folded args and the original rest after it.
std::pair<std::string, std::string_view> first_word(std::string_view args) {
  const std::string_view trimmed = text::trim(args);
  std::size_t end = 0;
  while (end < trimmed.size() && trimmed[end] != ' ' && trimmed[end] != '\n' &&
         trimmed[end] != '\t') {
    end += utf8::decode_at(trimmed, end).length;
  }
  return {text::fold(trimmed.substr(0, end)), text::trim(trimmed.substr(end))};
}

// The day named at the start of args (明天, 11-23), else `fallback`.
civil_date day_in(const context& ctx, std::string_view args, civil_date fallback) {
  const auto d = parse_day(text::fold(text::trim(args)), today(ctx));
  return d ? d->day : fallback;
}

std::string refusal_text(const context& ctx, refusal why, const candidate& c, const task& t) {
  switch (why) {
    case refusal::already_on_it:
      return ctx.tr("已经在 " + task_label(t.number) + " 里了",
                    "already on " + task_label(t.number));
    case refusal::outside_slot:
      return ctx.tr("报名时段不含这个时间", "signed up for another part of the day");
    case refusal::other_group:
      return ctx.tr("属于其他服务组", "in another service group");
    case refusal::overlaps:
      return ctx.tr("与已有班次时间冲突（或间隔不足 " +
                        std::to_string(ctx.rules.shifts.min_rest_minutes) + " 分钟）",
                    "overlaps another shift (or less than " +
                        std::to_string(ctx.rules.shifts.min_rest_minutes) + " minutes' rest)");
    case refusal::over_cap: {
      int booked = 0;
      for (const span& s : c.booked) booked += s.minutes();
      const std::string cap = format_hours(ctx.rules.shifts.max_minutes_per_day);
      return ctx.tr("当天已排 " + format_hours(booked) + " 小时，再加会超过 " + cap + " 小时上限",
                    format_hours(booked) + " hours that day already; more would pass the " + cap +
                        "-hour cap");
    }
  }
  return {};
}

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
  if (!t || t->cancelled) {
    return {{ctx.tr("没有任务 " + label + "。发送「任务」查看今天和明天的岗位。",
                    "There is no task " + label + ". Send /task to see today's and tomorrow's.")}};
  }
  if (t->done || t->end_ms <= ctx.now_ms()) {
    return {{ctx.tr(label + " 已结束。", label + " is over.")}};
  }
  const std::string& id = ctx.message.from.id;
  if (active_member(*t, id)) {
    return {{ctx.tr("您已在 " + label + " 里了。", "You are already on " + label + ".")}};
  }
  const auto day = parse_iso_date(t->date).value_or(today(ctx));
  const auto day_tasks = live_tasks(ctx.store, ctx.message.chat, day);
  candidate who = candidate_for(id, ctx.message.from.name, day_tasks, number);
  if (task_status(*t) == "full") {
    std::string out = ctx.tr(label + " 已满（" + std::to_string(t->capacity) + "/" +
                                 std::to_string(t->capacity) + "）。",
                             label + " is full (" + std::to_string(t->capacity) + "/" +
                                 std::to_string(t->capacity) + ").");
    if (const task* other = nearest_open(ctx, day_tasks, *t, who)) {
      out += ctx.tr("最近的空缺：", " Nearest open: ") + describe_task(*other, ctx.settings.lang) +
             ctx.tr("，发「认领 " + task_label(other->number) + "」",
                    " — send 认领 " + task_label(other->number));
    } else {
      out += ctx.tr("暂无其他空缺。", " Nothing else is open for you.");
    }
    return {{out}};
  }
  post p{t->number, t->place, t->group, task_span(*t), 1, {}};
  if (const auto why = check(who, p, limits(ctx));
      why && *why != refusal::outside_slot && *why != refusal::other_group) {
    return {{ctx.tr("不能认领 " + label + "：", "Cannot take " + label + ": ") +
             refusal_text(ctx, *why, who, *t) + ctx.tr("。", ".")}};
  }
  add_member(ctx.store, *t, id, ctx.message.from.name, "claim", true, ctx.now_ms());
  save_task(ctx.store, *t, ctx.zone(), ctx.rules.shifts);
  return {
      {ctx.tr("✅ " + ctx.message.from.name + " 认领 ", "✅ " + ctx.message.from.name + " took ") +
       describe_task(*t, ctx.settings.lang, day != today(ctx))}};
}

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
  if (!m) return replies{{ctx.tr("您不在 " + label + " 里。", "You are not on " + label + ".")}};
  m->state = member_state::left;
  m->changed_ms = ctx.now_ms();
  ctx.store.update_task_member(*m);
  std::string out = ctx.tr("已退出 ", "Left ") + describe_task(*t, ctx.settings.lang);
  if (t->start_ms > ctx.now_ms()) {
    const auto added = refill(ctx.store, *t, ctx.rules.shifts, ctx.now_ms());
    if (!added.empty()) {
      out += ctx.tr("\n由候补补位：", "\nFilled from the waitlist: ") +
             at(text::join(added, " @")) +
             ctx.tr("（请回复 1 确认 / 2 退出）", " (reply 1 to confirm / 2 to withdraw)");
    }
  }
  save_task(ctx.store, *t, ctx.zone(), ctx.rules.shifts);
  return replies{{out}};
}

// "完成 T12": the sender's shift is done; its hours count as worked.
std::optional<replies> on_done(context& ctx) {
  const auto ref = parse_task_ref(text::fold(ctx.args));
  if (!ref) return std::nullopt;
  auto t = ctx.store.find_task(ctx.message.chat, ref->number);
  const std::string label = task_label(ref->number);
  task_member* m = t ? active_member(*t, ctx.message.from.id) : nullptr;
  if (!m) return replies{{ctx.tr("您不在 " + label + " 里。", "You are not on " + label + ".")}};
  if (t->start_ms > ctx.now_ms()) {
    return replies{{ctx.tr(label + " 还没开始。", label + " has not started yet.")}};
  }
  m->completed = true;
  m->confirmed = true;
  m->changed_ms = ctx.now_ms();
  ctx.store.update_task_member(*m);
  save_task(ctx.store, *t, ctx.zone(), ctx.rules.shifts);
  return replies{{ctx.tr("👍 " + label + " 完成，记 " +
                             format_hours(t->end_minute - t->start_minute) + " 小时。辛苦了！",
                         "👍 " + label + " done: " + format_hours(t->end_minute - t->start_minute) +
                             " hours recorded. Thank you!")}};
}

// "1" / "2" after a confirmation request: confirm or withdraw every shift the sender was asked
// about that has not started.
std::optional<replies> on_confirm_answer(context& ctx) {
  const std::string answer = text::fold(text::trim(ctx.message.text));
  bool yes;
  if (answer == "1" || answer == "确认" || answer == "1确认" || answer == "yes") {
    yes = true;
  } else if (answer == "2" || answer == "2退出" || answer == "no") {
    yes = false;
  } else {
    return std::nullopt;
  }
  std::vector<std::string> touched, refilled;
  for (int offset : {0, 1}) {
    for (task& t : live_tasks(ctx.store, ctx.message.chat, add_days(today(ctx), offset))) {
      if (t.done || t.start_ms <= ctx.now_ms()) continue;
      bool changed = false;
      for (task_member& m : t.members) {
        if (m.state != member_state::active || m.confirmed || !m.asked_ms) continue;
        if (m.volunteer_id != ctx.message.from.id &&
            !m.volunteer_id.starts_with(ctx.message.from.id + "#")) {
          continue;
        }
        if (yes) {
          m.confirmed = true;
        } else {
          m.state = member_state::declined;
        }
        m.changed_ms = ctx.now_ms();
        ctx.store.update_task_member(m);
        touched.push_back(describe_task(t, ctx.settings.lang, offset != 0));
        changed = true;
      }
      if (!changed) continue;
      if (!yes) {
        for (auto& name : refill(ctx.store, t, ctx.rules.shifts, ctx.now_ms())) {
          refilled.push_back(at(name) + " → " + task_label(t.number));
        }
      }
      save_task(ctx.store, t, ctx.zone(), ctx.rules.shifts);
    }
  }
  if (touched.empty()) return std::nullopt;  // nothing was asked of them: not an answer
  std::string out = yes ? ctx.tr("✅ 已确认：", "✅ Confirmed: ") : ctx.tr("已退出：", "Withdrawn: ");
  out += text::join(touched, ctx.tr("；", "; "));
  if (!refilled.empty()) {
    out += ctx.tr("\n候补补位：", "\nFrom the waitlist: ") +
           text::join(refilled, ctx.tr("，", ", ")) +
           ctx.tr("（请回复 1 确认）", " (reply 1 to confirm)");
  }
  return replies{{out}};
}

// /task list: a day's tasks with who holds them.
std::string list_tasks(const context& ctx, civil_date day) {
  const auto tasks = live_tasks(ctx.store, ctx.message.chat, day);
  const std::string when = local_date(day_start(day, ctx.zone()), ctx.zone());
  if (tasks.empty()) {
    return ctx.tr(when + " 没有任务。协调员可发「/task add 3号楼 配送 09:00-11:00 需2人」。",
                  "No tasks on " + when + ". Coordinators: /task add 3号楼 配送 09:00-11:00 需2人");
  }
  std::string out = ctx.tr("📋 " + when + " 任务：", "📋 Tasks on " + when + ":");
  for (const task& t : tasks) {
    out += "\n" + describe_task(t, ctx.settings.lang);
    if (t.done) out += ctx.tr(" ✔已完成", " ✔ done");
    std::vector<std::string> names;
    for (const task_member* m : active_members(t)) {
      names.push_back(m->name + (m->confirmed ? "" : ctx.tr("(待确认)", " (unconfirmed)")));
    }
    if (!names.empty()) out += ctx.tr("：", ": ") + text::join(names, ctx.tr("、", ", "));
  }
  out += ctx.tr("\n认领发「认领 T编号」。", "\nTo take one send 认领 T<number>.");
  return out;
}

// Whether the sender may manage a task of `group` (coordinators any; leads their own groups).
bool may_manage(const context& ctx, const std::optional<std::string>& group) {
  const role r = ctx.who();
  if (r == role::coordinator) return true;
  if (r != role::lead || !group) return false;
  const auto chat = ctx.rules.chats.find(ctx.message.chat.chat_id);
  if (chat == ctx.rules.chats.end()) return false;
  const auto leads = chat->second.leads.find(*group);
  return leads != chat->second.leads.end() && leads->second.contains(ctx.message.from.id);
}

std::string not_allowed(const context& ctx) {
  return ctx.tr("只有协调员，或该服务组的组长，可以管理这个任务。",
                "Only coordinators, or the lead of the task's service group, can manage it.");
}

std::string spec_error_text(const context& ctx, spec_error e) {
  switch (e) {
    case spec_error::no_window:
      return ctx.tr("缺少时间段，如 09:00-11:00。", "missing a time window such as 09:00-11:00.");
    case spec_error::bad_window:
      return ctx.tr("时间段看不懂或结束早于开始（同一天内，如 09:00-11:00）。",
                    "the time window is unreadable or ends before it starts (one day, e.g. "
                    "09:00-11:00).");
    case spec_error::no_place:
      return ctx.tr("缺少地点，如 3号楼 或 东门岗。", "missing a place such as 3号楼 or 东门岗.");
    case spec_error::bad_capacity:
      return ctx.tr("人数须在 1 到 1000 之间。", "the head count must be from 1 to 1000.");
  }
  return {};
}

// Creates a task from a spec on `day`. The caller has checked permissions.
task create_task(context& ctx, const task_spec& spec, civil_date day) {
  task t;
  t.chat = ctx.message.chat;
  t.title = spec.title;
  t.place = spec.place;
  t.group = spec.group;
  t.date = iso_date(day);
  t.start_minute = spec.start.minutes();
  t.end_minute = spec.end.minutes();
  t.start_ms = at_local(day, spec.start, ctx.zone());
  t.end_ms = at_local(day, spec.end, ctx.zone());
  t.capacity = spec.capacity;
  t.created_by = ctx.message.from.id;
  t.message_id = ctx.message.message_key();
  t.created_ms = ctx.now_ms();
  t.id = ctx.store.insert_task(t);
  return t;
}

// The day a new task without one falls on: today unless its window is over, then tomorrow.
civil_date default_day(const context& ctx, const task_spec& spec) {
  const civil_date d = today(ctx);
  return at_local(d, spec.end, ctx.zone()) > ctx.now_ms() ? d : add_days(d, 1);
}

replies task_add(context& ctx, std::string_view rest) {
  const auto parsed = parse_task_spec(rest, today(ctx));
  if (!parsed.spec) {
    return {{ctx.tr("没能添加任务：", "Could not add the task: ") +
             spec_error_text(ctx, parsed.error) +
             ctx.tr("\n格式：/task add 地点 内容 09:00-11:00 需2人 [明天] [组:配送]",
                    "\nForm: /task add PLACE WHAT 09:00-11:00 需2人 [明天] [组:配送]")}};
  }
  if (!may_manage(ctx, parsed.spec->group)) return {{not_allowed(ctx)}};
  const civil_date day = parsed.spec->day.value_or(default_day(ctx, *parsed.spec));
  if (day < today(ctx)) {
    return {{ctx.tr("不能为过去的日期添加任务。", "Tasks cannot be added for a past day.")}};
  }
  const task t = create_task(ctx, *parsed.spec, day);
  return {{ctx.tr("🆕 任务 ", "🆕 Task ") + describe_task(t, ctx.settings.lang, true) +
           (t.group ? ctx.tr("，" + *t.group + "组", ", group " + *t.group) : std::string()) +
           ctx.tr("\n认领请发「认领 " + task_label(t.number) + "」或回复本条 +1",
                  "\nTo take it send 认领 " + task_label(t.number) + " or reply +1")}};
}

// /task done|remove|cap T12 ...: a coordinator's (or the group lead's) change to one task.
replies task_change(context& ctx, const std::string& action, std::string_view rest) {
  const auto ref = parse_task_ref(text::fold(rest));
  if (!ref) {
    return {{ctx.tr("请写任务编号，如 /task " + action + " T12",
                    "Name the task: /task " + action + " T12")}};
  }
  auto t = ctx.store.find_task(ctx.message.chat, ref->number);
  const std::string label = task_label(ref->number);
  if (!t || t->cancelled) return {{ctx.tr("没有任务 " + label + "。", "No task " + label + ".")}};
  if (!may_manage(ctx, t->group)) return {{not_allowed(ctx)}};
  std::string out;
  if (action == "done") {
    t->done = true;
    for (task_member& m : t->members) {
      if (m.state != member_state::active || m.completed) continue;
      m.completed = true;
      m.changed_ms = ctx.now_ms();
      ctx.store.update_task_member(m);
    }
    out = ctx.tr("✔ " + label + " 已完成，工时已记录。", "✔ " + label + " done; hours recorded.");
  } else if (action == "remove") {
    t->cancelled = true;
    std::vector<std::string> names;
    for (const task_member* m : active_members(*t)) names.push_back(at(m->name));
    out = ctx.tr("🗑 已取消 ", "🗑 Cancelled ") + describe_task(*t, ctx.settings.lang, true);
    if (!names.empty()) out += ctx.tr("，请知悉：", "; please note: ") + text::join(names, " ");
  } else {  // cap
    const auto n = text::read_number(text::fold(text::trim(
        rest.substr(std::min(rest.size(), rest.find_first_of(" \t") == std::string_view::npos
                                              ? rest.size()
                                              : rest.find_first_of(" \t"))))));
    if (!n || n->value < 1 || n->value > 1000) {
      return {{ctx.tr("用法：/task cap T12 3", "Usage: /task cap T12 3")}};
    }
    t->capacity = static_cast<int>(n->value);
    out = ctx.tr("人数已改：", "Head count changed: ") + describe_task(*t, ctx.settings.lang);
    if (static_cast<int>(active_members(*t).size()) > t->capacity) {
      out += ctx.tr("（已超出，多出的人请协调）", " (over: please sort out who stays)");
    }
  }
  save_task(ctx.store, *t, ctx.zone(), ctx.rules.shifts);
  return {{out}};
}

replies task_command(context& ctx) {
  auto [sub, rest] = first_word(ctx.args);
  static const std::map<std::string, std::string, std::less<>> actions = {
      {"add", "add"},     {"新增", "add"},      {"添加", "add"},      {"加", "add"},
      {"list", "list"},   {"列表", "list"},     {"查看", "list"},     {"done", "done"},
      {"完成", "done"},   {"remove", "remove"}, {"cancel", "remove"}, {"删除", "remove"},
      {"取消", "remove"}, {"cap", "cap"},       {"人数", "cap"}};
  std::string action = "list";
  if (const auto it = actions.find(sub); it != actions.end()) {
    action = it->second;
  } else if (!sub.empty() && !parse_day(sub, today(ctx))) {
    return {
        {ctx.tr("用法：/task add 地点 内容 09:00-11:00 需2人 | /task [明天] | /task done T12 | "
                "/task remove T12 | /task cap T12 3",
                "Usage: /task add PLACE WHAT 09:00-11:00 需2人 | /task [tomorrow] | /task "
                "done T12 | /task remove T12 | /task cap T12 3")}};
  } else {
    rest = ctx.args;  // "/task 明天"
  }
  if (action == "add") return task_add(ctx, rest);
  if (action == "list") return {{list_tasks(ctx, day_in(ctx, rest, today(ctx)))}};
  return task_change(ctx, action, rest);
}

// Someone named in an override: a roster entry or a holder of a task by that name, else a name
// only (recorded as such).
std::pair<std::string, std::string> person_named(context& ctx, std::string_view name_text,
                                                 const std::vector<task>& day) {
  std::string name{text::trim(name_text)};
  if (name.starts_with("@")) name.erase(0, 1);
  if (const auto c = ctx.store.latest_chain(ctx.message.chat)) {
    for (const chain_entry& e : c->entries) {
      if (e.state == entry_state::active && e.name == name) return {volunteer_id_of(e), name};
    }
  }
  for (const task& t : day) {
    for (const task_member& m : t.members) {
      if (m.name == name) return {m.volunteer_id, name};
    }
  }
  return {"name:" + name, name};
}

// /assign T12 张三: a coordinator's override; the cap is reported, not enforced.
replies assign_override(context& ctx, int number, std::string_view name_text) {
  auto t = ctx.store.find_task(ctx.message.chat, number);
  const std::string label = task_label(number);
  if (!t || t->cancelled) return {{ctx.tr("没有任务 " + label + "。", "No task " + label + ".")}};
  if (!may_manage(ctx, t->group)) return {{not_allowed(ctx)}};
  if (text::trim(name_text).empty()) {
    return {{ctx.tr("用法：/assign T12 张三", "Usage: /assign T12 NAME")}};
  }
  const auto day = parse_iso_date(t->date).value_or(today(ctx));
  const auto day_tasks = live_tasks(ctx.store, ctx.message.chat, day);
  const auto [id, name] = person_named(ctx, name_text, day_tasks);
  if (active_member(*t, id)) {
    return {{ctx.tr(name + " 已在 " + label + " 里。", name + " is already on " + label + ".")}};
  }
  const candidate who = candidate_for(id, name, day_tasks, number);
  const post p{t->number, t->place, t->group, task_span(*t), 1, {}};
  std::string out = ctx.tr("已指派 ", "Assigned ") + at(name) + " → " +
                    describe_task(*t, ctx.settings.lang, true);
  add_member(ctx.store, *t, id, name, "override", false, ctx.now_ms());
  if (const auto why = check(who, p, limits(ctx))) {
    out += ctx.tr("\n⚠️ 注意：", "\n⚠️ Note: ") + refusal_text(ctx, *why, who, *t);
  }
  if (static_cast<int>(active_members(*t).size()) > t->capacity) {
    out += ctx.tr("\n⚠️ 超出人数上限", "\n⚠️ over the head count");
  }
  save_task(ctx.store, *t, ctx.zone(), ctx.rules.shifts);
  return {{out}};
}

// /assign [明天]: fills the day's open places from the confirmed roster.
replies assign_day(context& ctx, civil_date day) {
  std::vector<task> tasks = live_tasks(ctx.store, ctx.message.chat, day);
  const std::string when = local_date(day_start(day, ctx.zone()), ctx.zone());
  if (tasks.empty()) {
    return {{ctx.tr(when + " 没有任务可排。先用 /task add 或 /template use 建岗位。",
                    "No tasks on " + when + ". Create them with /task add or /template use.")}};
  }
  // Leads fill their own groups' posts only.
  const day_plan planned =
      plan_day(ctx.store, ctx.message.chat, day, tasks, ctx.rules.shifts, ctx.now_ms(),
               [&ctx](const task& t) { return may_manage(ctx, t.group); });
  if (planned.posts.empty()) {
    return {{ctx.tr(when + " 的岗位都已排满。", "Every post on " + when + " is filled.")}};
  }
  const day_roster& roster = planned.roster;
  const plan& result = planned.result;

  std::map<int, task*> by_number;
  for (task& t : tasks) by_number[t.number] = &t;
  std::map<std::string, std::string> names;
  for (const candidate& c : roster.confirmed) names[c.id] = c.name;
  std::vector<std::string> order;  // people in the order they were first placed
  std::map<std::string, std::vector<std::string>> lines;
  for (const placement& p : result.placements) {
    task& t = *by_number.at(p.task_number);
    add_member(ctx.store, t, p.volunteer_id, names[p.volunteer_id], "assign", false, ctx.now_ms());
    if (!lines.contains(p.volunteer_id)) order.push_back(p.volunteer_id);
    lines[p.volunteer_id].push_back(task_window(t) + " " + t.place +
                                    (t.title != t.place ? " " + t.title : "") + "（" +
                                    task_label(t.number) + "）");
  }
  for (task& t : tasks) save_task(ctx.store, t, ctx.zone(), ctx.rules.shifts);

  const bool is_tomorrow = day == add_days(today(ctx), 1);
  const std::string day_word = is_tomorrow ? ctx.tr("明天", "tomorrow")
                                           : (day == today(ctx) ? ctx.tr("今天", "today") : when);
  std::string out = ctx.tr(
      "🗓 " + when + " 排班（" + std::to_string(result.placements.size()) + " 个岗位）：",
      "🗓 Rota for " + when + " (" + std::to_string(result.placements.size()) + " places):");
  for (const auto& id : order) {
    out += "\n" + at(names[id]) + " " + day_word + " " + text::join(lines[id], ctx.tr("；", "; "));
  }
  if (result.placements.empty()) out += ctx.tr("\n（没有排上任何人）", "\n(nobody placed)");
  for (const gap& g : result.gaps) {
    out += ctx.tr("\n⚠️ 未排满 ", "\n⚠️ Unfilled ") +
           describe_task(*by_number.at(g.task_number), ctx.settings.lang) +
           ctx.tr(" 缺" + std::to_string(g.missing) + "人：",
                  " missing " + std::to_string(g.missing) + ": ") +
           describe_gap(g, ctx.settings.lang);
  }
  if (!result.placements.empty()) {
    out += ctx.tr("\n确认提醒会在前一晚发出；调整请用 /assign T编号 姓名 或 /unassign T编号 姓名。",
                  "\nConfirmation requests go out the evening before; adjust with /assign T<n> "
                  "NAME or /unassign T<n> NAME.");
  }
  return {{out}};
}

replies assign_command(context& ctx) {
  const std::string folded = text::fold(ctx.args);
  if (const auto ref = parse_task_ref(folded)) {
    return assign_override(
        ctx, ref->number,
        text::after_folded(ctx.args, std::string_view(folded).substr(0, ref->length)));
  }
  if (ctx.who() < role::lead) {
    return {{ctx.tr("/assign 只有协调员和组长可以使用。",
                    "Only coordinators and leads can use /assign.")}};
  }
  return assign_day(ctx, day_in(ctx, ctx.args, add_days(today(ctx), 1)));
}

replies unassign_command(context& ctx) {
  const std::string folded = text::fold(ctx.args);
  const auto ref = parse_task_ref(folded);
  if (!ref) return {{ctx.tr("用法：/unassign T12 张三", "Usage: /unassign T12 NAME")}};
  auto t = ctx.store.find_task(ctx.message.chat, ref->number);
  const std::string label = task_label(ref->number);
  if (!t || t->cancelled) return {{ctx.tr("没有任务 " + label + "。", "No task " + label + ".")}};
  if (!may_manage(ctx, t->group)) return {{not_allowed(ctx)}};
  std::string name{text::after_folded(ctx.args, std::string_view(folded).substr(0, ref->length))};
  if (name.starts_with("@")) name.erase(0, 1);
  for (task_member& m : t->members) {
    if (m.state != member_state::active || m.name != name) continue;
    m.state = member_state::left;
    m.changed_ms = ctx.now_ms();
    ctx.store.update_task_member(m);
    save_task(ctx.store, *t, ctx.zone(), ctx.rules.shifts);
    return {{ctx.tr("已将 " + name + " 移出 ", "Removed " + name + " from ") +
             describe_task(*t, ctx.settings.lang, true)}};
  }
  return {{ctx.tr(name + " 不在 " + label + " 里。", name + " is not on " + label + ".")}};
}

// /hours [明天]: scheduled and worked hours per volunteer on a day.
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
  const std::string when = local_date(day_start(day, ctx.zone()), ctx.zone());
  if (order.empty())
    return {{ctx.tr(when + " 没有排班。", "Nobody is scheduled on " + when + ".")}};
  std::sort(order.begin(), order.end(),
            [&](const auto& a, const auto& b) { return by_id[a].scheduled > by_id[b].scheduled; });
  const int cap = ctx.rules.shifts.max_minutes_per_day;
  std::string out = ctx.tr("⏱ " + when + " 工时（上限 " + format_hours(cap) + " 小时）：",
                           "⏱ Hours on " + when + " (cap " + format_hours(cap) + "):");
  int total_worked = 0;
  for (const auto& id : order) {
    const tally& t = by_id[id];
    total_worked += t.worked;
    out += "\n" + t.name + " " + format_hours(t.scheduled) + ctx.tr(" 小时", " h") +
           ctx.tr("（已完成 " + format_hours(t.worked) + "）",
                  " (worked " + format_hours(t.worked) + ")");
    if (t.scheduled >= cap - 60) out += ctx.tr(" ⚠️接近上限", " ⚠️ near the cap");
  }
  out += ctx.tr("\n合计已完成 " + format_hours(total_worked) + " 小时",
                "\nWorked in all: " + format_hours(total_worked) + " h");
  return {{out}};
}

// /group 配送: the sender's own service group; "/group 无" clears it.
replies group_command(context& ctx) {
  const std::string word = text::fold(text::trim(ctx.args));
  const std::string& id = ctx.message.from.id;
  if (word.empty()) {
    const auto g = ctx.store.volunteer_group(ctx.message.chat, id);
    return {{g ? ctx.tr("您在" + *g + "组。", "You are in the " + *g + " group.")
               : ctx.tr("您还没有服务组。设置：/group 配送（秩序、采购、药品、消杀、配送）",
                        "You have no service group. Set one: /group 配送 (秩序, 采购, 药品, 消杀, "
                        "配送)")}};
  }
  if (word == "无" || word == "none" || word == "清除") {
    ctx.store.save_volunteer_group(ctx.message.chat, id, "");
    return {{ctx.tr("已清除您的服务组。", "Your service group is cleared.")}};
  }
  const auto g = canonical_group(word);
  if (!g) {
    return {{ctx.tr("没有这个服务组。可选：秩序、采购、药品、消杀、配送。",
                    "No such group. Choose: 秩序, 采购, 药品, 消杀, 配送.")}};
  }
  ctx.store.save_volunteer_group(ctx.message.chat, id, *g);
  return {{ctx.tr("已加入" + *g + "组，排班时优先安排本组岗位。",
                  "You are in the " + *g + " group; the rota prefers its posts for you.")}};
}

// The zones a "分区：1号楼 2号楼" line lists.
std::vector<std::string> zones_in(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) out.push_back(current);
    current.clear();
  };
  utf8::for_each(text, [&](char32_t cp, std::size_t pos, std::size_t len) {
    if (cp == U' ' || cp == U',' || cp == U'，' || cp == U'、' || cp == 0x3000 || cp == U'\t') {
      flush();
    } else {
      current += text.substr(pos, len);
    }
  });
  flush();
  return out;
}

bool is_per_zone(std::string_view folded_place) {
  return folded_place == "各区" || folded_place == "每区" || folded_place == "zone" ||
         folded_place == "各分区";
}

// /template save NAME + lines | /template use NAME [明天] [zones] | /template
replies template_command(context& ctx) {
  const std::string_view all = text::trim(ctx.args);
  const std::string_view first_line = all.substr(0, all.find('\n'));
  const std::string_view body =
      all.size() > first_line.size() ? all.substr(first_line.size() + 1) : std::string_view();
  auto [sub, rest] = first_word(first_line);
  auto [name_folded, after_name] = first_word(rest);
  const std::string name{text::trim(rest).substr(0, text::trim(rest).find_first_of(" \t"))};
  const std::string usage = ctx.tr(
      "用法：\n/template save 名称（换行写每个岗位，如「各区 配送 第一波 09:00-11:00 需2人」，"
      "以及一行「分区：1号楼 2号楼」）\n/template use 名称 [明天] [分区…]\n/template 查看已存模板",
      "Usage:\n/template save NAME (then one post per line, e.g. 各区 配送 09:00-11:00 需2人, "
      "and a line 分区：1号楼 2号楼)\n/template use NAME [tomorrow] [zones…]\n/template lists "
      "saved ones");
  if (sub.empty()) {
    const auto names = ctx.store.template_names(ctx.message.chat);
    if (names.empty()) return {{ctx.tr("还没有模板。\n", "No templates yet.\n") + usage}};
    return {{ctx.tr("已存模板：", "Templates: ") + text::join(names, ctx.tr("、", ", "))}};
  }
  if (!may_manage(ctx, std::nullopt)) {
    return {{ctx.tr("/template 只有协调员可以使用。", "Only coordinators can use /template.")}};
  }
  if ((sub == "save" || sub == "保存") && !name.empty()) {
    task_template t{name, {}, {}};
    std::vector<std::string> bad;
    std::size_t pos = 0;
    while (pos <= body.size()) {
      const std::size_t nl = std::min(body.find('\n', pos), body.size());
      const std::string_view line = text::trim(body.substr(pos, nl - pos));
      pos = nl + 1;
      if (line.empty()) continue;
      const std::string folded = text::fold(line);
      if (folded.starts_with("分区") || folded.starts_with("zones")) {
        const std::size_t skip = folded.starts_with("分区") ? std::string_view("分区").size() : 5;
        std::string_view zones = line.substr(std::min(line.size(), skip));
        t.zones = zones_in(text::trim(text::to_halfwidth(zones)).starts_with(":")
                               ? text::trim(text::to_halfwidth(zones)).substr(1)
                               : text::to_halfwidth(zones));
        continue;
      }
      if (!parse_task_spec(line, today(ctx)).spec) {
        bad.emplace_back(line);
        continue;
      }
      t.lines.emplace_back(line);
    }
    if (!bad.empty() || t.lines.empty()) {
      return {{ctx.tr("模板未保存，这些行看不懂：\n",
                      "Template not saved; these lines are unclear:\n") +
               text::join(bad, "\n") + "\n" + usage}};
    }
    ctx.store.save_template(ctx.message.chat, t);
    return {{ctx.tr("💾 模板「" + name + "」已保存：" + std::to_string(t.lines.size()) +
                        " 个岗位，" + std::to_string(t.zones.size()) + " 个分区。",
                    "💾 Template \"" + name + "\" saved: " + std::to_string(t.lines.size()) +
                        " posts, " + std::to_string(t.zones.size()) + " zones.")}};
  }
  if ((sub == "use" || sub == "使用" || sub == "套用") && !name.empty()) {
    const auto t = ctx.store.find_template(ctx.message.chat, name);
    if (!t) return {{ctx.tr("没有模板「" + name + "」。", "No template \"" + name + "\".")}};
    civil_date day = add_days(today(ctx), 1);
    std::vector<std::string> zones;
    for (const std::string& word : zones_in(after_name)) {
      const std::string folded = text::fold(word);
      if (const auto d = parse_day(folded, today(ctx)); d && d->length == folded.size()) {
        day = d->day;
      } else {
        zones.push_back(word);
      }
    }
    if (zones.empty()) zones = t->zones;
    if (day < today(ctx)) return {{ctx.tr("不能为过去的日期建任务。", "Not for a past day.")}};
    std::vector<std::string> made;
    for (const std::string& line : t->lines) {
      auto spec = parse_task_spec(line, today(ctx)).spec;
      if (!spec) continue;
      const bool per_zone = is_per_zone(text::fold(spec->place));
      for (const std::string& zone : per_zone ? zones : std::vector<std::string>{spec->place}) {
        task_spec s = *spec;
        s.place = zone;
        made.push_back(describe_task(create_task(ctx, s, day), ctx.settings.lang));
      }
    }
    const std::string when = local_date(day_start(day, ctx.zone()), ctx.zone());
    return {
        {ctx.tr("🆕 按模板「" + name + "」建立 " + when + " 的 " + std::to_string(made.size()) +
                    " 个任务：\n",
                "🆕 " + std::to_string(made.size()) + " tasks for " + when + " from template \"" +
                    name + "\":\n") +
         text::join(made, "\n") +
         ctx.tr("\n排班：/assign " + iso_date(day), "\nTo fill them: /assign " + iso_date(day))}};
  }
  return {{usage}};
}

}  // namespace

void add_task_handlers(dispatcher& d) {
  d.add({.name = "task",
         .aliases = {"任务", "岗位", "tasks"},
         .summary_zh =
             "任务：/task [明天] 查看；/task add 地点 内容 09:00-11:00 需2人；done/remove/cap T12",
         .summary_en = "tasks: /task [tomorrow]; /task add PLACE WHAT 09:00-11:00 需2人; "
                       "done/remove/cap T12",
         .run = task_command});
  d.add({.name = "assign",
         .aliases = {"排班", "分配"},
         .summary_zh = "排班：/assign [明天] 按接龙名单自动排；/assign T12 张三 指派",
         .summary_en = "rota: /assign [tomorrow] fills from the roster; /assign T12 NAME overrides",
         .need = role::lead,
         .run = assign_command});
  d.add({.name = "unassign",
         .aliases = {"撤销指派"},
         .summary_zh = "移出：/unassign T12 张三",
         .summary_en = "remove someone: /unassign T12 NAME",
         .need = role::lead,
         .run = unassign_command});
  d.add({.name = "hours",
         .aliases = {"工时"},
         .summary_zh = "志愿者工时：/hours [明天]",
         .summary_en = "volunteer hours: /hours [tomorrow]",
         .run = hours_command});
  d.add({.name = "group",
         .aliases = {"分组", "服务组"},
         .summary_zh = "我的服务组：/group 配送",
         .summary_en = "my service group: /group 配送",
         .run = group_command});
  d.add({.name = "template",
         .aliases = {"模板"},
         .summary_zh = "每日模板：/template save 名称 … / use 名称 明天",
         .summary_en = "day templates: /template save NAME … / use NAME tomorrow",
         .run = template_command});
  // Before the chain's and the requests' keywords: "退出 T12" and "认领 T12" name a task.
  for (const char* word : {"认领", "我来", "claim", "take"}) {
    d.add(keyword{word, std::string(kinds::task_claim), on_claim, priority::tasks});
  }
  d.add(keyword{"+1", std::string(kinds::task_claim), on_plus_one, priority::tasks});
  for (const char* word : {"退出", "取消", "leave", "cancel"}) {
    d.add(keyword{word, std::string(kinds::task_leave), on_leave, priority::tasks});
  }
  for (const char* word : {"完成", "done"})
    d.add(keyword{word, std::string(kinds::task_done), on_done, priority::tasks});
  for (const char* word : {"1", "2", "确认", "yes", "no"}) {
    d.add(keyword{word, std::string(kinds::task_confirm), on_confirm_answer, priority::tasks});
  }
}

}  // namespace linli::handlers
