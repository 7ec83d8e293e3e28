#include "handlers/requests/request_steps.hpp"

#include <algorithm>
#include <array>
#include <span>

#include "handlers/chains/chain_types.hpp"
#include "handlers/core/dispatcher.hpp"
#include "handlers/offers/offer_commands.hpp"
#include "handlers/requests/money_forms.hpp"
#include "handlers/requests/request_step_common.hpp"
#include "handlers/requests/requests.hpp"
#include "handlers/text/money.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
using namespace std::string_view_literals;

namespace requests_detail {

char first_folded_byte(std::string_view args) {
  // Characters that fold to nothing (a zero-width space, a BOM) are passed over.
  for (std::size_t at = 0; at < args.size();) {
    const std::size_t length = utf8::decode_at(args, at).length;
    const std::string f = text::fold(args.substr(at, length));
    const std::string_view kept = text::trim(f);
    if (!kept.empty()) return kept.front();
    at += length;
  }
  return '\0';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// "#12 …" at the start of the args: the number and the rest; nullopt without '#'.
std::optional<std::pair<int, std::string_view>> request_ref(std::string_view args) {
  if (first_folded_byte(args) != '#') return std::nullopt;
  const std::string folded = text::fold(text::trim(args));
  if (!folded.starts_with("#")) return std::nullopt;
  const auto n = text::read_number(std::string_view(folded).substr(1));
  if (!n || n->value < 1 || n->value > 10'000'000) return std::nullopt;
  return std::pair{static_cast<int>(n->value),
                   text::after_folded(args, std::string_view(folded).substr(0, 1 + n->length))};
}

// "#12（已认领）不能再认领。": why the request's status does not allow what was asked.
std::string refused(const context& ctx, const supply_request& r, std::string_view key,
                    std::optional<std::string> claimer) {
  const std::string number = std::to_string(r.number), status = status_label(ctx, r.status);
  if (claimer) {
    return ctx.say(key, {{"number", number}, {"status", status}, {"claimer", *claimer}});
  }
  return ctx.say(key, {{"number", number}, {"status", status}});
}

replies save(context& ctx, supply_request& r, std::string answer) {
  r.updated_ms = ctx.now_ms();
  ctx.store.update_request(r);
  return {{std::move(answer)}};
}

// Runs `step` as if the message read "#N rest" (已买 #12 …, 改 #12 …), then restores the args.
std::optional<replies> as_numbered(context& ctx, int number, std::string_view rest,
                                   std::optional<replies> (*step)(context&)) {
  const std::string rewritten = "#" + std::to_string(number) + " " + std::string(rest);
  const std::string_view saved = ctx.args;
  ctx.args = rewritten;
  auto out = step(ctx);
  ctx.args = saved;
  return out;
}

}  // namespace requests_detail

namespace {

using namespace requests_detail;

bool is_claimer(const context& ctx, const supply_request& r) {
  return r.claimed_by == ctx.message.from.id || ctx.is_coordinator();
}

std::optional<replies> on_bought(context& ctx) {
  return with_request(ctx, [&](supply_request& r, std::string_view rest) -> replies {
    if (r.status != request_status::claimed) {
      return {{refused(ctx, r, "requests.refused.bought.unclaimed")}};
    }
    if (!is_claimer(ctx, r)) {
      return {
          {refused(ctx, r, "requests.refused.bought.not_claimer", r.claimed_by_name.value_or(""))}};
    }
    // 实付 58.5元, 一共花了45.5, 共计¥128.4: what was actually paid.
    bool unreadable = false;
    if (const auto cents = read_paid(text::fold(rest), unreadable)) r.spent_cents = *cents;
    if (unreadable) {
      return {{ctx.say("requests.bought.unreadable", {{"number", std::to_string(r.number)}})}};
    }
    r.status = request_status::bought;
    const std::string number = std::to_string(r.number);
    return save(ctx, r,
                r.spent_cents
                    ? ctx.say("requests.bought.paid",
                              {{"number", number}, {"paid", format_cents(*r.spent_cents)}})
                    : ctx.say("requests.bought", {{"number", number}}));
  });
}

std::optional<replies> on_delivered(context& ctx) {
  return with_request(ctx, [&](supply_request& r, std::string_view) -> replies {
    if (r.status != request_status::claimed && r.status != request_status::bought) {
      return {{refused(ctx, r, "requests.refused.delivered.unclaimed")}};
    }
    if (!is_claimer(ctx, r)) {
      return {{refused(ctx, r, "requests.refused.delivered.not_claimer")}};
    }
    r.status = request_status::delivered;
    return save(ctx, r,
                ctx.say("requests.delivered",
                        {{"number", std::to_string(r.number)},
                         {"household", household(r.where, ctx.settings.lang)},
                         {"volunteer", r.claimed_by_name.value_or(ctx.message.from.name)}}));
  });
}

// "#17 已买 实付58元", "#3 已送": the request first, then the step word; runs `step` as if the
// word had come first. nullopt for anything else.
std::optional<replies> numbered_step(context& ctx, std::optional<replies> (*step)(context&),
                                     std::span<const std::string_view> words,
                                     bool drop_word = true) {
  if (!is_digit(first_folded_byte(ctx.args))) return std::nullopt;
  const std::string_view args = text::trim(ctx.args);
  const std::string folded = text::fold(args);
  const auto n = text::read_number(folded);
  if (folded.empty() || folded[0] < '0' || folded[0] > '9' || !n || n->value < 1 ||
      n->value > 10'000'000)
    return std::nullopt;
  std::size_t at = n->length;
  while (at < folded.size() && folded[at] == ' ') ++at;
  for (std::string_view word : words) {
    if (!std::string_view(folded).substr(at).starts_with(word)) continue;
    return as_numbered(ctx, static_cast<int>(n->value),
                       text::after_folded(args, std::string_view(folded).substr(
                                                    0, at + (drop_word ? word.size() : 0))),
                       step);
  }
  return std::nullopt;
}

std::optional<replies> on_numbered_bought(context& ctx) {
  if (auto done = numbered_step(ctx, on_bought,
                                std::array{"已买到"sv, "已买"sv, "买好了"sv, "买好"sv, "bought"sv}))
    return done;
  // "#9 实付 73.8元", "#4 共花￥52": what was paid says it was bought; the words stay for
  // read_paid.
  return numbered_step(ctx, on_bought, paid_words(), false);
}

std::optional<replies> on_numbered_delivered(context& ctx) {
  return numbered_step(ctx, on_delivered, std::array{"已送达"sv, "已送"sv, "delivered"sv});
}

// "垫付了120", "帮 #6 垫付了 两百块", "花了45.5，小票在群里": a volunteer says what they paid, in a
// message of its own. With one "#N" it is that request's; without, the writer's one claimed
// request's; with several claimed, or none, it asks which: an amount is never dropped without a
// word. Two numbers at once (#12 #13 一起买的 共花89) are asked apart: whose share is whose is
// not said, and no share is made up.
std::optional<replies> on_spent(context& ctx) {
  const std::string folded = text::fold(text::trim(ctx.args));
  if (folded.empty() || folded.size() > 150) return std::nullopt;
  bool said_paid = false;
  for (std::string_view word : {"垫付", "垫了", "花了", "共花", "实付", "付了"}) {
    said_paid = said_paid || folded.find(word) != std::string::npos;
  }
  if (!said_paid) return std::nullopt;
  bool unreadable = false;
  if (!read_paid(folded, unreadable) && !unreadable) return std::nullopt;
  // The requests it names: one "#N", or none.
  std::vector<std::string> named;
  for (std::size_t at = folded.find('#'); at != std::string::npos; at = folded.find('#', at + 1)) {
    const auto n = text::read_number(std::string_view(folded).substr(at + 1));
    if (!n || n->value < 1 || n->value > 10'000'000) continue;
    const std::string number = "#" + std::to_string(n->value);
    if (std::find(named.begin(), named.end(), number) == named.end()) named.push_back(number);
  }
  if (named.size() > 1) {
    return replies{{ctx.say("requests.bought.several",
                            {{"numbers", text::join(named, ctx.say("requests.buy.separator"))},
                             {"first", named.front().substr(1)}})}};
  }
  if (!named.empty()) {
    return as_numbered(ctx, std::stoi(named.front().substr(1)), ctx.args, on_bought);
  }
  board_query claimed;
  claimed.status = request_status::claimed;
  claimed.limit = 1000;
  std::vector<int> mine;
  for (const supply_request& r : ctx.store.board_requests(ctx.message.chat, claimed).requests) {
    if (r.claimed_by == ctx.message.from.id) mine.push_back(r.number);
  }
  if (mine.empty()) return replies{{ctx.say("requests.bought.none")}};
  if (mine.size() > 1) {
    std::sort(mine.begin(), mine.end());
    std::vector<std::string> numbers;
    for (int n : mine) numbers.push_back("#" + std::to_string(n));
    return replies{
        {ctx.say("requests.bought.which",
                 {{"numbers", text::join(numbers, ctx.say("requests.buy.separator"))}})}};
  }
  return as_numbered(ctx, mine.front(), ctx.args, on_bought);
}

std::optional<replies> on_cancel(context& ctx) {
  return with_request(ctx, [&](supply_request& r, std::string_view) -> replies {
    if (r.requester_id != ctx.message.from.id && !ctx.is_coordinator()) {
      return {{refused(ctx, r, "requests.refused.cancel.not_requester")}};
    }
    if (r.status == request_status::delivered || r.status == request_status::cancelled) {
      return {{refused(ctx, r, "requests.refused.cancel.done")}};
    }
    r.status = request_status::cancelled;
    return save(ctx, r, ctx.say("requests.cancelled", {{"number", std::to_string(r.number)}}));
  });
}

}  // namespace

std::string status_label(const context& ctx, request_status s) {
  return ctx.say("requests.status." + std::string(to_string(s)));
}

void add_request_steps(dispatcher& d) {
  using namespace requests_detail;
  // Chinese first; the English words serve chats that switched with /lang en.
  for (const char* word : {"认领", "我来", "接", "claim"})
    d.add(keyword{word, std::string(kinds::request_claim), on_claim, priority::requests});
  d.add(keyword{"#", std::string(kinds::request_claim), on_numbered_claim, priority::requests});
  d.add(keyword{"#", std::string(kinds::request_claim), on_numbered_claims, priority::requests});
  d.add(keyword{"#", std::string(kinds::request_bought), on_numbered_bought, priority::requests});
  d.add(keyword{"#", std::string(kinds::request_delivered), on_numbered_delivered,
                priority::requests});
  for (const char* word : {"已买到", "已买", "买好了", "买好", "bought"})
    d.add(keyword{word, std::string(kinds::request_bought), on_bought, priority::requests});
  d.add(parser{std::string(kinds::request_bought), on_spent, priority::requests});
  for (const char* word : {"已送达", "已送", "delivered"})
    d.add(keyword{word, std::string(kinds::request_delivered), on_delivered, priority::requests});
  for (const char* word : {"取消", "撤回", "cancel"})
    d.add(keyword{word, std::string(kinds::request_cancel), on_cancel, priority::requests});
  for (const char* word : {"指派", "派单", "派", "assign"})
    d.add(keyword{word, std::string(kinds::request_claim), on_assign, priority::requests});
  for (const char* word : {"改", "edit"})
    d.add(keyword{word, std::string(kinds::request_edit), on_edit, priority::requests});
  d.add(edit_reader{std::string(kinds::request_edit), on_edited_need});
}

}  // namespace linli::handlers
