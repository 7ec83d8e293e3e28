#include "handlers/offers/offer_reader.hpp"

#include <algorithm>
#include <array>

#include "handlers/requests/item_reader.hpp"
#include "handlers/requests/quantity_reader.hpp"
#include "handlers/text/address.hpp"
#include "handlers/text/lexicon.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

using namespace std::string_view_literals;

// Forms the intent lexicon does not hold as one phrase: 按需取 / 按需自取 say "take what you
// need"; 需要…找我 / 需要的找我 / 有需要…喊我 say "ask me for it" (the 需要 is the taker's, not
// the sender's).
constexpr std::array take_as_needed = {"按需取"sv, "按需自取"sv, "按需领取"sv};
constexpr std::array ask_me = {"找我"sv, "联系我"sv, "私我"sv, "喊我"sv, "叫我"sv};

// Replies in a thread that offer without naming the thing (the need they answer names it): the
// sender has it, said on its own (我家有! 我有,下来拿), or hands it over (送你, 马上送来).
constexpr std::array bare_possession = {"我家里有"sv, "我家有"sv, "我就有"sv,
                                        "我这里有"sv, "我这有"sv, "我有"sv};
constexpr std::array handing_over = {"送你"sv, "给你拿"sv, "给你送"sv, "马上送来"sv,
                                     "给你放门口"sv};

bool is_pause(char32_t cp) {
  return cp == U' ' || cp == U',' || cp == U'.' || cp == U'!' || cp == U'?' || cp == U'。' ||
         cp == U'、' || cp == U'~' || cp == U';';
}

// The sender has it, said on its own at the start or right after a question (需要美林吗?我家有,…).
bool says_has(std::string_view t) {
  for (std::string_view w : bare_possession) {
    if (!t.starts_with(w)) continue;
    if (t.size() == w.size() || is_pause(utf8::decode_at(t, w.size()).code_point)) return true;
  }
  return false;
}

// 我有测温枪 / 我家有小儿柴胡 / 我还有煲汤的材料: the message begins by saying the sender has
// something (我还有两片 names nothing, and is read as a need).
bool begins_with_having(std::string_view t) {
  return t.starts_with("我还有") ||
         std::any_of(bare_possession.begin(), bare_possession.end(),
                     [&](std::string_view w) { return t.starts_with(w); });
}

bool offers_in_reply(std::string_view s) {
  const std::string_view t = text::trim(s);
  if (says_has(t)) return true;
  for (auto q = t.find('?'); q != std::string_view::npos; q = t.find('?', q + 1)) {
    if (says_has(text::trim(t.substr(q + 1)))) return true;
  }
  return std::any_of(handing_over.begin(), handing_over.end(),
                     [&](std::string_view w) { return t.find(w) != std::string_view::npos; });
}

int category_rank(std::string_view c) {
  constexpr std::array order = {"medicine"sv, "cold_chain"sv, "food"sv, "daily"sv};
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (order[i] == c) return static_cast<int>(i);
  }
  return static_cast<int>(order.size());
}

bool contains(std::string_view s, std::string_view w) {
  return s.find(w) != std::string_view::npos;
}

// 谁家主子断粮了可以来装一点: whoever needs it may come and take it. An offer although the
// question phrase comes first, when the invitation to come and take is in its clause (谁家有布洛芬
// 可以送我一盒 asks: 送 is no invitation to take; nor is 我来拿, the asker coming for it).
constexpr std::array come_and_take = {"来拿"sv, "来装"sv, "过来拿"sv,
                                      "来取"sv, "自取"sv, "直接拿"sv};

bool invites_after_asking(std::string_view s, const std::optional<text::phrase_match>& asked) {
  if (!asked) return false;
  std::size_t end = s.size();
  for (std::string_view mark : {","sv, "."sv, "?"sv, "!"sv, ";"sv, " "sv, "。"sv, "、"sv}) {
    end = std::min(end, s.find(mark, asked->end));
  }
  const std::string_view clause = s.substr(asked->end, end - asked->end);
  // 谁有布洛芬我来拿 / 谁家有…可以来拿吗: the asker comes to take it.
  if (clause.ends_with("吗")) return false;
  return std::any_of(come_and_take.begin(), come_and_take.end(), [&](std::string_view w) {
    const std::size_t at = clause.find(w);
    if (at == std::string_view::npos) return false;
    const std::string_view before = clause.substr(0, at);
    return !before.ends_with("我") && !before.ends_with("我过") && !before.ends_with("我自己");
  });
}

// 需要布洛芬的找我, 有需要的邻居私我: someone else's need, answered by the sender. Not 有的邻居私我
// (whoever has it, message me): that asks.
bool need_then_ask_me(std::string_view s, const std::vector<text::phrase_match>& intents) {
  const auto need = text::first_of(intents, "need");
  if (!need) return false;
  return std::any_of(ask_me.begin(), ask_me.end(), [&](std::string_view w) {
    for (auto at = s.find(w, need->end); at != std::string_view::npos; at = s.find(w, at + 1)) {
      const bool asking = std::any_of(intents.begin(), intents.end(), [&](const auto& m) {
        return m.kind == "question_need" && m.begin <= at && at < m.end;
      });
      if (!asking) return true;
    }
    return false;
  });
}

// A line of a sharing list posted on its own (布洛芬1粒、温度计1个; 抗原5支、口罩一包): nothing but
// items, each with its quantity, and no address. A need names its household (or at least asks,
// thanks, or says why); a giver's line needs none of that. Blanks every item name and unit in a
// copy of `s` and asks whether only numbers, separators and spaces are left.
bool only_counted_items(std::string_view s, const std::vector<read_item>& items) {
  if (items.empty()) return false;
  std::string rest(s);
  for (const read_item& i : items) {
    if (!i.has_quantity) return false;
    std::fill(rest.begin() + static_cast<std::ptrdiff_t>(i.begin),
              rest.begin() + static_cast<std::ptrdiff_t>(i.end), ' ');
  }
  bool left = false;
  std::size_t skip_to = 0;
  utf8::for_each(rest, [&](char32_t cp, std::size_t at, std::size_t) {
    if (at < skip_to || left) return;
    if (const auto unit = text::unit_at(std::string_view(rest).substr(at))) {
      skip_to = at + unit->size();
      return;
    }
    const bool plain = (cp < 0x80 && !((cp | 0x20) >= U'a' && (cp | 0x20) <= U'z')) ||
                       is_pause(cp) || cp == U'/' || cp == U'+' || cp == U',' || is_numeral(cp) ||
                       cp == U'半';
    if (!plain) left = true;
  });
  return !left;
}

// Whether any number is written (a digit or a Chinese numeral): a sharing list's line counts its
// items, and most chatter has none, so it costs no item reading.
bool has_count(std::string_view s) {
  bool found = false;
  utf8::for_each(s, [&](char32_t cp, std::size_t, std::size_t) {
    found = found || is_numeral(cp) || cp == U'半';
  });
  return found;
}

}  // namespace

std::string canonical_item(std::string_view written) {
  const std::string f = text::fold(written);
  if (const auto* item = text::lookup_item(f)) return text::fold(item->name);
  return f;
}

std::optional<parsed_offer> parse_offer(std::string_view text_in, bool offering) {
  const std::string_view raw = utf8::truncate(text_in, 4096);
  // s: folded, for matching; display: the same with letters' case kept, byte for byte aligned.
  std::string s, display;
  utf8::for_each(raw, [&](char32_t cp, std::size_t, std::size_t) {
    const char32_t f = text::fold_char(cp);
    utf8::append(s, f);
    const char32_t half = cp >= 0xFF01 && cp <= 0xFF5E ? cp - 0xFEE0 : cp;
    utf8::append(display, f >= U'a' && f <= U'z' && half >= U'A' && half <= U'Z' ? half : f);
  });
  if (text::trim(s).empty() || s.starts_with("/") || s.starts_with("#")) return std::nullopt;

  // Whether the text says it offers, before anything costlier: most messages do not, and this
  // reader runs before the needs' on every message.
  auto says_it_offers = [&](const std::vector<text::phrase_match>& intents) {
    const auto offered = text::first_of(intents, "offer");
    const auto asked = text::first_of(intents, "question_need");
    return (offered && (!asked || offered->begin < asked->begin)) ||
           invites_after_asking(s, asked) ||
           std::any_of(take_as_needed.begin(), take_as_needed.end(),
                       [&](std::string_view w) { return contains(s, w); }) ||
           need_then_ask_me(s, intents) || offers_in_reply(s);
  };
  const auto said_intents = text::find_intents(s);
  const bool said = offering || says_it_offers(said_intents);
  // Else only what the sender says they have (我有…, 家里囤了…, 我提供…), or a sharing list's
  // line on its own (no phrase of any intent, no address), can make it an offer.
  const bool maybe_list = said_intents.empty() && has_count(s) && !text::find_address(s);
  if (!said && !maybe_list && !contains(s, "有") && !contains(s, "囤") && !contains(s, "提供")) {
    return std::nullopt;
  }

  parsed_offer out;
  if (const auto a = text::find_address(s)) {
    out.where = a->value;
    s.replace(a->begin, a->end - a->begin, std::string(a->end - a->begin, ' '));
    display.replace(a->begin, a->end - a->begin, std::string(a->end - a->begin, ' '));
  }
  const auto intents = text::find_intents(s);
  const auto urgency = text::find_urgency(s);

  std::vector<bool> filler(s.size(), false), quiet(s.size(), false);
  for (const auto& m : intents) std::fill(filler.begin() + m.begin, filler.begin() + m.end, true);
  for (const auto& m : urgency) {
    std::fill(filler.begin() + m.begin, filler.begin() + m.end, true);
    std::fill(quiet.begin() + m.begin, quiet.begin() + m.end, true);
  }
  item_reading reading = read_items(s, display, filler, quiet);
  const bool listed = !said && !reading.offered && maybe_list && urgency.empty() &&
                      reading.unused.empty() && only_counted_items(s, reading.items);
  // 我有小儿柴胡……: a reply that says the sender has a thing the lexicon knows, asking nothing
  // (我有两盒连花清瘟,想换… is barter: a need).
  const bool has_it = !said && !reading.offered && !reading.items.empty() &&
                      begins_with_having(text::trim(s)) && !text::first_of(intents, "need") &&
                      !text::first_of(intents, "question_need") &&
                      !text::first_of(intents, "barter") && !contains(s, "?") && !contains(s, "吗");
  if (!said && !reading.offered && !listed && !has_it) return std::nullopt;

  // What the sender says they have (我有…); else what the offer names outright (多了两盒蒙脱石散).
  // Beside what they have, the other items are what they would take in exchange (换布洛芬).
  std::vector<read_item> items =
      reading.owned.empty() ? std::move(reading.items) : std::move(reading.owned);
  out.category = "other";
  for (read_item& i : items) {
    if (category_rank(i.category) < category_rank(out.category)) out.category = i.category;
    offer_item item;
    item.canonical = i.canonical.empty() ? canonical_item(i.name) : text::fold(i.canonical);
    item.name = std::move(i.name);
    item.quantity = i.quantity;
    item.unit = i.unit;
    const bool repeat = std::any_of(out.items.begin(), out.items.end(), [&](const offer_item& o) {
      return o.canonical == item.canonical;
    });
    if (!repeat) out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace linli::handlers
