// The money a need's text states (request_money.hpp).

#include "handlers/requests/request_money.hpp"

#include <string_view>

#include "handlers/requests/quantity_reader.hpp"
#include "handlers/text/lexicon.hpp"
#include "handlers/text/money.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers::requests_detail {
namespace {

using namespace std::string_view_literals;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// "一块", "两块" written with a Chinese numeral and a bare 块 count pieces (生姜一块, 豆腐两块);
// 68块 and 五块钱 stay money. Only small counts: 三十块 is a price.
bool piece_not_price(std::string_view taken, std::int64_t cents) {
  if (!taken.ends_with("块") || cents > 10 * 100 || taken.empty()) return false;
  return !is_digit(taken.front()) && !taken.starts_with("\u00A5") && !taken.starts_with("rmb");
}

}  // namespace

void blank(std::string& s, std::size_t from, std::size_t to) {
  s.replace(from, to - from, std::string(to - from, ' '));
}

std::vector<money_mark> take_money(std::string& s) {
  std::vector<money_mark> out;
  bool in_numeral = false;  // an amount starts where a numeral starts, never inside one
  for (std::size_t pos = 0; pos < s.size();) {
    if (pos > 0 && (is_digit(s[pos - 1]) || s[pos - 1] == '.') && is_digit(s[pos])) {
      while (pos < s.size() && (is_digit(s[pos]) || s[pos] == '.')) ++pos;
      continue;
    }
    const auto here = utf8::decode_at(s, pos);
    const bool numeral = is_numeral(here.code_point);
    if (numeral && in_numeral) {
      pos += here.length;
      continue;
    }
    in_numeral = numeral;
    const std::string_view rest = std::string_view(s).substr(pos);
    // 共136元, 合计136元, 一共136元: a stated total.
    std::size_t lead = 0;
    for (std::string_view w : {"合计"sv, "总共"sv, "一共"sv, "共计"sv, "共"sv}) {
      if (rest.starts_with(w)) {
        lead = w.size();
        break;
      }
    }
    // 每箱59.9元, 每袋18.5: a price per unit.
    bool per = false;
    if (lead == 0 && rest.starts_with("每")) {
      const auto u = text::unit_at(rest.substr(std::string_view("每").size()));
      if (u) lead = std::string_view("每").size() + u->size(), per = true;
    }
    std::size_t skip = lead;
    while (skip < rest.size() && (rest[skip] == ':' || rest[skip] == ' ')) ++skip;
    std::size_t length = 0;
    const auto cents = text::read_money(rest.substr(skip), length, per);
    if (cents && lead == 0 && piece_not_price(rest.substr(skip, length), *cents)) {
      pos += skip + length;  // 生姜一块: a piece of ginger, read as an item below
      in_numeral = false;
      continue;
    }
    if (cents) {
      std::size_t end = skip + length;
      auto kind = lead > 0 ? (per ? money_mark::per_unit : money_mark::total) : money_mark::plain;
      // 68元/份: also a price per unit.
      if (kind == money_mark::plain && rest.substr(end).starts_with("/")) {
        if (const auto u = text::unit_at(rest.substr(end + 1))) {
          end += 1 + u->size();
          kind = money_mark::per_unit;
        }
      }
      out.push_back({pos, *cents, kind});
      blank(s, pos, pos + end);
      pos += end;
      in_numeral = false;
      continue;
    }
    pos += here.length;
  }
  return out;
}

}  // namespace linli::handlers::requests_detail
