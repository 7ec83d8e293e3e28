// The rota: /assign fills a day from the signup roster or overrides one place, /unassign takes
// someone off, and the answers 1 / 2 confirm or withdraw what the evening request asked about.

#include <initializer_list>
#include <map>

#include "handlers/core/messages.hpp"
#include "handlers/tasks/shifts.hpp"
#include "handlers/tasks/task_commands.hpp"
#include "handlers/tasks/task_common.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers::tasks_detail {
namespace {

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
  if (!t || t->cancelled) return {{ctx.say("tasks.no_task", {{"task", label}})}};
  if (!may_manage(ctx, t->group)) return {{not_allowed(ctx)}};
  if (text::trim(name_text).empty()) return {{ctx.say("tasks.assign.usage")}};
  const auto day = parse_iso_date(t->date).value_or(today(ctx));
  const auto day_tasks = live_tasks(ctx.store, ctx.message.chat, day);
  const auto [id, name] = person_named(ctx, name_text, day_tasks);
  if (active_member(*t, id)) {
    return {{ctx.say("tasks.assign.already", {{"name", name}, {"task", label}})}};
  }
  const candidate who = candidate_for(id, name, day_tasks, number);
  const post p{t->number, t->place, t->group, task_span(*t), 1, {}};
  std::string out =
      ctx.say("tasks.assign.override", {{"name", name}, {"line", describe(ctx, *t, true)}});
  add_member(ctx.store, *t, id, name, "override", false, ctx.now_ms());
  if (const auto why = check(who, p, limits(ctx))) {
    out += ctx.say("tasks.assign.note", {{"reason", refusal_text(ctx, *why, who, *t)}});
  }
  if (static_cast<int>(active_members(*t).size()) > t->capacity) {
    out += ctx.say("tasks.assign.over_capacity");
  }
  save_task(ctx.store, *t, ctx.zone(), ctx.rules.shifts);
  return {{out}};
}

// /assign [明天]: fills the day's open places from the confirmed roster.
replies assign_day(context& ctx, civil_date day) {
  std::vector<task> tasks = live_tasks(ctx.store, ctx.message.chat, day);
  const std::string when = day_text(ctx, day);
  if (tasks.empty()) return {{ctx.say("tasks.assign.no_tasks", {{"date", when}})}};
  // Leads fill their own groups' posts only.
  const day_plan planned =
      plan_day(ctx.store, ctx.message.chat, day, tasks, ctx.rules.shifts, ctx.now_ms(),
               [&ctx](const task& t) { return may_manage(ctx, t.group); });
  if (planned.posts.empty()) return {{ctx.say("tasks.assign.filled", {{"date", when}})}};
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
    lines[p.volunteer_id].push_back(ctx.say(
        "tasks.rota.shift",
        {{"time", task_window(t)}, {"what", task_name(t)}, {"task", task_label(t.number)}}));
  }
  for (task& t : tasks) save_task(ctx.store, t, ctx.zone(), ctx.rules.shifts);

  const std::string day_word = day == add_days(today(ctx), 1) ? ctx.say("tasks.day.tomorrow")
                               : day == today(ctx)            ? ctx.say("tasks.day.today")
                                                              : when;
  std::string out = ctx.say("tasks.rota.title",
                            {{"date", when}, {"count", std::to_string(result.placements.size())}});
  for (const auto& id : order) {
    out += ctx.say("tasks.rota.person",
                   {{"name", names[id]},
                    {"day", day_word},
                    {"shifts", text::join(lines[id], ctx.say("tasks.join.semicolon"))}});
  }
  if (result.placements.empty()) out += ctx.say("tasks.rota.nobody");
  for (const gap& g : result.gaps) {
    out += ctx.say("tasks.rota.gap", {{"line", describe(ctx, *by_number.at(g.task_number))},
                                      {"missing", std::to_string(g.missing)},
                                      {"why", describe_gap(g, ctx.settings.lang)}});
  }
  if (!result.placements.empty()) out += ctx.say("tasks.rota.footer");
  return {{out}};
}

// Whether the answer's digit ends where `rest` begins: at the end, or before a space, a mark or an
// emoji ("1 确认", "1,明早见", "1👌"), never before another digit or letter ("12") or a word
// ("1号楼…"), except the words that say the same ("1确认", "2退出", "2来不了").
bool answer_ends(std::string_view rest, std::initializer_list<std::string_view> same) {
  if (rest.empty()) return true;
  // "1.5斤", "2,000": the digit begins a number.
  if (rest.size() > 1 && (rest[0] == '.' || rest[0] == ',') &&
      std::isdigit(static_cast<unsigned char>(rest[1]))) {
    return false;
  }
  for (std::string_view word : same) {
    if (rest.starts_with(word)) return true;
  }
  const char32_t next = utf8::decode_at(rest, 0).code_point;
  const bool letter_or_digit = next < 0x80 && std::isalnum(static_cast<int>(next));
  const bool ideograph = (next >= 0x4E00 && next <= 0x9FFF) || (next >= 0x3400 && next <= 0x4DBF);
  return !letter_or_digit && !ideograph;
}

}  // namespace

replies assign_command(context& ctx) {
  const std::string folded = text::fold(ctx.args);
  if (const auto ref = parse_task_ref(folded)) {
    return assign_override(
        ctx, ref->number,
        text::after_folded(ctx.args, std::string_view(folded).substr(0, ref->length)));
  }
  if (ctx.who() < role::lead) return {{ctx.say("tasks.assign.denied")}};
  return assign_day(ctx, day_in(ctx, ctx.args, add_days(today(ctx), 1)));
}

replies unassign_command(context& ctx) {
  const std::string folded = text::fold(ctx.args);
  const auto ref = parse_task_ref(folded);
  if (!ref) return {{ctx.say("tasks.unassign.usage")}};
  auto t = ctx.store.find_task(ctx.message.chat, ref->number);
  const std::string label = task_label(ref->number);
  if (!t || t->cancelled) return {{ctx.say("tasks.no_task", {{"task", label}})}};
  if (!may_manage(ctx, t->group)) return {{not_allowed(ctx)}};
  std::string name{text::after_folded(ctx.args, std::string_view(folded).substr(0, ref->length))};
  if (name.starts_with("@")) name.erase(0, 1);
  for (task_member& m : t->members) {
    if (m.state != member_state::active || m.name != name) continue;
    m.state = member_state::left;
    m.changed_ms = ctx.now_ms();
    ctx.store.update_task_member(m);
    save_task(ctx.store, *t, ctx.zone(), ctx.rules.shifts);
    return {
        {ctx.say("tasks.unassign.removed", {{"name", name}, {"line", describe(ctx, *t, true)}})}};
  }
  return {{ctx.say("tasks.unassign.not_on", {{"name", name}, {"task", label}})}};
}

// "1" / "2" after a confirmation request: confirm or withdraw every shift the sender was asked
// about that has not started.
std::optional<bool> confirmation_answer(std::string_view text) {
  const std::string folded = text::fold(text::trim(text));
  std::string_view f = folded;
  if (f == "yes") return true;
  if (f == "no") return false;
  if (f.starts_with("回复")) f = text::trim(f.substr(std::string_view("回复").size()));
  // "确认", "确认 1", "确认1": yes.
  if (f.starts_with("确认")) {
    const std::string_view rest = text::trim(f.substr(std::string_view("确认").size()));
    if (rest.empty() || (rest.starts_with("1") && answer_ends(rest.substr(1), {}))) return true;
    return std::nullopt;
  }
  if (f.starts_with("1") && answer_ends(f.substr(1), {"确认", "收到", "好", "可以", "没问题"})) {
    return true;
  }
  if (f.starts_with("2") &&
      answer_ends(f.substr(1), {"退出", "来不了", "去不了", "不来", "不去", "不能"})) {
    return false;
  }
  return std::nullopt;
}

std::optional<replies> on_confirm_answer(context& ctx) {
  const auto answer = confirmation_answer(ctx.message.text);
  if (!answer) return std::nullopt;
  const bool yes = *answer;
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
        touched.push_back(describe(ctx, t, offset != 0));
        changed = true;
      }
      if (!changed) continue;
      if (!yes) {
        for (auto& name : refill(ctx.store, t, ctx.rules.shifts, ctx.now_ms())) {
          refilled.push_back(
              ctx.say("tasks.confirm.refill", {{"name", name}, {"task", task_label(t.number)}}));
        }
      }
      save_task(ctx.store, t, ctx.zone(), ctx.rules.shifts);
    }
  }
  if (touched.empty()) return std::nullopt;  // nothing was asked of them: not an answer
  const std::string tasks = text::join(touched, ctx.say("tasks.join.semicolon"));
  if (yes) return replies{{ctx.say("tasks.confirm.confirmed", {{"tasks", tasks}})}};
  if (refilled.empty()) return replies{{ctx.say("tasks.confirm.withdrawn", {{"tasks", tasks}})}};
  return replies{{ctx.say(
      "tasks.confirm.withdrawn_refilled",
      {{"tasks", tasks}, {"refilled", text::join(refilled, ctx.say("tasks.join.comma"))}})}};
}

}  // namespace linli::handlers::tasks_detail

namespace linli::handlers {

std::optional<std::string> rota_confirmed_line(storage::store& store, const chat_ref& chat,
                                               civil_date day, std::int64_t at_ms,
                                               const std::string& coordinator,
                                               std::string_view reply) {
  int placed = 0;
  for (const task& t : live_tasks(store, chat, day)) {
    for (const task_member* m : active_members(t)) {
      if (m->source == "assign" && m->added_ms == at_ms) ++placed;
    }
  }
  // Messages in one second share a time: the count is the one this message's rota states.
  const auto lang = store.load_chat(chat).lang;
  const std::string date = local_date(day_start(day, time_zone::shanghai()), time_zone::shanghai());
  for (int n = placed; n > 0; --n) {
    if (!reply.starts_with(
            message(lang, "tasks.rota.title", {{"date", date}, {"count", std::to_string(n)}}))) {
      continue;
    }
    return message(lang, "tasks.dashboard.rota_confirmed",
                   {{"date", date}, {"count", std::to_string(n)}, {"name", coordinator}});
  }
  return std::nullopt;
}

}  // namespace linli::handlers
