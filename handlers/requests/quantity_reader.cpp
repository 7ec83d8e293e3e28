#include "handlers/requests/quantity_reader.hpp"

#include <algorithm>
#include <array>

#include "handlers/text/lexicon.hpp"
#include "handlers/text/money.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

using namespace std::string_view_literals;

bool ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

bool ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The value of a one-character Chinese numeral (三 -> 3, 两 -> 2), or -1.
int chinese_digit(char32_t cp) {
  constexpr std::u32string_view digits = U"〇一二三四五六七八九";
  if (const auto at = digits.find(cp); at != std::u32string_view::npos) return static_cast<int>(at);
  if (cp == U'零') return 0;
  if (cp == U'两') return 2;
  return -1;
}

// Units that are no amount to buy here: drug strengths and doses (10mg, 12单位), and units with a
// more common other reading (两 the numeral, 头 of 头孢, 针 of 针头; units.tsv notes each).
constexpr std::array not_units = {"两"sv,   "丸"sv,   "针"sv, "笔"sv, "头"sv, "打"sv,
                                  "毫克"sv, "微克"sv, "mg"sv, "iu"sv, "u"sv,  "单位"sv};

std::optional<std::string_view> unit_here(std::string_view s) {
  const auto u = text::unit_at(s);
  if (!u) return std::nullopt;
  const std::string_view after = s.substr(u->size());
  // 一头蒜, 两头大蒜: 头 counts garlic; elsewhere it starts 头孢 or 头痛.
  const bool garlic = *u == "头" && (after.starts_with("蒜") || after.starts_with("大蒜"));
  if (!garlic && std::find(not_units.begin(), not_units.end(), *u) != not_units.end())
    return std::nullopt;
  // 6个月, 3个人: an age or a head-count, not 6 items.
  if (*u == "个" && (after.starts_with("月") || after.starts_with("人"))) return std::nullopt;
  // 32g, 5l followed by letters is a size (32gb), not a weight.
  if (ascii_letter((*u)[0]) && !after.empty() && ascii_letter(after[0])) return std::nullopt;
  return u;
}

bool preceded_by_each(std::string_view s, std::size_t pos) {
  std::string_view before = s.substr(0, pos);
  while (before.ends_with(' ')) before.remove_suffix(1);
  return before.ends_with("各");
}

}  // namespace

bool is_numeral(char32_t cp) {
  return (cp < 0x80 && ascii_digit(static_cast<char>(cp))) || chinese_digit(cp) >= 0 ||
         cp == U'十' || cp == U'百' || cp == U'千' || cp == U'万';
}

std::vector<quantity_mark> find_quantities(std::string_view s) {
  std::vector<quantity_mark> out;
  for (std::size_t pos = 0; pos < s.size();) {
    const auto d = utf8::decode_at(s, pos);
    const std::string_view rest = s.substr(pos);
    // x2, ×2, *2 (not the x of a word)
    bool times = false;
    for (std::string_view mark : {"×"sv, "x"sv, "*"sv}) {
      if (!rest.starts_with(mark) || (pos > 0 && ascii_letter(s[pos - 1]))) continue;
      const auto n = text::read_number(rest.substr(mark.size()));
      if (!n || n->value <= 0 || n->value > text::max_quantity) continue;
      std::size_t end = pos + mark.size() + n->length;
      std::optional<std::string> unit;
      if (const auto u = unit_here(s.substr(end))) unit = std::string(*u), end += u->size();
      out.push_back({pos, end, n->value, unit, false});
      pos = end;
      times = true;
      break;
    }
    if (times) continue;
    // 半瓶, 几颗: one, as a coordinator counts it. 几 is vague (a figure written after it is the
    // one meant: 匀几个?两三个就行); 半 is a precise half (红枣半斤，…带我一份 keeps its 斤).
    if (rest.starts_with("半") || rest.starts_with("几")) {
      if (const auto u = unit_here(rest.substr(3))) {
        out.push_back(
            {pos, pos + 3 + u->size(), 1, std::string(*u), false, rest.starts_with("几")});
        pos += 3 + u->size();
        continue;
      }
    }
    // 卖我俩, 送你仨: two, three, with no unit written.
    if (d.code_point == U'俩' || d.code_point == U'仨') {
      const std::string_view after = rest.substr(d.length);
      if (!after.starts_with("人") && !after.starts_with("个人") && !after.starts_with("都")) {
        std::size_t end = pos + d.length;
        std::optional<std::string> unit;
        if (const auto u = unit_here(after)) unit = std::string(*u), end += u->size();
        out.push_back({pos, end, d.code_point == U'俩' ? 2 : 3, unit, false});
        pos = end;
        continue;
      }
    }
    if (!is_numeral(d.code_point)) {
      pos += d.length;
      continue;
    }
    // 两三个: a range, the upper figure.
    if (const int a = chinese_digit(d.code_point); a > 0 && pos + d.length < s.size()) {
      const auto d2 = utf8::decode_at(s, pos + d.length);
      if (chinese_digit(d2.code_point) == a + 1) {
        const std::size_t at = pos + d.length + d2.length;
        if (const auto u = unit_here(s.substr(at))) {
          out.push_back({pos, at + u->size(), a + 1, std::string(*u), false});
          pos = at + u->size();
          continue;
        }
      }
    }
    const auto n = text::read_number(rest);
    std::size_t skip = n ? n->length : 0;
    if (n && n->value > 0 && n->value <= text::max_quantity &&
        !(pos > 0 && (ascii_digit(s[pos - 1]) || s[pos - 1] == '.'))) {
      std::size_t at = pos + n->length;
      // 十来个, 二十多根, 十几个: about ten, about twenty; the round figure is the count.
      if (n->value % 10 == 0) {
        for (std::string_view about : {"来"sv, "多"sv, "几"sv, "余"sv}) {
          if (s.substr(at).starts_with(about) && unit_here(s.substr(at + about.size()))) {
            at += about.size();
            break;
          }
        }
      }
      while (at < s.size() && s[at] == ' ') ++at;
      if (const auto u = unit_here(s.substr(at))) {
        out.push_back({pos, at + u->size(), n->value, std::string(*u), preceded_by_each(s, pos)});
        pos = at + u->size();
        continue;
      }
    }
    // No quantity here: step over the whole numeral, so a long run is read once.
    if (skip == 0) {
      while (pos + skip < s.size()) {
        const auto c = utf8::decode_at(s, pos + skip);
        if (!is_numeral(c.code_point)) break;
        skip += c.length;
      }
    }
    pos += std::max<std::size_t>(skip, d.length);
  }
  return out;
}

}  // namespace linli::handlers
