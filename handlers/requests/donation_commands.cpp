#include "handlers/requests/donation_commands.hpp"

#include <set>

#include "handlers/core/dispatcher.hpp"
#include "handlers/requests/money_forms.hpp"
#include "handlers/requests/requests.hpp"
#include "handlers/text/money.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {
namespace {

// "200", "200元", "¥200", "2,000元", "2万", "两百块": a positive amount in cents, alone or (when
// marked as money, or followed by a comma or space) with words after it (捐款两百块 给大白买水).
std::optional<std::int64_t> amount(std::string_view args) {
  const std::string f = text::fold(text::trim(args));
  std::size_t length = 0;
  const auto cents = read_amount(f, length);
  if (!cents || *cents <= 0) return std::nullopt;
  const std::string_view taken = std::string_view(f).substr(0, length);
  const std::string_view rest = std::string_view(f).substr(length);
  const bool marked = taken.ends_with("元") || taken.ends_with("块") || taken.ends_with("钱") ||
                      taken.ends_with("万") || taken.find("\u00A5") != std::string_view::npos;
  if (!text::trim(rest).empty() && !marked && !rest.starts_with(",") && !rest.starts_with(" ")) {
    return std::nullopt;  // 捐2件衣服: goods, not money
  }
  return cents;
}

struct totals {
  std::int64_t cents = 0;
  std::size_t donors = 0;
};

totals sum(const std::vector<donation>& all) {
  totals t;
  std::set<std::string> donors;
  for (const auto& d : all) {
    t.cents = text::saturating_add(t.cents, d.cents);
    donors.insert(d.sender_id);
  }
  t.donors = donors.size();
  return t;
}

std::string progress(const context& ctx, const donation_drive& d, const totals& t) {
  return ctx.say("requests.donate.progress", {{"raised", format_cents(t.cents)},
                                              {"goal", format_cents(d.goal_cents)},
                                              {"donors", std::to_string(t.donors)}});
}

std::optional<replies> on_donate(context& ctx) {
  const auto cents = amount(ctx.args);
  if (!cents) return std::nullopt;  // "捐款的事明天说" is chatter
  const auto drive = ctx.store.current_drive(ctx.message.chat);
  if (!drive) {
    return replies{{ctx.say("requests.donate.no_drive")}};
  }
  const totals before = sum(ctx.store.donations(drive->id));
  ctx.store.add_donation(drive->id, {ctx.message.from.id, ctx.message.from.name, *cents,
                                     ctx.now_ms(), ctx.message.delivery_id});
  const totals after = sum(ctx.store.donations(drive->id));
  const std::string_view key = before.cents < drive->goal_cents && after.cents >= drive->goal_cents
                                   ? "requests.donate.thanks.reached"
                               : before.cents >= drive->goal_cents
                                   ? "requests.donate.thanks.past_goal"
                                   : "requests.donate.thanks";
  return replies{{ctx.say(key, {{"name", ctx.message.from.name},
                                {"amount", format_cents(*cents)},
                                {"title", drive->title},
                                {"progress", progress(ctx, *drive, after)}})}};
}

replies donate_command(context& ctx) {
  const auto drive = ctx.store.current_drive(ctx.message.chat);
  if (ctx.args.empty()) {
    if (!drive) return {{ctx.say("requests.donate.none")}};
    return {{ctx.say("requests.donate.show",
                     {{"title", drive->title},
                      {"progress", progress(ctx, *drive, sum(ctx.store.donations(drive->id)))}})}};
  }
  if (!ctx.is_coordinator()) {
    return {{ctx.say("requests.donate.coordinators_only")}};
  }
  // "/donate 5000 防疫物资" or "/捐款 目标 5000元 防疫物资"
  std::string f = text::fold(ctx.args);
  std::string_view s = f;
  for (std::string_view w : {"目标", "goal"}) {
    if (s.starts_with(w)) s = text::trim(s.substr(w.size()));
  }
  const auto space = s.find(' ');
  const auto goal = amount(s.substr(0, space));
  if (!goal) return {{ctx.say("requests.donate.usage")}};
  donation_drive d;
  d.chat = ctx.message.chat;
  d.goal_cents = *goal;
  d.title = space == std::string_view::npos ? ctx.say("requests.donate.default_title")
                                            : std::string(text::trim(s.substr(space)));
  d.opened_ms = ctx.now_ms();
  d.id = ctx.store.insert_drive(d);
  return {{ctx.say("requests.donate.opened",
                   {{"title", d.title}, {"goal", format_cents(d.goal_cents)}})}};
}

}  // namespace

void add_donation_handlers(dispatcher& d) {
  d.add({.name = "donate",
         .aliases = {"捐款目标", "募捐"},
         .summary = "requests.summary.donate",
         .run = donate_command});
  for (const char* word : {"捐款", "捐", "我也捐", "我捐", "我家捐", "我们家捐", "再捐"})
    d.add(keyword{word, std::string(kinds::donation), on_donate, priority::donations});
}

}  // namespace linli::handlers
