#include "handlers/tasks/task_common.hpp"

#include "handlers/text/text.hpp"

namespace linli::handlers::tasks_detail {

civil_date today(const context& ctx) {
  return date_of(ctx.now_ms(), ctx.zone());
}

assignment_rules limits(const context& ctx) {
  return {ctx.rules.shifts.max_minutes_per_day, ctx.rules.shifts.min_rest_minutes};
}

std::string at(const std::string& name) {
  return "@" + name;
}

civil_date day_in(const context& ctx, std::string_view args, civil_date fallback) {
  const auto d = parse_day(text::fold(text::trim(args)), today(ctx));
  return d ? d->day : fallback;
}

std::string day_text(const context& ctx, civil_date day) {
  return local_date(day_start(day, ctx.zone()), ctx.zone());
}

std::string describe(const context& ctx, const task& t, bool with_date) {
  return describe_task(t, ctx.settings.lang, with_date);
}

bool may_manage(const context& ctx, const std::optional<std::string>& group) {
  const role r = ctx.who();
  if (r == role::coordinator) return true;
  if (r != role::lead || !group) return false;
  const auto chat = ctx.rules.chats.find(ctx.message.chat.chat_id);
  if (chat == ctx.rules.chats.end()) return false;
  const auto leads = chat->second.leads.find(*group);
  return leads != chat->second.leads.end() &&
         leads->second.contains(role_key(ctx.message.chat.platform, ctx.message.from.id));
}

std::string not_allowed(const context& ctx) {
  return ctx.say("tasks.manage.denied");
}

std::string refusal_text(const context& ctx, refusal why, const candidate& c, const task& t) {
  switch (why) {
    case refusal::already_on_it:
      return ctx.say("tasks.refusal.already_on_it", {{"task", task_label(t.number)}});
    case refusal::outside_slot:
      return ctx.say("tasks.refusal.outside_slot");
    case refusal::other_group:
      return ctx.say("tasks.refusal.other_group");
    case refusal::overlaps:
      return ctx.say("tasks.refusal.overlaps",
                     {{"rest", std::to_string(ctx.rules.shifts.min_rest_minutes)}});
    case refusal::over_cap: {
      int booked = 0;
      for (const span& s : c.booked) booked += s.minutes();
      return ctx.say("tasks.refusal.over_cap",
                     {{"booked", format_hours(booked)},
                      {"cap", format_hours(ctx.rules.shifts.max_minutes_per_day)}});
    }
  }
  return {};
}

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

}  // namespace linli::handlers::tasks_detail
