#include "handlers/requests/request_parser.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "handlers/requests/item_reader.hpp"
#include "handlers/requests/quantity_reader.hpp"
#include "handlers/requests/request_money.hpp"
#include "handlers/text/address.hpp"
#include "handlers/text/lexicon.hpp"
#include "handlers/text/money.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

using namespace std::string_view_literals;
using requests_detail::blank;
using requests_detail::money_mark;
using requests_detail::take_money;

bool contains(std::string_view s, std::string_view w) {
  return s.find(w) != std::string_view::npos;
}

constexpr std::array cold_words = {"需冷藏"sv, "需冷冻"sv, "冷藏"sv, "冷冻"sv, "冷链"sv};
constexpr std::array medicine_words = {"药"sv,     "片"sv,   "胶囊"sv,   "注射液"sv, "颗粒"sv,
                                       "口服液"sv, "软膏"sv, "滴眼液"sv, "丸"sv,     "喷剂"sv,
                                       "针剂"sv,   "退烧"sv, "感冒"sv,   "糖浆"sv,   "栓"sv};
constexpr std::array food_words = {"米"sv, "面"sv,   "油"sv,   "菜"sv,   "蛋"sv,   "肉"sv,
                                   "奶"sv, "粮"sv,   "盐"sv,   "糖"sv,   "鱼"sv,   "鸡"sv,
                                   "豆"sv, "饺子"sv, "馒头"sv, "包子"sv, "粥"sv,   "饼"sv,
                                   "水"sv, "饮料"sv, "酱"sv,   "醋"sv,   "零食"sv, "奶粉"sv};
constexpr std::array daily_words = {"纸"sv,   "卫生巾"sv, "尿不湿"sv, "纸尿裤"sv, "洗衣"sv,
                                    "牙膏"sv, "牙刷"sv,   "洗发"sv,   "沐浴"sv,   "垃圾袋"sv,
                                    "消毒"sv, "口罩"sv,   "电池"sv,   "肥皂"sv,   "洗洁精"sv,
                                    "酒精"sv, "手套"sv,   "毛巾"sv};

template <std::size_t N>
bool has_any(std::string_view s, const std::array<std::string_view, N>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return contains(s, w); });
}

category category_of(std::string_view name) {
  if (name == "medicine") return category::medicine;
  if (name == "cold_chain") return category::cold_chain;
  if (name == "food") return category::food;
  if (name == "daily") return category::daily;
  return category::other;
}

bool is_name_char(char32_t cp) {
  return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

bool is_separator(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == U',' || cp == U'、' ||
         cp == U';' || cp == U'。' || cp == U'+' || cp == U'/' || cp == U'|' || cp == U'!' ||
         cp == U'?' || cp == U':' || cp == U'(' || cp == U')';
}

// A name the lexicon does not know, written straight before its quantity (三七粉 1瓶, 商品1 2份):
// the token before the quantity, if it is short enough to be a name rather than a story.
std::string unknown_name(std::string_view s, std::string_view display, std::size_t q_begin,
                         std::size_t& name_begin) {
  std::size_t end = q_begin;
  while (end > 0 && s[end - 1] == ' ') --end;
  std::size_t begin = end;
  std::size_t points = 0;
  while (begin > 0 && points <= 12) {  // a longer run is a story, not a name: stop reading
    std::size_t at = begin - 1;
    while (at > 0 && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) --at;
    const char32_t cp = utf8::decode_at(s, at).code_point;
    if (is_separator(cp)) break;
    begin = at;
    ++points;
  }
  if (begin == end || points > 12) return {};
  name_begin = begin;
  std::string out(text::trim(display.substr(begin, end - begin)));
  for (std::string_view edge : {"的"sv, "和"sv, "还有"sv, "各"sv}) {
    if (std::string_view(out).starts_with(edge)) out.erase(0, edge.size());
    if (std::string_view(out).ends_with(edge)) out.erase(out.size() - edge.size());
  }
  bool named = false;
  utf8::for_each(out,
                 [&](char32_t cp, std::size_t, std::size_t) { named = named || is_name_char(cp); });
  return named ? std::string(text::trim(out)) : std::string();
}

bool overlaps(std::size_t b1, std::size_t e1, std::size_t b2, std::size_t e2) {
  return b1 < e2 && b2 < e1;
}

// Phrases that are not part of an item name (急 of 急支糖浆 is no urgency; 药快吃完了 after 降压
// is).
std::vector<text::phrase_match> outside(
    std::vector<text::phrase_match> found,
    const std::vector<std::pair<std::size_t, std::size_t>>& named) {
  std::erase_if(found, [&](const text::phrase_match& m) {
    return std::any_of(named.begin(), named.end(),
                       [&](const auto& n) { return m.begin >= n.first && m.end <= n.second; });
  });
  return found;
}

// Whether a name read without the lexicon is only words of the message around it (我也要一份,
// 再加2份, 卖我两个): nothing is left once phrases and pronouns are taken out.
bool only_words(std::string_view s, const std::vector<bool>& filler, std::size_t begin,
                std::size_t end) {
  bool left = false;
  for (std::size_t i = begin; i < end && i < s.size();) {
    const auto d = utf8::decode_at(s, i);
    constexpr std::u32string_view plain = U"我也再加要还你他她就来改成为订给 ";
    if (!filler[i] && plain.find(d.code_point) == std::u32string_view::npos) left = true;
    i += d.length;
  }
  return !left;
}

bool has(const std::vector<text::phrase_match>& found, std::string_view kind) {
  return text::first_of(found, kind).has_value();
}

// 硝苯地平或者氨氯地平都行，一盒就够 / 蒙脱石散或者妈咪爱，一两袋就行: alternatives joined by
// 或(者), the quantity written once after them, count for each of them.
void share_alternatives_quantity(std::string_view s, std::vector<read_item>& items) {
  for (std::size_t i = items.size(); i-- > 1;) {
    read_item& before = items[i - 1];
    const read_item& after = items[i];
    if (before.has_quantity || !after.has_quantity || before.end > after.begin) continue;
    const std::string_view between = text::trim(s.substr(before.end, after.begin - before.end));
    if (between != "或者" && between != "或" && between != "或是" && between != "还是") continue;
    before.quantity = after.quantity;
    before.unit = after.unit;
    before.has_quantity = true;
  }
}

}  // namespace

std::string_view category_name(category c) {
  switch (c) {
    case category::medicine:
      return "medicine";
    case category::cold_chain:
      return "cold_chain";
    case category::food:
      return "food";
    case category::daily:
      return "daily";
    case category::other:
      return "other";
  }
  return "other";
}

category categorize(std::string_view name) {
  const std::string f = text::fold(name);
  if (const auto* item = text::lookup_item(f)) return category_of(item->category);
  if (const auto found = text::find_items(f); !found.empty()) {
    return category_of(found.front().item->category);
  }
  if (has_any(f, medicine_words)) return category::medicine;
  if (has_any(f, daily_words)) return category::daily;
  if (has_any(f, food_words)) return category::food;
  return category::other;
}

std::optional<std::int64_t> parsed_request::total_cents() const {
  if (stated_total_cents) return stated_total_cents;
  std::optional<std::int64_t> sum;
  for (const auto& item : items) {
    if (item.amount_cents) sum = sum.value_or(0) + *item.amount_cents;
  }
  return sum;
}

std::optional<parsed_request> parse_request(std::string_view text_in) {
  const std::string_view raw = utf8::truncate(text_in, 4096);
  // s: folded, for matching; display: the same with its letters' case kept, byte for byte
  // aligned with s, for item names (N95口罩). One pass for both.
  std::string s, display;
  s.reserve(raw.size());
  display.reserve(raw.size());
  utf8::for_each(raw, [&](char32_t cp, std::size_t, std::size_t) {
    const char32_t f = text::fold_char(cp);
    utf8::append(s, f);
    const char32_t half = cp >= 0xFF01 && cp <= 0xFF5E ? cp - 0xFEE0 : cp;
    utf8::append(display, f >= U'a' && f <= U'z' && half >= U'A' && half <= U'Z' ? half : f);
  });
  if (text::trim(s).empty() || s.starts_with("/")) return std::nullopt;

  parsed_request out;
  if (const auto a = text::find_address(s)) {
    out.where = a->value;
    blank(s, a->begin, a->end);
    if (a->also_end > a->also_begin) blank(s, a->also_begin, a->also_end);
  }
  const std::vector<money_mark> money = take_money(s);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ') display[i] = ' ';
  }

  // What the message is for, how urgent, and which words may stand between an item and its
  // quantity (需要, 急, 需冷藏).
  const auto all_intents = text::find_intents(s);
  const auto all_urgency = text::find_urgency(s);
  std::vector<bool> filler(s.size(), false), quiet(s.size(), false);
  auto mark = [&](std::size_t b, std::size_t e) {
    std::fill(filler.begin() + b, filler.begin() + e, true);
  };
  for (const auto& m : all_intents) mark(m.begin, m.end);
  for (const auto& m : all_urgency) {
    mark(m.begin, m.end);
    std::fill(quiet.begin() + m.begin, quiet.begin() + m.end, true);
  }
  // 蔬菜 大概5斤: words of approximation may stand between an item and its quantity.
  for (std::string_view w : {"大概"sv, "大约"sv, "差不多"sv, "至少"sv, "最多"sv}) {
    for (auto at = s.find(w); at != std::string::npos; at = s.find(w, at + w.size())) {
      mark(at, at + w.size());
    }
  }
  bool cold = false;
  for (std::string_view w : cold_words) {
    for (auto at = s.find(w); at != std::string::npos; at = s.find(w, at + w.size())) {
      mark(at, at + w.size());
      cold = true;
    }
  }

  item_reading reading = read_items(s, display, filler, quiet);
  const auto intents = outside(all_intents, reading.named);
  const auto urgency = outside(all_urgency, reading.named);
  if (reading.offered) return std::nullopt;

  share_alternatives_quantity(s, reading.items);
  // 有没有邻居有感冒药？…能不能先匀我一板: one item asked for, its count in a later clause that
  // names nothing else.
  if (reading.items.size() == 1 && !reading.items[0].has_quantity && reading.unused.size() == 1 &&
      reading.unused[0].unit && reading.unused[0].begin > reading.items[0].end) {
    read_item& only = reading.items[0];
    only.quantity = reading.unused[0].value;
    only.unit = reading.unused[0].unit;
    only.has_quantity = true;
    reading.unused.clear();
  }
  std::vector<std::size_t> starts;
  std::vector<category> kinds;
  for (read_item& i : reading.items) {
    out.items.push_back({std::move(i.name), i.quantity, i.unit, std::nullopt});
    starts.push_back(i.begin);
    kinds.push_back(category_of(i.category));
  }
  bool explicit_quantity = std::any_of(reading.items.begin(), reading.items.end(),
                                       [](const read_item& i) { return i.has_quantity; });
  // Names the lexicon does not know, each written with its quantity, in a message that names
  // no known item (what is written beside a known one is a size or a detail: L码 2包).
  bool unknown_only = false;
  for (const quantity_mark& q : out.items.empty() ? reading.unused : std::vector<quantity_mark>{}) {
    std::size_t begin = 0;
    std::string name = unknown_name(s, display, q.begin, begin);
    if (name.empty()) continue;
    if (only_words(s, filler, begin, q.begin)) continue;
    if (std::any_of(reading.named.begin(), reading.named.end(),
                    [&](const auto& n) { return overlaps(begin, q.begin, n.first, n.second); }))
      continue;
    // 这次团购要凑够 50份: words that talk about goods (凑够, 贵了) make no name.
    if (std::any_of(intents.begin(), intents.end(), [&](const text::phrase_match& m) {
          return m.kind == "aside" && overlaps(begin, q.begin, m.begin, m.end);
        }))
      continue;
    // Only when no known item was read: these come in text order.
    kinds.push_back(categorize(name));
    out.items.push_back({std::move(name), q.value, q.unit, std::nullopt});
    starts.push_back(q.begin);
    explicit_quantity = true;
    unknown_only = true;
  }
  if (out.items.empty()) return std::nullopt;

  // What kind of message: a need says so, asks the group, or is concrete (an address or a
  // quantity with the item); offers, donations, advice and questions that ask for nothing are not.
  const bool asks = has(intents, "need") || has(intents, "barter");
  out.question = has(intents, "question_need");
  const bool question_mark = contains(s, "?") || contains(s, "吗") || text::trim(s).ends_with("呢");
  // 我家多了两盒…,谁家需要可以来拿: an offer, even with a question after it.
  const auto offer = text::first_of(intents, "offer");
  const auto asked = text::first_of(intents, "question_need");
  if (offer && (!asked || offer->begin < asked->begin)) return std::nullopt;
  if (has(intents, "donation") && !out.where) return std::nullopt;
  if (has(intents, "advice") && !out.where) return std::nullopt;
  if (has(intents, "info_question") && !asks) return std::nullopt;
  // 不好意思,布洛芬已经送完了 / 听说明天发2斤猪肉: an apology or news names goods but asks for
  // none.
  if (has(intents, "aside") && !asks && !out.question) return std::nullopt;
  // 团购的鸡蛋碎了好几个,能不能退?: a question that asks the group for nothing.
  if (question_mark && !out.question && !out.where && !has(intents, "barter")) return std::nullopt;
  // Thanks first (药我拿走了,谢谢您,…放了一个哈密瓜) is a thank-you; 陈醋半瓶…,谢谢 is a need.
  // Saying a thing arrived (12栋1001的邻居，你挂的碘伏收到了) thanks whoever is at that address.
  if (const auto thanks = text::first_of(intents, "thanks");
      thanks && !asks && !out.question && (!out.where || contains(s, "收到")) &&
      (!explicit_quantity || (!starts.empty() && thanks->begin < starts.front())))
    return std::nullopt;
  if (const auto u = text::first_of(urgency, "urgent")) {
    out.urgent = true;
    out.urgency_reason = display.substr(u->begin, u->end - u->begin);
  }
  if (!asks && !out.question && !out.where && !explicit_quantity && !out.urgent)
    return std::nullopt;
  // 得排队半个小时 / 咱们小区也搞一个吧: a count beside words no lexicon knows is a need only when
  // the message asks, names its household or says it is urgent.
  if (unknown_only && !asks && !out.question && !out.where && !out.urgent) return std::nullopt;
  for (std::string_view group : {"elderly"sv, "infant"sv, "pregnant"sv}) {
    if (has(urgency, group)) {
      out.priority_group = std::string(group);
      break;
    }
  }

  // Money belongs to the item it follows (or the first item when it comes first).
  for (const money_mark& m : money) {
    if (m.kind == money_mark::total) {
      out.stated_total_cents = out.stated_total_cents.value_or(0) + m.cents;
      continue;
    }
    const auto after = std::upper_bound(starts.begin(), starts.end(), m.pos);
    const std::size_t index =
        after == starts.begin() ? 0 : static_cast<std::size_t>(after - starts.begin()) - 1;
    parsed_item& item = out.items[index];
    const std::int64_t amount = m.kind == money_mark::per_unit ? m.cents * item.quantity : m.cents;
    item.amount_cents = item.amount_cents.value_or(0) + amount;
  }

  // The request's category is its most pressing item's.
  out.kind = category::other;
  for (const category c : kinds) {
    if (static_cast<int>(c) < static_cast<int>(out.kind)) out.kind = c;
  }
  if (cold && out.kind != category::medicine) out.kind = category::cold_chain;
  return out;
}

}  // namespace linli::handlers
