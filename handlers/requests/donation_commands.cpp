#include "handlers/requests/donation_commands.hpp"

#include <set>

#include "handlers/core/dispatcher.hpp"
#include "handlers/requests/request_parser.hpp"
#include "handlers/requests/requests.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {
namespace {

// "200", "200元", "¥200", "200.5块": a positive amount in cents, and nothing else.
std::optional<std::int64_t> amount(std::string_view args) {
  const std::string f = text::fold(text::trim(args));
  std::size_t length = 0;
  const auto cents = read_money(f, length, true);
  if (!cents || *cents <= 0 || !text::trim(std::string_view(f).substr(length)).empty()) {
    return std::nullopt;
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
    t.cents += d.cents;
    donors.insert(d.sender_id);
  }
  t.donors = donors.size();
  return t;
}

std::string progress(const context& ctx, const donation_drive& d, const totals& t) {
  return ctx.tr("已筹 ¥", "raised ¥") + format_cents(t.cents) + " / ¥" +
         format_cents(d.goal_cents) + ctx.tr("（", " (") + std::to_string(t.donors) +
         ctx.tr(" 人）", " donors)");
}

std::optional<replies> on_donate(context& ctx) {
  const auto cents = amount(ctx.args);
  if (!cents) return std::nullopt;  // "捐款的事明天说" is chatter
  const auto drive = ctx.store.current_drive(ctx.message.chat);
  if (!drive) {
    return replies{{ctx.tr("目前没有募捐。谢谢您的心意！已记下这条消息，协调员会看到。",
                           "No donation drive is open. Thank you! Your message is kept for the "
                           "coordinators.")}};
  }
  const totals before = sum(ctx.store.donations(drive->id));
  ctx.store.add_donation(drive->id, {ctx.message.from.id, ctx.message.from.name, *cents,
                                     ctx.now_ms(), ctx.message.delivery_id});
  const totals after = sum(ctx.store.donations(drive->id));
  std::string out = ctx.tr("🙏 感谢 ", "🙏 Thank you ") + ctx.message.from.name +
                    ctx.tr(" 捐款 ¥", " for ¥") + format_cents(*cents) + ctx.tr("。", ". ");
  if (before.cents < drive->goal_cents && after.cents >= drive->goal_cents) {
    out += ctx.tr("🎉 已够，感谢大家！「", "🎉 Goal reached, thank you all! \"") + drive->title +
           ctx.tr("」目标达成：", "\": ") + progress(ctx, *drive, after) +
           ctx.tr("。之后的捐款也会如实记录。", ". Anything more is recorded just the same.");
  } else if (before.cents >= drive->goal_cents) {
    out += ctx.tr("目标已达成，超出部分如实记录：", "The goal was already reached; recorded: ") +
           progress(ctx, *drive, after) + ctx.tr("。", ".");
  } else {
    out += progress(ctx, *drive, after) + ctx.tr("。", ".");
  }
  return replies{{out}};
}

replies donate_command(context& ctx) {
  const auto drive = ctx.store.current_drive(ctx.message.chat);
  if (ctx.args.empty()) {
    if (!drive) return {{ctx.tr("目前没有募捐。", "No donation drive is open.")}};
    return {
        {"「" + drive->title + "」" + progress(ctx, *drive, sum(ctx.store.donations(drive->id)))}};
  }
  if (!ctx.is_coordinator()) {
    return {{ctx.tr("只有协调员可以设置募捐目标。", "Only coordinators set a donation goal.")}};
  }
  // "/donate 5000 防疫物资" or "/捐款 目标 5000元 防疫物资"
  std::string f = text::fold(ctx.args);
  std::string_view s = f;
  for (std::string_view w : {"目标", "goal"}) {
    if (s.starts_with(w)) s = text::trim(s.substr(w.size()));
  }
  const auto space = s.find(' ');
  const auto goal = amount(s.substr(0, space));
  if (!goal) return {{ctx.tr("用法：/捐款 5000 防疫物资", "Usage: /donate 5000 title")}};
  donation_drive d;
  d.chat = ctx.message.chat;
  d.goal_cents = *goal;
  d.title = space == std::string_view::npos ? std::string(ctx.tr("募捐", "Donations"))
                                            : std::string(text::trim(s.substr(space)));
  d.opened_ms = ctx.now_ms();
  d.id = ctx.store.insert_drive(d);
  return {{ctx.tr("💝 募捐「", "💝 Donation drive \"") + d.title +
           ctx.tr("」开始，目标 ¥", "\", goal ¥") + format_cents(d.goal_cents) +
           ctx.tr("。发「捐 200」即可登记。", ". Post 捐 200 to give.")}};
}

}  // namespace

void add_donation_handlers(dispatcher& d) {
  d.add({.name = "donate",
         .aliases = {"捐款目标", "募捐"},
         .summary_zh = "募捐：/募捐 5000 防疫物资 设目标；/募捐 查看进度",
         .summary_en = "donations: /donate 5000 TITLE sets a goal; /donate shows progress",
         .run = donate_command});
  for (const char* word : {"捐款", "捐"})
    d.add(keyword{word, std::string(kinds::donation), on_donate, priority::donations});
}

}  // namespace linli::handlers
