#include "handlers/requests/request_commands.hpp"

#include <map>
#include <string_view>

#include "handlers/core/dispatcher.hpp"
#include "handlers/offers/offer_commands.hpp"
#include "handlers/requests/address_followup.hpp"
#include "handlers/requests/duplicates.hpp"
#include "handlers/requests/request_parser.hpp"
#include "handlers/requests/request_steps.hpp"
#include "handlers/requests/requests.hpp"
#include "handlers/text/address.hpp"
#include "handlers/text/money.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {
namespace {

// The same household asking for the same item within this window is flagged as a possible repeat.
constexpr std::int64_t duplicate_window_ms = 6 * 3'600'000;

std::optional<replies> on_request(context& ctx) {
  const auto parsed = parse_request(ctx.args);
  if (!parsed) return std::nullopt;
  supply_request r;
  r.chat = ctx.message.chat;
  r.requester_id = ctx.message.from.id;
  r.requester_name = ctx.message.from.name;
  apply_parsed(ctx, *parsed, r);
  r.text = std::string(ctx.args);
  r.message_id = ctx.message.delivery_id;
  r.created_ms = r.updated_ms = ctx.now_ms();

  // Kept and flagged, never merged or dropped: the resident decides.
  r.duplicate_of = find_possible_duplicate(ctx.store, r, r.created_ms - duplicate_window_ms);
  r.id = ctx.store.insert_request(r);

  const std::string number = std::to_string(r.number);
  std::string out =
      ctx.say("requests.logged", {{"request", describe(r, ctx.settings.lang)}, {"number", number}});
  if (!r.where) out += ctx.say("requests.logged.no_address");
  if (text::has_money_past_cap(text::fold(ctx.args))) {
    out += ctx.say("requests.logged.amount_past_cap", {{"cap", format_cents(text::max_cents)}});
  }
  if (r.duplicate_of) {
    out += ctx.say("requests.logged.duplicate",
                   {{"original", std::to_string(*r.duplicate_of)}, {"number", number}});
  }
  out += match_new_need(ctx, r);  // a neighbour's open offer of the same item
  return replies{{out}};
}

// A chat reply lists this many open needs at most, the most pressing first: a list longer than a
// phone's screen goes unread, and a group with hundreds open has the dashboard for all of them.
constexpr std::size_t open_page_size = 20;

// /requests [page]: the page's number when the arguments are one (2, 第2页), else the first.
std::size_t requested_page(std::string_view args) {
  std::string_view f = text::trim(args);
  if (f.starts_with("第")) f.remove_prefix(std::string_view("第").size());
  if (f.ends_with("页")) f.remove_suffix(std::string_view("页").size());
  const auto n = text::read_number(f);
  if (!n || n->length != f.size() || n->value < 1 || n->value > 10'000) return 1;
  return static_cast<std::size_t>(n->value);
}

// The page of the chat's open needs, most pressing first (board_sort::pressing), read in SQL: a
// chat with hundreds open reads only the page's rows.
storage::request_page open_page(context& ctx, std::size_t page) {
  board_query q;
  q.open_only = true;
  q.sort = board_sort::pressing;
  q.offset = static_cast<int>((page - 1) * open_page_size);
  q.limit = static_cast<int>(open_page_size);
  return ctx.store.board_requests(ctx.message.chat, q);
}

replies list_open(context& ctx) {
  std::size_t page = requested_page(text::fold(ctx.args));
  storage::request_page open = open_page(ctx, page);
  if (open.total == 0) return {{ctx.say("requests.open.none")}};
  const std::size_t pages =
      (static_cast<std::size_t>(open.total) + open_page_size - 1) / open_page_size;
  if (page > pages) open = open_page(ctx, page = pages);  // past the end: the last
  std::string out = ctx.say("requests.open.title");
  for (const supply_request& r : open.requests) {
    out += "\n" + describe(r, ctx.settings.lang) + "｜" + status_label(ctx, r.status);
    if (r.claimed_by_name) out += " " + *r.claimed_by_name;
  }
  if (pages > 1) {
    out += ctx.say("requests.open.page", {{"page", std::to_string(page)},
                                          {"pages", std::to_string(pages)},
                                          {"total", std::to_string(open.total)}});
    if (page < pages) {
      out += ctx.say("requests.open.next", {{"next", std::to_string(page + 1)}});
    }
  }
  return {{out}};
}

std::optional<replies> on_register_address(context& ctx) {
  const auto a = text::find_address(ctx.args);
  if (!a) return std::nullopt;
  ctx.store.save_address(ctx.message.chat, ctx.message.from.id, a->value);
  return replies{
      {ctx.say("requests.address.saved", {{"household", household(a->value, ctx.settings.lang)}})}};
}

replies addr_command(context& ctx) {
  if (auto r = on_register_address(ctx)) return *r;
  return {{ctx.say("requests.address.usage")}};
}

replies tally_command(context& ctx) {
  const std::string by = ctx.args.empty() ? "building" : text::fold(ctx.args);
  static const std::map<std::string, std::string> aliases = {{"楼栋", "building"},
                                                             {"楼", "building"},
                                                             {"物品", "item"},
                                                             {"类别", "category"},
                                                             {"分类", "category"}};
  const auto alias = aliases.find(by);
  const auto result =
      tally(ctx.store, ctx.message.chat, alias != aliases.end() ? alias->second : by);
  if (!result) {
    return {{ctx.say("requests.tally.usage")}};
  }
  return {{render_tally(*result, ctx.settings.lang)}};
}

}  // namespace

std::optional<replies> log_need(context& ctx) {
  return on_request(ctx);
}

void add_request_handlers(dispatcher& d) {
  d.add({.name = "requests",
         .aliases = {"需求", "待办"},
         .summary = "requests.summary.requests",
         .run = list_open});
  d.add({.name = "addr",
         .aliases = {"地址"},
         .summary = "requests.summary.addr",
         .run = addr_command});
  d.add({.name = "tally",
         .aliases = {"统计"},
         .summary = "requests.summary.tally",
         .need = role::coordinator,
         .run = tally_command});
  d.add(keyword{"需求", std::string(kinds::command),
                [](context& ctx) -> std::optional<replies> {
                  if (!ctx.args.empty()) return std::nullopt;
                  return list_open(ctx);
                },
                priority::requests});
  add_request_steps(d);  // 认领 #5, 已买 #5, 已送 #5, 取消 #5, 派 #5, 改 #5
  for (const char* word : {"我家是", "我家住", "我住在", "我住"}) {
    d.add(keyword{word, std::string(kinds::address), on_register_address, priority::requests});
  }
  d.add(parser{std::string(kinds::request), on_request, priority::requests});
  add_address_followup(d);  // after the need parser: "3-2-501" alone completes a pending need
}

}  // namespace linli::handlers
