#include "handlers/offers/offer_commands.hpp"

#include <algorithm>

#include "handlers/core/dispatcher.hpp"
#include "handlers/offers/offer_reader.hpp"
#include "handlers/offers/offers.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {
namespace {

// "#3" at the start of the args; nullopt without '#' or a plausible number.
std::optional<int> offer_ref(std::string_view args) {
  const std::string folded = text::fold(text::trim(args));
  if (!folded.starts_with("#")) return std::nullopt;
  const auto n = text::read_number(std::string_view(folded).substr(1));
  if (!n || n->value < 1 || n->value > 10'000'000) return std::nullopt;
  return static_cast<int>(n->value);
}

bool active(const offer& o) {
  return o.status == offer_status::open || o.status == offer_status::matched;
}

bool may_change(const context& ctx, const offer& o) {
  return o.offerer_id == ctx.message.from.id || ctx.is_coordinator();
}

std::string status_label(const context& ctx, offer_status s) {
  return ctx.say("offers.status." + std::string(to_string(s)));
}

std::string number_of(int n) {
  return std::to_string(n);
}

std::string match_line(const context& ctx, const offer& o, const supply_request& r) {
  return ctx.say("offers.matched", {{"offer", number_of(o.number)},
                                    {"giver", party(o.where, o.offerer_name, ctx.settings.lang)},
                                    {"request", number_of(r.number)},
                                    {"taker", party(r.where, r.requester_name, ctx.settings.lang)},
                                    {"items", offer_items_text(o)}});
}

// Matched offers whose need was cancelled or delivered another way are open again (a need in a
// volunteer's hands, claimed or bought, keeps its offer).
void release_stale(context& ctx) {
  for (offer& o : ctx.store.offers_in(ctx.message.chat, offer_status::matched)) {
    const auto r = o.matched_request ? ctx.store.find_request(ctx.message.chat, *o.matched_request)
                                     : std::nullopt;
    if (r && r->status != request_status::cancelled && r->status != request_status::delivered) {
      continue;
    }
    o.status = offer_status::open;
    o.matched_request.reset();
    o.updated_ms = ctx.now_ms();
    ctx.store.update_offer(o);
  }
}

// Matches an open offer to the oldest open need of its items, if any: the line saying so.
std::string match_offer(context& ctx, offer& o) {
  const auto needs = ctx.store.list_requests(ctx.message.chat);
  const auto matched = ctx.store.offers_in(ctx.message.chat, offer_status::matched);
  const supply_request* need = need_for(o, needs, matched);
  if (!need) return {};
  o.status = offer_status::matched;
  o.matched_request = need->number;
  o.updated_ms = ctx.now_ms();
  ctx.store.update_offer(o);
  return match_line(ctx, o, *need);
}

// Logs what `parsed` (read off `text`) gives as the sender's offer and matches it: the reply.
std::string log_parsed(context& ctx, parsed_offer parsed, std::string_view text) {
  offer o;
  o.chat = ctx.message.chat;
  o.offerer_id = ctx.message.from.id;
  o.offerer_name = ctx.message.from.name;
  o.where =
      parsed.where ? parsed.where : ctx.store.load_address(ctx.message.chat, ctx.message.from.id);
  o.items = std::move(parsed.items);
  o.category = parsed.category;
  o.text = std::string(text);
  o.message_id = ctx.message.delivery_id;
  o.created_ms = o.updated_ms = ctx.now_ms();
  ctx.store.insert_offer(o);
  release_stale(ctx);
  std::string out = ctx.say("offers.logged", {{"offer", describe(o, ctx.settings.lang)},
                                              {"number", number_of(o.number)}});
  out += match_offer(ctx, o);
  return out;
}

std::optional<replies> on_offer(context& ctx) {
  auto parsed = parse_offer(ctx.args);
  if (!parsed) return std::nullopt;
  // A reply in a thread that names nothing (我有,下来拿) is understood, and nothing is logged:
  // there is no item to match.
  if (parsed->items.empty()) return replies{};
  return replies{{log_parsed(ctx, std::move(*parsed), ctx.args)}};
}

// Looks up the offer the args name (#N) and runs `act` on it; answers for a missing number.
template <class Act>
std::optional<replies> with_offer(context& ctx, Act act) {
  const auto n = offer_ref(ctx.args);
  if (!n) return std::nullopt;
  auto o = ctx.store.find_offer(ctx.message.chat, *n);
  if (!o) return replies{{ctx.say("offers.no_offer", {{"number", number_of(*n)}})}};
  return act(*o);
}

// Why the offer may not be changed by this sender, or nullopt when it may.
std::optional<replies> refusal(const context& ctx, const offer& o) {
  if (!may_change(ctx, o)) {
    return replies{{ctx.say("offers.refused.not_offerer",
                            {{"number", number_of(o.number)}, {"offerer", o.offerer_name}})}};
  }
  if (!active(o)) {
    return replies{{ctx.say("offers.refused.done", {{"number", number_of(o.number)},
                                                    {"status", status_label(ctx, o.status)}})}};
  }
  return std::nullopt;
}

replies save(context& ctx, offer& o, std::string answer) {
  o.updated_ms = ctx.now_ms();
  ctx.store.update_offer(o);
  return {{std::move(answer)}};
}

// 已给 #3: handed over; the matched need is delivered with it.
std::optional<replies> on_given(context& ctx) {
  if (!offer_ref(ctx.args)) {
    if (!text::trim(ctx.args).empty()) return std::nullopt;
    return replies{{ctx.say("offers.usage.given")}};
  }
  return with_offer(ctx, [&](offer& o) -> replies {
    if (auto no = refusal(ctx, o)) return *no;
    o.status = offer_status::given;
    const std::string number = number_of(o.number);
    if (o.matched_request) {
      if (auto r = ctx.store.find_request(ctx.message.chat, *o.matched_request);
          r && r->status != request_status::cancelled && r->status != request_status::delivered) {
        r->status = request_status::delivered;
        if (!r->claimed_by) {
          r->claimed_by = o.offerer_id;
          r->claimed_by_name = o.offerer_name;
        }
        r->updated_ms = ctx.now_ms();
        ctx.store.update_request(*r);
        return save(
            ctx, o,
            ctx.say("offers.given.need", {{"number", number}, {"request", number_of(r->number)}}));
      }
    }
    return save(ctx, o, ctx.say("offers.given", {{"number", number}}));
  });
}

replies withdraw(context& ctx, offer& o) {
  if (auto no = refusal(ctx, o)) return *no;
  const auto need = o.matched_request;
  o.status = offer_status::withdrawn;
  const std::string number = number_of(o.number);
  if (need) {
    return save(
        ctx, o,
        ctx.say("offers.withdrawn.need", {{"number", number}, {"request", number_of(*need)}}));
  }
  return save(ctx, o, ctx.say("offers.withdrawn", {{"number", number}}));
}

// 撤回 #3 withdraws offer #3 when the sender offered it and it is still open or matched;
// otherwise the words are the requests' (撤回 #3 withdraws the sender's own request #3).
std::optional<replies> on_withdraw(context& ctx) {
  const auto n = offer_ref(ctx.args);
  if (!n) return std::nullopt;
  auto o = ctx.store.find_offer(ctx.message.chat, *n);
  if (!o || o->offerer_id != ctx.message.from.id || !active(*o)) return std::nullopt;
  return withdraw(ctx, *o);
}

// 撤回互助 #3: says it is the offer, whoever asks.
std::optional<replies> on_withdraw_offer(context& ctx) {
  return with_offer(ctx, [&](offer& o) { return withdraw(ctx, o); });
}

// 不需要了 [#N]: from the household a matched offer was for, their need is cancelled and the
// offer is open again (and matched to the next need, if any); from the offerer, the offer
// (#N, or their latest still open) is withdrawn.
std::optional<replies> on_no_longer_needed(context& ctx) {
  const auto n = offer_ref(ctx.args);
  if (!n && !text::trim(ctx.args).empty()) return std::nullopt;
  auto matched = ctx.store.offers_in(ctx.message.chat, offer_status::matched);
  for (auto it = matched.rbegin(); it != matched.rend(); ++it) {
    if (n && it->number != *n) continue;
    if (!it->matched_request) continue;
    auto r = ctx.store.find_request(ctx.message.chat, *it->matched_request);
    if (!r || r->requester_id != ctx.message.from.id) continue;
    r->status = request_status::cancelled;
    r->updated_ms = ctx.now_ms();
    ctx.store.update_request(*r);
    offer o = *it;
    o.status = offer_status::open;
    o.matched_request.reset();
    std::string out = ctx.say("offers.released",
                              {{"request", number_of(r->number)}, {"number", number_of(o.number)}});
    o.updated_ms = ctx.now_ms();
    ctx.store.update_offer(o);
    out += match_offer(ctx, o);
    return replies{{out}};
  }
  if (n) return with_offer(ctx, [&](offer& o) { return withdraw(ctx, o); });
  std::optional<offer> latest;
  for (offer_status s : {offer_status::open, offer_status::matched}) {
    for (offer& o : ctx.store.offers_in(ctx.message.chat, s)) {
      if (o.offerer_id == ctx.message.from.id && (!latest || o.number > latest->number)) latest = o;
    }
  }
  if (!latest) return std::nullopt;
  return withdraw(ctx, *latest);
}

replies list_open(context& ctx) {
  release_stale(ctx);
  const auto open = ctx.store.offers_in(ctx.message.chat, offer_status::open);
  if (open.empty()) return {{ctx.say("offers.open.none")}};
  std::string out = ctx.say("offers.open.title");
  for (const offer& o : open) out += "\n" + describe(o, ctx.settings.lang);
  return paginate(out);
}

}  // namespace

std::string match_new_need(context& ctx, const supply_request& r) {
  release_stale(ctx);
  const auto open = ctx.store.offers_in(ctx.message.chat, offer_status::open);
  const offer* found = offer_for(r, open);
  if (!found) return {};
  offer o = *found;
  o.status = offer_status::matched;
  o.matched_request = r.number;
  o.updated_ms = ctx.now_ms();
  ctx.store.update_offer(o);
  return match_line(ctx, o, r);
}

std::optional<replies> log_offer(context& ctx) {
  return on_offer(ctx);
}

std::string log_shared_line(context& ctx, std::string_view line) {
  auto parsed = parse_offer(line, true);
  if (!parsed || parsed->items.empty()) return {};
  return log_parsed(ctx, std::move(*parsed), line);
}

void add_offer_handlers(dispatcher& d) {
  d.add({.name = "offers",
         .aliases = {"互助"},
         .summary = "offers.summary.offers",
         .run = list_open});
  d.add(keyword{"互助", std::string(kinds::command),
                [](context& ctx) -> std::optional<replies> {
                  if (!ctx.args.empty()) return std::nullopt;
                  return list_open(ctx);
                },
                priority::offers});
  // Chinese first; the English words serve chats that switched with /lang en.
  for (const char* word : {"已给", "给了", "given"})
    d.add(keyword{word, std::string(kinds::offer_given), on_given, priority::offers});
  for (const char* word : {"撤回互助", "取消互助"})
    d.add(keyword{word, std::string(kinds::offer_withdraw), on_withdraw_offer, priority::offers});
  for (const char* word : {"撤回", "withdraw"})
    d.add(keyword{word, std::string(kinds::offer_withdraw), on_withdraw, priority::offers});
  for (const char* word : {"不需要了"})
    d.add(keyword{word, std::string(kinds::offer_withdraw), on_no_longer_needed, priority::offers});
  d.add(parser{std::string(kinds::offer), on_offer, priority::offers});
}

}  // namespace linli::handlers
