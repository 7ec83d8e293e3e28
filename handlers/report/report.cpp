#include "handlers/report/report.hpp"

#include <map>

#include "handlers/core/dispatcher.hpp"
#include "handlers/core/local_time.hpp"
#include "handlers/requests/requests.hpp"
#include "handlers/tasks/shifts.hpp"

namespace linli::handlers {

namespace {

// "志愿者：12 人次，排班 40 小时，已完成 32 小时".
std::string hours_line(const std::vector<task>& tasks, bool en) {
  int shifts = 0, scheduled = 0, worked = 0;
  for (const task& t : tasks) {
    for (const task_member* m : active_members(t)) {
      ++shifts;
      scheduled += t.end_minute - t.start_minute;
      if (m->completed) worked += t.end_minute - t.start_minute;
    }
  }
  if (shifts == 0) return {};
  return en ? "\nVolunteers: " + std::to_string(shifts) + " shifts, " + format_hours(scheduled) +
                  " h scheduled, " + format_hours(worked) + " h worked"
            : "\n志愿者：" + std::to_string(shifts) + " 人次，排班 " + format_hours(scheduled) +
                  " 小时，已完成 " + format_hours(worked) + " 小时";
}

}  // namespace

std::string render_report(const report_data& data, storage::language lang) {
  const bool en = lang == storage::language::en;
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
    requested += requested_cents(r).value_or(0);
    spent += r.spent_cents.value_or(0);
    if (r.category == "medicine") {
      for (const auto& i : r.items) medicine[{i.name, i.unit.value_or("")}] += i.quantity;
    }
  }

  std::string out =
      (en ? "📊 Daily report " : "📊 每日汇总 ") + local_date(data.day_start_ms, *data.zone) + "\n";
  out += (en ? "Requests today: " : "今日需求：") + std::to_string(today) + (en ? " — " : " 单 — ");
  const std::pair<request_status, const char*> statuses[] = {
      {request_status::open, en ? "open" : "待认领"},
      {request_status::claimed, en ? "claimed" : "已认领"},
      {request_status::bought, en ? "bought" : "已买到"},
      {request_status::delivered, en ? "delivered" : "已送达"},
      {request_status::cancelled, en ? "cancelled" : "已取消"}};
  for (std::size_t i = 0; i < std::size(statuses); ++i) {
    if (i > 0) out += en ? ", " : "，";
    out += std::string(statuses[i].second) + " " + std::to_string(by_status[statuses[i].first]);
  }
  out += en ? "\nBy category: " : "\n分类：";
  const std::pair<const char*, const char*> categories[] = {
      {"medicine", en ? "medicine" : "药品"},
      {"cold_chain", en ? "cold chain" : "冷链"},
      {"food", en ? "food" : "食品"},
      {"daily", en ? "daily goods" : "日用品"},
      {"other", en ? "other" : "其他"}};
  for (std::size_t i = 0; i < std::size(categories); ++i) {
    if (i > 0) out += en ? ", " : "，";
    out +=
        std::string(categories[i].second) + " " + std::to_string(by_category[categories[i].first]);
  }
  out += en ? "\nMedicine: " : "\n药品清单：";
  if (medicine.empty()) out += en ? "none" : "无";
  bool first = true;
  for (const auto& [key, quantity] : medicine) {
    if (!first) out += en ? ", " : "、";
    first = false;
    out += key.first + " " + std::to_string(quantity) + key.second;
  }
  out += (en ? "\nMoney: requested ¥" : "\n金额：需求 ¥") + format_cents(requested) +
         (en ? ", spent ¥" : "，实付 ¥") + format_cents(spent);
  out += en ? "\nUrgent, still open: " : "\n仍待处理的急需：";
  if (urgent_open.empty()) out += en ? "none" : "无";
  for (const auto* r : urgent_open) out += "\n  " + describe(*r, lang);
  for (std::size_t i = 0; i < data.group_buys.size(); ++i) {
    const group_buy& g = data.group_buys[i];
    std::int64_t quantity = 0;
    int households = 0;
    for (const auto& o : data.orders[i]) {
      quantity += o.quantity;
      households += o.quantity > 0;
    }
    out += (en ? "\nGroup buy \"" : "\n团购「") + g.title + (en ? "\": " : "」：") +
           std::to_string(quantity) + g.unit + " ¥" + format_cents(quantity * g.unit_price_cents) +
           (en ? ", " : "，") + std::to_string(households) + (en ? " households" : " 户") +
           (g.closed ? (en ? " (closed)" : "（已截止）") : "");
  }
  if (data.drive) {
    std::int64_t raised = 0;
    for (const auto& d : data.donations) raised += d.cents;
    out += (en ? "\nDonations \"" : "\n捐款「") + data.drive->title + (en ? "\": ¥" : "」：¥") +
           format_cents(raised) + " / ¥" + format_cents(data.drive->goal_cents) +
           (en ? ", " : "，") + std::to_string(data.donations.size()) + (en ? " gifts" : " 笔");
  }
  out += hours_line(data.tasks, en);
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
  return {{render_report(data, ctx.settings.lang)}};
}

}  // namespace

void add_report_handlers(dispatcher& d) {
  d.add({.name = "report",
         .aliases = {"汇总", "日报"},
         .summary_zh = "每日汇总（上报街道）",
         .summary_en = "the daily report for the street office",
         .need = role::coordinator,
         .run = report_command});
}

}  // namespace linli::handlers
