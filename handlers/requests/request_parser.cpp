#include "handlers/requests/request_parser.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "handlers/text/address.hpp"
#include "handlers/text/money.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

using namespace std::string_view_literals;

bool contains(std::string_view s, std::string_view w) {
  return s.find(w) != std::string_view::npos;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Units of quantity, longest first so 公斤 wins over 斤.
constexpr std::array units = {"公斤"sv, "毫升"sv, "kg"sv, "ml"sv, "盒"sv, "瓶"sv, "片"sv, "粒"sv,
                              "支"sv,   "袋"sv,   "包"sv, "斤"sv, "克"sv, "个"sv, "只"sv, "箱"sv,
                              "份"sv,   "桶"sv,   "罐"sv, "板"sv, "听"sv, "件"sv, "条"sv, "把"sv,
                              "颗"sv,   "根"sv,   "块"sv, "双"sv, "卷"sv, "提"sv, "升"sv, "针"sv,
                              "套"sv,   "枚"sv,   "剂"sv, "节"sv, "g"sv,  "l"sv};

std::optional<std::string_view> unit_at(std::string_view s) {
  for (std::string_view u : units) {
    if (s.starts_with(u)) return u;
  }
  return std::nullopt;
}

struct money_mark {
  std::size_t pos;
  std::int64_t cents;
  enum { plain, per_unit, total } kind;
};

// Finds the money in the text, notes it, and blanks it out so item parsing does not see it.
std::vector<money_mark> take_money(std::string& s) {
  std::vector<money_mark> out;
  for (std::size_t pos = 0; pos < s.size();) {
    const std::string_view rest = std::string_view(s).substr(pos);
    // 共136元, 合计136元, 一共136元: a stated total.
    std::size_t lead = 0;
    for (std::string_view w : {"合计"sv, "总共"sv, "一共"sv, "共计"sv, "共"sv}) {
      if (rest.starts_with(w)) {
        lead = w.size();
        break;
      }
    }
    // 每箱59.9元: a price per unit.
    bool per = false;
    if (lead == 0 && rest.starts_with("每")) {
      const auto u = unit_at(rest.substr(std::string_view("每").size()));
      if (u) lead = std::string_view("每").size() + u->size(), per = true;
    }
    std::size_t skip = lead;
    while (skip < rest.size() && (rest[skip] == ':' || rest[skip] == ' ')) ++skip;
    std::size_t length = 0;
    if (const auto cents = text::read_money(rest.substr(skip), length)) {
      std::size_t end = skip + length;
      auto kind = lead > 0 ? (per ? money_mark::per_unit : money_mark::total) : money_mark::plain;
      // 68元/份: also a price per unit.
      if (kind == money_mark::plain && rest.substr(end).starts_with("/")) {
        if (const auto u = unit_at(rest.substr(end + 1))) {
          end += 1 + u->size();
          kind = money_mark::per_unit;
        }
      }
      out.push_back({pos, *cents, kind});
      s.replace(pos, end, std::string(end, ' '));
      pos += end;
      continue;
    }
    pos += utf8::decode_at(s, pos).length;
  }
  return out;
}

// Words that say what kind of message this is, or how urgent; removed before items are read.
constexpr std::array intent_words = {
    "帮忙代买"sv, "麻烦帮忙"sv, "需要"sv, "急需"sv, "求购"sv, "代买"sv, "团购"sv,
    "想买"sv,     "帮忙买"sv,   "帮买"sv, "求助"sv, "购买"sv, "麻烦"sv, "帮忙"sv,
    "谁有"sv,     "需"sv,       "要"sv,   "买"sv,   "缺"sv,   "求"sv,   "请"sv};
constexpr std::array urgent_words = {"紧急"sv, "加急"sv, "尽快"sv, "马上"sv, "急"sv};
constexpr std::array vulnerable_words = {
    "家里有老人"sv, "家有老人"sv, "独居老人"sv, "老人"sv, "老年人"sv, "婴儿"sv, "宝宝"sv,
    "新生儿"sv,     "孕妇"sv,     "残疾"sv,     "透析"sv, "化疗"sv,   "病人"sv};
constexpr std::array cold_words = {"需冷藏"sv, "需冷冻"sv, "冷藏"sv, "冷冻"sv, "冷链"sv};
constexpr std::array medicine_words = {
    "药"sv,       "片"sv,       "胶囊"sv,     "注射液"sv,   "颗粒"sv,       "口服液"sv,
    "软膏"sv,     "滴眼液"sv,   "胰岛素"sv,   "硝苯地平"sv, "降压"sv,       "布洛芬"sv,
    "阿莫西林"sv, "连花清瘟"sv, "二甲双胍"sv, "阿司匹林"sv, "速效救心丸"sv, "氨氯地平"sv,
    "头孢"sv,     "板蓝根"sv,   "丸"sv,       "喷剂"sv,     "贴"sv,         "针剂"sv,
    "退烧"sv,     "感冒"sv};
constexpr std::array cold_items = {"生鲜"sv, "冻肉"sv, "冻"sv, "冰淇淋"sv, "疫苗"sv, "酸奶"sv};
constexpr std::array food_words = {"米"sv,   "面"sv,   "油"sv,   "菜"sv,  "蛋"sv, "肉"sv, "奶"sv,
                                   "果"sv,   "粮"sv,   "盐"sv,   "糖"sv,  "鱼"sv, "鸡"sv, "豆"sv,
                                   "饺子"sv, "馒头"sv, "包子"sv, "粥"sv,  "饼"sv, "水"sv, "饮料"sv,
                                   "酱"sv,   "醋"sv,   "零食"sv, "奶粉"sv};
constexpr std::array daily_words = {"纸"sv,   "卫生巾"sv, "尿不湿"sv, "纸尿裤"sv, "洗衣"sv,
                                    "牙膏"sv, "牙刷"sv,   "洗发"sv,   "沐浴"sv,   "垃圾袋"sv,
                                    "消毒"sv, "口罩"sv,   "电池"sv,   "肥皂"sv,   "洗洁精"sv,
                                    "酒精"sv, "手套"sv,   "毛巾"sv};

template <std::size_t N>
bool has_any(std::string_view s, const std::array<std::string_view, N>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return contains(s, w); });
}

template <std::size_t N>
void blank_all(std::string& s, const std::array<std::string_view, N>& words) {
  for (std::string_view w : words) {
    for (auto at = s.find(w); at != std::string::npos; at = s.find(w, at)) {
      s.replace(at, w.size(), std::string(w.size(), ' '));
    }
  }
}

bool is_question_or_thanks(std::string_view f) {
  const std::string_view t = text::trim(f);
  if (t.ends_with("?") || t.ends_with("吗") || t.ends_with("呢") || t.ends_with("吗?")) return true;
  for (std::string_view w : {"请问"sv, "有没有"sv, "哪里"sv, "怎么"sv, "什么时候"sv, "能不能"sv,
                             "谢谢"sv, "感谢"sv, "多谢"sv, "thank"sv, "已收到"sv, "收到了"sv}) {
    if (contains(t, w)) return true;
  }
  return false;
}

bool is_separator(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == U',' || cp == U'、' ||
         cp == U';' || cp == U'。' || cp == U'+' || cp == U'/' || cp == U'|';
}

struct token {
  std::string_view text;
  std::size_t pos;
};

std::vector<token> tokenize(std::string_view s) {
  std::vector<token> out;
  std::size_t start = 0;
  for (std::size_t pos = 0; pos <= s.size();) {
    const bool end = pos == s.size();
    const utf8::decoded d = end ? utf8::decoded{U' ', 1} : utf8::decode_at(s, pos);
    if (end || is_separator(d.code_point)) {
      if (pos > start) out.push_back({s.substr(start, pos - start), start});
      pos += d.length;
      start = pos;
      continue;
    }
    pos += d.length;
  }
  return out;
}

// A quantity in a token: "10斤", "两盒", "x2", "×2", "*2". Sets where it starts and ends.
struct quantity {
  std::int64_t value;
  std::optional<std::string> unit;
  std::size_t begin, end;
};

std::optional<quantity> find_quantity(std::string_view t) {
  for (std::size_t pos = 0; pos < t.size();) {
    const std::string_view rest = t.substr(pos);
    for (std::string_view times : {"×"sv, "x"sv, "*"sv}) {
      if (!rest.starts_with(times)) continue;
      const auto n = text::read_number(rest.substr(times.size()));
      if (n && n->value > 0 && n->value <= 10'000) {
        std::size_t end = pos + times.size() + n->length;
        std::optional<std::string> unit;
        if (const auto u = unit_at(t.substr(end))) unit = std::string(*u), end += u->size();
        return quantity{n->value, unit, pos, end};
      }
    }
    const bool after_digit = pos > 0 && is_digit(t[pos - 1]);
    if (!after_digit) {
      if (const auto n = text::read_number(rest); n && n->value > 0 && n->value <= 10'000) {
        if (const auto u = unit_at(rest.substr(n->length))) {
          return quantity{n->value, std::string(*u), pos, pos + n->length + u->size()};
        }
      }
    }
    pos += utf8::decode_at(t, pos).length;
  }
  return std::nullopt;
}

// "10 斤" -> "10斤": a number and its unit belong together even with spaces between.
void join_numbers_to_units(std::string& s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (!is_digit(s[i]) || s[i + 1] != ' ') continue;
    std::size_t j = i + 1;
    while (j < s.size() && s[j] == ' ') ++j;
    if (unit_at(std::string_view(s).substr(j))) s.erase(i + 1, j - i - 1);
  }
}

std::string clean_name(std::string_view s) {
  std::string out(text::trim(s));
  // Stray words left from "的", "和" at the edges do not name anything.
  for (std::string_view edge : {"的"sv, "和"sv, "还有"sv, "各"sv}) {
    if (std::string_view(out).starts_with(edge)) out.erase(0, edge.size());
    if (std::string_view(out).ends_with(edge)) out.erase(out.size() - edge.size());
  }
  // A name has a letter or a CJK character in it; an emoji or stray mark alone is not an item.
  bool named = false;
  utf8::for_each(out, [&](char32_t cp, std::size_t, std::size_t) {
    named = named || (cp >= U'a' && cp <= U'z') || (cp >= 0x4E00 && cp <= 0x9FFF) ||
            (cp >= 0x3400 && cp <= 0x4DBF);
  });
  return named ? std::string(text::trim(out)) : std::string();
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
  if (has_any(f, medicine_words)) return category::medicine;
  if (has_any(f, cold_items)) return category::cold_chain;
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
  std::string s = text::fold(utf8::truncate(text_in, 4096));
  if (s.empty() || s.starts_with("/") || is_question_or_thanks(s)) return std::nullopt;

  parsed_request out;
  if (const auto a = text::find_address(s)) {
    out.where = a->value;
    s.replace(a->begin, a->end - a->begin, std::string(a->end - a->begin, ' '));
  }
  const bool intent = has_any(s, intent_words);
  out.urgent = has_any(s, urgent_words) || has_any(s, vulnerable_words);
  const bool cold = has_any(s, cold_words);
  blank_all(s, cold_words);
  blank_all(s, vulnerable_words);
  blank_all(s, urgent_words);
  blank_all(s, intent_words);
  const std::vector<money_mark> money = take_money(s);
  join_numbers_to_units(s);

  struct span {
    std::size_t begin, end;
    std::optional<std::int64_t> unit_price;
  };
  std::vector<span> spans;
  bool explicit_quantity = false;
  std::optional<quantity> pending;  // "两盒 布洛芬": a quantity waiting for its item
  for (const token& t : tokenize(s)) {
    auto q = find_quantity(t.text);
    std::string name = clean_name(q ? t.text.substr(0, q->begin) : t.text);
    if (q) explicit_quantity = true;
    if (name.empty()) {
      // "布洛芬 两盒": the quantity of the item before it, if that one has none yet.
      if (q && !out.items.empty() && out.items.back().quantity == 1 && !out.items.back().unit &&
          !pending) {
        out.items.back().quantity = q->value;
        out.items.back().unit = q->unit;
      } else if (q) {
        pending = q;
      }
      continue;
    }
    if (!q && pending) q = std::exchange(pending, std::nullopt);
    parsed_item item{std::move(name), q ? q->value : 1, q ? q->unit : std::nullopt, std::nullopt};
    out.items.push_back(std::move(item));
    spans.push_back({t.pos, t.pos + t.text.size(), std::nullopt});
  }
  if (out.items.empty()) return std::nullopt;

  // Money belongs to the item it follows (or the first item when it comes first).
  for (const money_mark& m : money) {
    if (m.kind == money_mark::total) {
      out.stated_total_cents = out.stated_total_cents.value_or(0) + m.cents;
      continue;
    }
    std::size_t index = 0;
    for (std::size_t i = 0; i < spans.size(); ++i) {
      if (spans[i].begin <= m.pos) index = i;
    }
    parsed_item& item = out.items[index];
    const std::int64_t amount = m.kind == money_mark::per_unit ? m.cents * item.quantity : m.cents;
    item.amount_cents = item.amount_cents.value_or(0) + amount;
  }

  // The request's category is its most pressing item's.
  out.kind = category::other;
  for (const auto& item : out.items) {
    const category c = categorize(item.name);
    if (static_cast<int>(c) < static_cast<int>(out.kind)) out.kind = c;
  }
  if (cold && out.kind != category::medicine) out.kind = category::cold_chain;

  // A request says so (需要, 求购 ...) and is concrete: an address, a quantity, or goods of a
  // known kind. "需要帮忙的请联系我" is none of these; "3-2-501 大米10斤" needs no verb.
  const bool concrete = out.where || explicit_quantity || out.kind != category::other;
  if (!(intent && concrete) && !(explicit_quantity && out.where)) return std::nullopt;
  return out;
}

}  // namespace linli::handlers
