#include "handlers/tasks/task_commands.hpp"

#include "handlers/core/dispatcher.hpp"
#include "handlers/core/subcommands.hpp"
#include "handlers/tasks/shifts.hpp"
#include "handlers/tasks/task_common.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {
namespace {

using namespace tasks_detail;

// /task [明天], /task list 11-23: a day's tasks with who holds them.
replies list_tasks(const context& ctx, civil_date day) {
  const auto tasks = live_tasks(ctx.store, ctx.message.chat, day);
  const std::string when = day_text(ctx, day);
  if (tasks.empty()) return {{ctx.say("tasks.list.empty", {{"date", when}})}};
  std::string out = ctx.say("tasks.list.title", {{"date", when}});
  for (const task& t : tasks) {
    std::vector<std::string> names;
    for (const task_member* m : active_members(t)) {
      names.push_back(m->confirmed ? m->name
                                   : ctx.say("tasks.list.unconfirmed", {{"name", m->name}}));
    }
    const char* key = t.done
                          ? (names.empty() ? "tasks.list.task_done" : "tasks.list.task_done_held")
                          : (names.empty() ? "tasks.list.task" : "tasks.list.task_held");
    out += ctx.say(key, {{"line", describe(ctx, t)},
                         {"names", text::join(names, ctx.say("tasks.join.list"))}});
  }
  return {{out + ctx.say("tasks.list.footer")}};
}

std::string spec_error_text(const context& ctx, spec_error e) {
  switch (e) {
    case spec_error::no_window:
      return ctx.say("tasks.spec.no_window");
    case spec_error::bad_window:
      return ctx.say("tasks.spec.bad_window");
    case spec_error::no_place:
      return ctx.say("tasks.spec.no_place");
    case spec_error::bad_capacity:
      return ctx.say("tasks.spec.bad_capacity");
  }
  return {};
}

// The day a new task without one falls on: today unless its window is over, then tomorrow.
civil_date default_day(const context& ctx, const task_spec& spec) {
  const civil_date d = today(ctx);
  return at_local(d, spec.end, ctx.zone()) > ctx.now_ms() ? d : add_days(d, 1);
}

// /task add 3号楼 配送 09:00-11:00 需2人: coordinators, or the lead of the task's group.
replies task_add(context& ctx, std::string_view rest) {
  const auto parsed = parse_task_spec(rest, today(ctx));
  if (!parsed.spec) {
    return {{ctx.say("tasks.add.invalid", {{"reason", spec_error_text(ctx, parsed.error)}})}};
  }
  if (!may_manage(ctx, parsed.spec->group)) return {{not_allowed(ctx)}};
  const civil_date day = parsed.spec->day.value_or(default_day(ctx, *parsed.spec));
  if (day < today(ctx)) return {{ctx.say("tasks.add.past")}};
  const task t = create_task(ctx, *parsed.spec, day);
  return {{ctx.say(t.group ? "tasks.add.created_group" : "tasks.add.created",
                   {{"line", describe(ctx, t, true)},
                    {"group", t.group.value_or("")},
                    {"task", task_label(t.number)}})}};
}

// What /task done|remove|cap does to a task the sender may manage; `rest` follows the task
// reference. Each saves the task when it changes it.
using task_change_fn = replies (*)(context& ctx, task& t, std::string_view rest);

replies finish_task(context& ctx, task& t, std::string_view) {
  t.done = true;
  for (task_member& m : t.members) {
    if (m.state != member_state::active || m.completed) continue;
    m.completed = true;
    m.changed_ms = ctx.now_ms();
    ctx.store.update_task_member(m);
  }
  save_task(ctx.store, t, ctx.zone(), ctx.rules.shifts);
  return {{ctx.say("tasks.change.done", {{"task", task_label(t.number)}})}};
}

replies remove_task(context& ctx, task& t, std::string_view) {
  t.cancelled = true;
  std::vector<std::string> names;
  for (const task_member* m : active_members(t)) names.push_back(at(m->name));
  save_task(ctx.store, t, ctx.zone(), ctx.rules.shifts);
  return {{ctx.say(names.empty() ? "tasks.change.removed" : "tasks.change.removed_notify",
                   {{"line", describe(ctx, t, true)}, {"names", text::join(names, " ")}})}};
}

replies cap_task(context& ctx, task& t, std::string_view rest) {
  const auto n = text::read_number(text::fold(rest));
  if (!n || n->value < 1 || n->value > 1000) return {{ctx.say("tasks.change.cap_usage")}};
  t.capacity = static_cast<int>(n->value);
  save_task(ctx.store, t, ctx.zone(), ctx.rules.shifts);
  const bool over = static_cast<int>(active_members(t).size()) > t.capacity;
  return {
      {ctx.say(over ? "tasks.change.cap_over" : "tasks.change.cap", {{"line", describe(ctx, t)}})}};
}

// /task <action> T12 ...: finds the task and checks the sender may manage it.
replies change_task(context& ctx, std::string_view action, std::string_view rest,
                    task_change_fn apply) {
  const auto ref = parse_task_ref(text::fold(rest));
  if (!ref) return {{ctx.say("tasks.change.no_ref", {{"action", std::string(action)}})}};
  auto t = ctx.store.find_task(ctx.message.chat, ref->number);
  if (!t || t->cancelled) return {{ctx.say("tasks.no_task", {{"task", task_label(ref->number)}})}};
  if (!may_manage(ctx, t->group)) return {{not_allowed(ctx)}};
  return apply(ctx, *t, first_word(rest).rest);
}

subcommand change(std::vector<std::string> words, task_change_fn apply) {
  const std::string action = words.front();
  return {std::move(words), role::resident, [action, apply](context& ctx, std::string_view rest) {
            return change_task(ctx, action, rest, apply);
          }};
}

// Who may change a task depends on its service group, so every entry is open to all and each
// checks may_manage itself.
subcommands task_table() {
  return subcommands{"task",
                     {{{"add", "新增", "添加", "加"}, role::resident, task_add},
                      {{"list", "列表", "查看"},
                       role::resident,
                       [](context& ctx, std::string_view rest) {
                         return list_tasks(ctx, day_in(ctx, rest, today(ctx)));
                       }},
                      change({"done", "完成"}, finish_task),
                      change({"remove", "cancel", "删除", "取消"}, remove_task),
                      change({"cap", "人数"}, cap_task)},
                     // "/task" and "/task 明天" list a day; anything else gets the usage.
                     [](context& ctx, std::string_view args) {
                       const std::string word = first_word(args).word;
                       if (!word.empty() && !parse_day(word, today(ctx)))
                         return replies{{ctx.say("tasks.task.usage")}};
                       return list_tasks(ctx, day_in(ctx, args, today(ctx)));
                     }};
}

}  // namespace

void add_task_handlers(dispatcher& d) {
  d.add({.name = "task",
         .aliases = {"任务", "岗位", "tasks"},
         .summary = "tasks.summary.task",
         .run = task_table()});
  d.add({.name = "assign",
         .aliases = {"排班", "分配"},
         .summary = "tasks.summary.assign",
         .need = role::lead,
         .run = assign_command});
  d.add({.name = "unassign",
         .aliases = {"撤销指派"},
         .summary = "tasks.summary.unassign",
         .need = role::lead,
         .run = unassign_command});
  d.add({.name = "hours",
         .aliases = {"工时"},
         .summary = "tasks.summary.hours",
         .run = hours_command});
  d.add({.name = "group",
         .aliases = {"分组", "服务组"},
         .summary = "tasks.summary.group",
         .run = group_command});
  d.add({.name = "template",
         .aliases = {"模板"},
         .summary = "tasks.summary.template",
         .run = template_table()});
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
  for (const char* word : {"1", "2", "确认", "回复", "yes", "no"}) {
    d.add(keyword{word, std::string(kinds::task_confirm), on_confirm_answer, priority::tasks});
  }
}

}  // namespace linli::handlers
