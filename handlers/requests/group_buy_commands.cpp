#include "handlers/requests/group_buy_commands.hpp"

#include <map>

#include "handlers/core/dispatcher.hpp"
#include "handlers/core/local_time.hpp"
#include "handlers/core/subcommands.hpp"
#include "handlers/requests/order_reader.hpp"
#include "handlers/requests/requests.hpp"
#include "handlers/text/address.hpp"
#include "handlers/text/money.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

struct building_total {
  std::int64_t quantity = 0;
  std::vector<const group_buy_order*> orders;
};

std::map<std::string, building_total> by_building(const std::vector<group_buy_order>& orders) {
  std::map<std::string, building_total> out;
  for (const auto& o : orders) {
    if (o.quantity <= 0) continue;
    auto& b = out[o.where ? o.where->building : std::string()];
    b.quantity = text::saturating_add(b.quantity, o.quantity);
    b.orders.push_back(&o);
  }
  return out;
}

std::string building_label(const std::string& building, storage::language lang) {
  if (building.empty()) return message(lang, "requests.no_address");
  return message(lang, "requests.buy.building", {{"building", building}});
}

std::string running_tally(const context& ctx, const group_buy& g,
                          const std::vector<group_buy_order>& orders) {
  std::vector<std::string> buildings;
  std::int64_t total = 0;
  for (const auto& [building, b] : by_building(orders)) {
    buildings.push_back(building_label(building, ctx.settings.lang) + " " +
                        std::to_string(b.quantity) + g.unit);
    total = text::saturating_add(total, b.quantity);
  }
  return ctx.say("requests.buy.tally",
                 {{"title", g.title},
                  {"buildings", text::join(buildings, ctx.say("requests.buy.separator"))},
                  {"total", std::to_string(total)},
                  {"unit", g.unit},
                  {"amount", format_cents(text::saturating_mul(total, g.unit_price_cents))}});
}

std::optional<replies> join(context& ctx, group_buy& g, std::optional<address> where,
                            std::int64_t quantity, bool add) {
  if (g.deadline_ms && ctx.now_ms() >= *g.deadline_ms) {
    return replies{
        {ctx.say("requests.buy.closed",
                 {{"title", g.title},
                  {"when", describe_deadline(*g.deadline_ms, ctx.now_ms(), ctx.zone())}})}};
  }
  if (!where) where = ctx.store.load_address(ctx.message.chat, ctx.message.from.id);
  const std::string key = where ? household(where, ctx.settings.lang) : "@" + ctx.message.from.id;
  auto orders = ctx.store.group_buy_orders(g.id);
  std::int64_t before = 0;
  for (const auto& o : orders) {
    if (o.household == key) before = o.quantity;
  }
  group_buy_order order{key,
                        where,
                        ctx.message.from.id,
                        ctx.message.from.name,
                        add ? before + quantity : quantity,
                        ctx.now_ms()};
  if (order.quantity < 0) order.quantity = 0;
  ctx.store.save_group_buy_order(g.id, order);
  orders = ctx.store.group_buy_orders(g.id);
  std::string out = ctx.say("requests.buy.ordered",
                            {{"who", where ? key : ctx.message.from.name},
                             {"quantity", std::to_string(order.quantity)},
                             {"unit", g.unit},
                             {"amount", format_cents(order.quantity * g.unit_price_cents)},
                             {"tally", running_tally(ctx, g, orders)}});
  if (!where) out += ctx.say("requests.buy.no_address");
  return replies{{out}};
}

// An order read off a message for a given buy: who, how many, and whether it adds to theirs.
struct plain_order {
  std::optional<address> where;
  std::int64_t quantity = 0;
  bool add = false;
};

// "+2", "＋2份", "3-1-201 2份", "3-1-201 蔬菜包 2份" as an order for the buy g.
std::optional<plain_order> read_plain_order(std::string_view f, const group_buy& g) {
  const bool plus = f.starts_with("+") || f.starts_with("-");
  std::string_view rest = f;
  plain_order out;
  if (!plus) {
    const auto a = text::find_address(f);
    if (!a || a->begin != 0) return std::nullopt;
    out.where = a->value;
    rest = text::trim(rest.substr(a->end));
    if (rest.starts_with(text::fold(g.title)))
      rest = text::trim(rest.substr(text::fold(g.title).size()));
    if (rest.starts_with("+")) rest.remove_prefix(1);
  }
  int sign = 1;
  if (plus) {
    sign = rest.starts_with("-") ? -1 : 1;
    rest.remove_prefix(1);
  }
  const auto n = text::read_number(rest);
  if (!n || n->value > 10'000) return std::nullopt;
  rest = text::trim(rest.substr(n->length));
  if (rest.starts_with(text::fold(g.unit)))
    rest = text::trim(rest.substr(text::fold(g.unit).size()));
  if (!rest.empty()) return std::nullopt;  // more words: not a bare order
  out.quantity = sign * n->value;
  out.add = plus;
  return out;
}

// Any order form for the buy g: the plain ones, then those of handlers/requests/order_reader.hpp
// (我要一份 18-2-1903, 两份 5栋1201, 再加2份).
std::optional<plain_order> read_any_order(const context& ctx, const group_buy& g) {
  const std::string f = text::fold(text::trim(ctx.args));
  if (f.empty() || f.size() > 200) return std::nullopt;
  if (auto plain = read_plain_order(f, g)) return plain;
  const auto order = read_order(f, text::fold(g.title), text::fold(g.unit));
  if (!order) return std::nullopt;
  return plain_order{order->where, order->quantity, order->add};
}

std::optional<replies> on_order(context& ctx) {
  auto g = ctx.store.open_group_buy(ctx.message.chat);
  if (!g) return std::nullopt;
  const auto order = read_any_order(ctx, *g);
  if (!order) return std::nullopt;
  return join(ctx, *g, order->where, order->quantity, order->add);
}

// Whether a short message withdraws its writer's order: "我的那份不要了", "取消订单", "不订了".
// A question ("还要吗？") is not.
bool says_withdraw(std::string_view f) {
  if (f.empty() || f.size() > 120) return false;
  for (std::string_view question : {"?", "吗", "谁"}) {
    if (f.find(question) != std::string_view::npos) return false;
  }
  for (std::string_view phrase :
       {"不要了", "取消订单", "取消我的订单", "订单取消", "不订了", "不买了", "退单", "那份取消"}) {
    if (f.find(phrase) != std::string_view::npos) return true;
  }
  return false;
}

// The writer's orders in the open buy go to nothing; answered with what was withdrawn. Someone
// with no order saying 不要了 is chatter.
std::optional<replies> on_withdraw(context& ctx) {
  auto g = ctx.store.open_group_buy(ctx.message.chat);
  if (!g || !says_withdraw(text::fold(text::trim(ctx.args)))) return std::nullopt;
  std::vector<std::string> who;
  std::int64_t withdrawn = 0;
  for (group_buy_order o : ctx.store.group_buy_orders(g->id)) {
    if (o.sender_id != ctx.message.from.id || o.quantity <= 0) continue;
    who.push_back(o.where ? o.household : ctx.message.from.name);
    withdrawn = text::saturating_add(withdrawn, o.quantity);
    o.quantity = 0;
    o.updated_ms = ctx.now_ms();
    ctx.store.save_group_buy_order(g->id, o);
  }
  if (who.empty()) return std::nullopt;
  return replies{{ctx.say("requests.buy.withdrawn",
                          {{"who", text::join(who, ctx.say("requests.buy.separator"))},
                           {"quantity", std::to_string(withdrawn)},
                           {"unit", g->unit},
                           {"title", g->title},
                           {"tally", running_tally(ctx, *g, ctx.store.group_buy_orders(g->id))}})}};
}

// How long after it was opened a closed buy still answers late orders: a +1 the morning after
// deserves "it closed", not silence (or a need for an item "我").
constexpr std::int64_t late_window_ms = 2 * 86'400'000;

// The newest buy of the chat opened in the late window that is closed (or past its deadline),
// when no buy is open.
std::optional<group_buy> recently_closed(context& ctx) {
  if (ctx.store.open_group_buy(ctx.message.chat)) return std::nullopt;
  const std::int64_t now = ctx.now_ms();
  auto buys = ctx.store.group_buys(ctx.message.chat, now - late_window_ms);
  for (auto it = buys.rbegin(); it != buys.rend(); ++it) {
    if (it->closed || (it->deadline_ms && *it->deadline_ms <= now)) return *it;
  }
  return std::nullopt;
}

// Whether the text holds a digit or a Chinese numeral.
bool has_count(std::string_view s) {
  constexpr std::u32string_view numerals = U"一二两三四五六七八九十";
  bool found = false;
  utf8::for_each(s, [&](char32_t cp, std::size_t, std::size_t) {
    found = found || (cp >= U'0' && cp <= U'9') || (cp >= U'０' && cp <= U'９') ||
            numerals.find(cp) != std::u32string_view::npos;
  });
  return found;
}

// An order for a buy that has closed: answered, so the household knows it is not on the sheet.
std::optional<replies> on_late_order(context& ctx) {
  // Every order form has a count (+1, 2份, 我也要一份): without one, no lookup is needed.
  if (!has_count(ctx.args)) return std::nullopt;
  const auto g = recently_closed(ctx);
  if (!g || !read_any_order(ctx, *g)) return std::nullopt;
  return replies{{ctx.say("requests.buy.closed_already", {{"title", g->title}})}};
}

struct unit_price {
  std::int64_t cents;
  std::string unit;
  std::size_t begin, end;  // where the price is written in the text
};

// The price per unit in folded text: "68元/份" (also "68/份") or "每份68元".
std::optional<unit_price> find_unit_price(std::string_view f) {
  constexpr std::string_view each = "每";
  for (std::size_t pos = 0; pos < f.size(); pos += utf8::decode_at(f, pos).length) {
    const std::string_view rest = f.substr(pos);
    std::size_t length = 0;
    if (rest.starts_with(each)) {
      // 每份68元: the unit runs up to the amount.
      const std::string_view after = rest.substr(each.size());
      std::size_t unit = 0;
      while (unit < after.size() && !std::isdigit(static_cast<unsigned char>(after[unit])) &&
             after[unit] != ' ' && !after.substr(unit).starts_with("\u00A5")) {
        unit += utf8::decode_at(after, unit).length;
      }
      if (unit == 0 || unit > 12) continue;
      if (const auto cents = text::read_money(after.substr(unit), length)) {
        return unit_price{*cents, std::string(after.substr(0, unit)), pos,
                          pos + each.size() + unit + length};
      }
      continue;
    }
    if (pos > 0 && std::isdigit(static_cast<unsigned char>(f[pos - 1]))) continue;
    // 68元/份: the amount, a slash, and the unit up to the next space.
    const auto cents = text::read_money(rest, length, true);
    if (!cents || !rest.substr(length).starts_with("/")) continue;
    std::string_view unit = rest.substr(length + 1);
    unit = utf8::truncate(unit.substr(0, unit.find(' ')), 12);
    if (unit.empty()) continue;
    return unit_price{*cents, std::string(unit), pos, pos + length + 1 + unit.size()};
  }
  return std::nullopt;
}

// "蔬菜包 68元/份 截止18:00" -> a group buy; nullopt if no price per unit is given.
std::optional<group_buy> parse_group_buy(const context& ctx, std::string_view args) {
  const std::string f = text::fold(args);
  const auto price = find_unit_price(f);
  if (!price) return std::nullopt;
  group_buy g;
  g.unit = price->unit;
  g.unit_price_cents = price->cents;
  g.title = std::string(text::trim(std::string_view(f).substr(0, price->begin)));
  if (g.title.empty()) return std::nullopt;
  if (const auto cut = f.find("截止", price->end); cut != std::string::npos) {
    if (const auto t = parse_clock(
            text::trim(std::string_view(f).substr(cut + std::string_view("截止").size())))) {
      g.deadline_ms = next_local_time(*t, ctx.now_ms(), ctx.zone());
    }
  }
  g.chat = ctx.message.chat;
  g.opened_ms = ctx.now_ms();
  return g;
}

// /团购 alone: the open buy's running tally.
replies show_buy(context& ctx) {
  const auto open = ctx.store.open_group_buy(ctx.message.chat);
  if (!open) return {{ctx.say("requests.buy.none")}};
  return {{running_tally(ctx, *open, ctx.store.group_buy_orders(open->id))}};
}

// /团购 结束: closes the open buy and posts its order sheet.
replies close_buy(context& ctx, std::string_view) {
  auto open = ctx.store.open_group_buy(ctx.message.chat);
  if (!open) return {{ctx.say("requests.buy.none")}};
  ctx.store.close_group_buy(open->id);
  open->closed = true;
  return {{render_order_sheet(*open, ctx.store.group_buy_orders(open->id), ctx.settings.lang)}};
}

// /团购 蔬菜包 68元/份 截止18:00: opens a buy, when none is open.
replies open_buy(context& ctx, std::string_view args) {
  if (!ctx.is_coordinator()) return {{ctx.say("requests.buy.coordinators_only")}};
  if (const auto open = ctx.store.open_group_buy(ctx.message.chat)) {
    return {{ctx.say("requests.buy.already_open", {{"title", open->title}})}};
  }
  auto g = parse_group_buy(ctx, args);
  if (!g) return {{ctx.say("requests.buy.usage")}};
  g->id = ctx.store.insert_group_buy(*g);
  const std::string price = format_cents(g->unit_price_cents);
  if (!g->deadline_ms) {
    return {{ctx.say("requests.buy.opened",
                     {{"title", g->title}, {"price", price}, {"unit", g->unit}})}};
  }
  return {{ctx.say("requests.buy.opened.deadline",
                   {{"title", g->title},
                    {"price", price},
                    {"unit", g->unit},
                    {"when", describe_deadline(*g->deadline_ms, ctx.now_ms(), ctx.zone())}})}};
}

subcommands buy_table() {
  return subcommands{"buy",
                     {{{"close", "结束", "截止", "关闭"}, role::coordinator, close_buy}},
                     [](context& ctx, std::string_view args) {
                       return text::trim(args).empty() ? show_buy(ctx) : open_buy(ctx, args);
                     },
                     [](context& ctx, const subcommand&) {
                       return replies{{ctx.say("requests.buy.coordinators_only")}};
                     }};
}

}  // namespace

std::string render_order_sheet(const group_buy& g, const std::vector<group_buy_order>& orders,
                               storage::language lang) {
  std::string out =
      message(lang, "requests.sheet.title",
              {{"title", g.title}, {"price", format_cents(g.unit_price_cents)}, {"unit", g.unit}});
  std::int64_t total = 0;
  int households = 0;
  for (const auto& [building, b] : by_building(orders)) {
    out += message(lang, "requests.sheet.building",
                   {{"building", building_label(building, lang)},
                    {"quantity", std::to_string(b.quantity)},
                    {"unit", g.unit},
                    {"amount", format_cents(b.quantity * g.unit_price_cents)}});
    for (const auto* o : b.orders) {
      out +=
          message(lang, "requests.sheet.order",
                  {{"household", o->where ? o->household : o->sender_name},
                   {"quantity", std::to_string(o->quantity)},
                   {"unit", g.unit},
                   {"amount", format_cents(text::saturating_mul(o->quantity, g.unit_price_cents))},
                   {"name", o->sender_name}});
      ++households;
    }
    total = text::saturating_add(total, b.quantity);
  }
  return out + message(lang, "requests.sheet.total",
                       {{"quantity", std::to_string(total)},
                        {"unit", g.unit},
                        {"amount", format_cents(text::saturating_mul(total, g.unit_price_cents))},
                        {"households", std::to_string(households)}});
}

void add_group_buy_handlers(dispatcher& d) {
  d.add(
      {.name = "buy", .aliases = {"团购"}, .summary = "requests.summary.buy", .run = buy_table()});
  d.add(parser{std::string(kinds::group_buy_order), on_order, priority::group_buys});
  d.add(parser{std::string(kinds::group_buy_late), on_late_order, priority::group_buys});
  d.add(parser{std::string(kinds::group_buy_withdraw), on_withdraw, priority::group_buys});
}

}  // namespace linli::handlers
