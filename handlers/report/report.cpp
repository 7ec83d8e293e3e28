#include "handlers/report/report.hpp"

#include <algorithm>

#include "handlers/core/robot_command.hpp"

#include <map>

#include "handlers/core/dispatcher.hpp"
#include "handlers/core/local_time.hpp"
#include "handlers/requests/requests.hpp"
#include "handlers/tasks/shifts.hpp"
#include "handlers/text/money.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {

namespace {

// "志愿者：12 人次，排班 40 小时，已完成 32 小时".
std::string hours_line(const std::vector<task>& tasks, storage::language lang) {
  int shifts = 0, scheduled = 0, worked = 0;
  for (const task& t : tasks) {
    for (const task_member* m : active_members(t)) {
      ++shifts;
      scheduled += t.end_minute - t.start_minute;
      if (m->completed) worked += t.end_minute - t.start_minute;
    }
  }
  if (shifts == 0) return {};
  return message(lang, "report.hours",
                 {{"shifts", std::to_string(shifts)},
                  {"scheduled", format_hours(scheduled)},
                  {"worked", format_hours(worked)}});
}

// "待认领 1，已认领 0，…": each label with its count, in this order.
template <class Key>
std::string counts(storage::language lang, std::string_view label_prefix,
                   const std::vector<std::pair<Key, std::string_view>>& order,
                   std::map<Key, int>& count) {
  std::vector<std::string> parts;
  for (const auto& [key, name] : order) {
    parts.push_back(message(lang, std::string(label_prefix) + std::string(name)) + " " +
                    std::to_string(count[key]));
  }
  return text::join(parts, message(lang, "report.separator"));
}

// "邻里互助：今日 3 份 — 待配对 1，已配对 1，已送出 1，已撤回 0"; nothing when the chat has none
// that day.
std::string offers_line(const report_data& data, std::int64_t day_end, storage::language lang) {
  std::map<offer_status, int> by_status;
  int today = 0;
  for (const offer& o : data.offers) {
    if (o.created_ms < data.day_start_ms || o.created_ms >= day_end) continue;
    ++today;
    ++by_status[o.status];
  }
  if (today == 0) return {};
  const std::vector<std::pair<offer_status, std::string_view>> statuses = {
      {offer_status::open, "open"},
      {offer_status::matched, "matched"},
      {offer_status::given, "given"},
      {offer_status::withdrawn, "withdrawn"}};
  return message(lang, "report.offers",
                 {{"count", std::to_string(today)},
                  {"statuses", counts(lang, "offers.status.", statuses, by_status)}});
}

}  // namespace

std::string render_report(const report_data& data, storage::language lang) {
  const std::int64_t day_end =
      day_start(add_days(date_of(data.day_start_ms, *data.zone), 1), *data.zone);
  std::map<request_status, int> by_status;
  std::map<std::string, int> by_category;
  std::map<std::pair<std::string, std::string>, std::int64_t> medicine;  // (name, unit) -> quantity
  std::int64_t requested = 0, spent = 0;
  int today = 0;
  std::vector<const supply_request*> urgent_open;
  for (const auto& r : data.requests) {
    const bool open =
        r.status != request_status::delivered && r.status != request_status::cancelled;
    if (open && r.urgent) urgent_open.push_back(&r);
    if (r.created_ms < data.day_start_ms || r.created_ms >= day_end) continue;
    ++today;
    ++by_status[r.status];
    if (r.status == request_status::cancelled) continue;
    ++by_category[r.category];
    requested = text::saturating_add(requested, requested_cents(r).value_or(0));
    spent = text::saturating_add(spent, r.spent_cents.value_or(0));
    if (r.category == "medicine") {
      for (const auto& i : r.items) {
        auto& q = medicine[{i.name, i.unit.value_or("")}];
        q = text::saturating_add(q, i.quantity);
      }
    }
  }

  // The labels are the requests' own (requests.status.*, requests.category.*).
  const std::vector<std::pair<request_status, std::string_view>> statuses = {
      {request_status::open, "open"},
      {request_status::claimed, "claimed"},
      {request_status::bought, "bought"},
      {request_status::delivered, "delivered"},
      {request_status::cancelled, "cancelled"}};
  const std::vector<std::pair<std::string, std::string_view>> categories = {
      {"medicine", "medicine"},
      {"cold_chain", "cold_chain"},
      {"food", "food"},
      {"daily", "daily"},
      {"other", "other"}};
  std::string out =
      message(lang, "report.title", {{"date", local_date(data.day_start_ms, *data.zone)}});
  out += message(lang, "report.requests",
                 {{"count", std::to_string(today)},
                  {"statuses", counts(lang, "requests.status.", statuses, by_status)}});
  out += message(lang, "report.categories",
                 {{"categories", counts(lang, "requests.category.", categories, by_category)}});

  std::vector<std::string> medicine_items;
  for (const auto& [key, quantity] : medicine) {
    medicine_items.push_back(key.first + " " + std::to_string(quantity) + key.second);
  }
  out += message(
      lang, "report.medicine",
      {{"items", medicine.empty()
                     ? message(lang, "report.none")
                     : text::join(medicine_items, message(lang, "report.separator.items"))}});
  out += message(lang, "report.money",
                 {{"requested", format_cents(requested)}, {"spent", format_cents(spent)}});
  std::string urgent;
  for (const auto* r : urgent_open) urgent += "\n  " + describe(*r, lang);
  out += message(lang, "report.urgent",
                 {{"requests", urgent_open.empty() ? message(lang, "report.none") : urgent}});
  out += offers_line(data, day_end, lang);
  for (std::size_t i = 0; i < data.group_buys.size(); ++i) {
    const group_buy& g = data.group_buys[i];
    std::int64_t quantity = 0;
    int households = 0;
    for (const auto& o : data.orders[i]) {
      quantity = text::saturating_add(quantity, o.quantity);
      households += o.quantity > 0;
    }
    out += message(lang, g.closed ? "report.group_buy.closed" : "report.group_buy",
                   {{"title", g.title},
                    {"quantity", std::to_string(quantity)},
                    {"unit", g.unit},
                    {"amount", format_cents(quantity * g.unit_price_cents)},
                    {"households", std::to_string(households)}});
  }
  if (data.drive) {
    std::int64_t raised = 0;
    for (const auto& d : data.donations) raised = text::saturating_add(raised, d.cents);
    out += message(lang, "report.donations",
                   {{"title", data.drive->title},
                    {"raised", format_cents(raised)},
                    {"goal", format_cents(data.drive->goal_cents)},
                    {"gifts", std::to_string(data.donations.size())}});
  }
  out += hours_line(data.tasks, lang);
  return out;
}

namespace {

replies report_command(context& ctx) {
  report_data data;
  data.day_start_ms = local_day_start(ctx.now_ms(), ctx.zone());
  data.zone = &ctx.zone();
  data.requests = ctx.store.list_requests(ctx.message.chat);
  data.group_buys = ctx.store.group_buys(ctx.message.chat, data.day_start_ms);
  for (const auto& g : data.group_buys) data.orders.push_back(ctx.store.group_buy_orders(g.id));
  data.tasks = live_tasks(ctx.store, ctx.message.chat, date_of(ctx.now_ms(), ctx.zone()));
  data.drive = ctx.store.current_drive(ctx.message.chat);
  if (data.drive) data.donations = ctx.store.donations(data.drive->id);
  data.offers = ctx.store.list_offers(ctx.message.chat);
  std::string out = render_report(data, ctx.settings.lang);
  // On WeCom, what the bot sends on its own needs the chat's group robot: say when it waits.
  if (ctx.message.chat.platform == robot_platform && !ctx.store.load_robot(ctx.message.chat)) {
    const auto waiting = ctx.store.count_pending_outbound(ctx.message.chat);
    out += ctx.say("report.robot_missing", {{"count", std::to_string(waiting)}});
  }
  return {{out}};
}

}  // namespace

void add_report_handlers(dispatcher& d) {
  d.add({.name = "report",
         .aliases = {"汇总", "日报"},
         .summary = "report.summary.report",
         .need = role::coordinator,
         .run = report_command});
}

}  // namespace linli::handlers
