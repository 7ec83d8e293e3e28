#include "handlers/text/money.hpp"

#include "handlers/text/text.hpp"

namespace linli::text {
namespace {

using namespace std::string_view_literals;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

constexpr std::string_view suffixes[] = {"元"sv, "块钱"sv, "块"sv, "rmb"sv};

}  // namespace

std::optional<std::int64_t> parse_cents(std::string_view decimal) {
  std::int64_t whole = 0;
  std::size_t i = 0;
  while (i < decimal.size() && is_digit(decimal[i])) {
    whole = whole * 10 + (decimal[i++] - '0');
    if (whole > max_cents / 100) return std::nullopt;
  }
  if (i == 0) return std::nullopt;
  std::int64_t cents = whole * 100;
  if (i == decimal.size()) return cents;
  if (decimal[i] != '.') return std::nullopt;
  const std::string_view fraction = decimal.substr(i + 1);
  if (fraction.empty() || fraction.size() > 2) return std::nullopt;
  for (char c : fraction) {
    if (!is_digit(c)) return std::nullopt;
  }
  cents += (fraction[0] - '0') * 10;
  if (fraction.size() == 2) cents += fraction[1] - '0';
  if (cents > max_cents) return std::nullopt;
  return cents;
}

std::optional<std::int64_t> read_money(std::string_view s, std::size_t& length, bool bare_number) {
  constexpr std::string_view yen = "\u00A5";
  std::size_t at = 0;
  bool marked = false;
  if (s.starts_with(yen)) {
    at = yen.size();
    marked = true;
  } else if (s.starts_with("rmb")) {
    at = 3;
    marked = true;
  }
  while (at < s.size() && s[at] == ' ') ++at;
  std::optional<std::int64_t> cents;
  std::size_t digits = 0;
  if (const std::string_view d = decimal_at(s.substr(at)); !d.empty()) {
    cents = parse_cents(d);
    digits = d.size();
  } else if (const auto n = read_number(s.substr(at)); n && n->value <= max_cents / 100) {
    cents = n->value * 100;
    digits = n->length;
  }
  if (!cents) return std::nullopt;
  at += digits;
  bool suffixed = false;
  for (std::string_view suffix : suffixes) {
    if (s.substr(at).starts_with(suffix)) {
      at += suffix.size();
      suffixed = true;
      break;
    }
  }
  if (!marked && !suffixed && !bare_number) return std::nullopt;
  length = at;
  return cents;
}

bool has_money_past_cap(std::string_view s) {
  constexpr std::string_view yen = "\u00A5";
  for (std::size_t at = 0; at < s.size(); ++at) {
    if (!is_digit(s[at]) || (at > 0 && is_digit(s[at - 1]))) continue;
    const std::string_view d = decimal_at(s.substr(at));
    std::string_view before = s.substr(0, at);
    while (before.ends_with(' ')) before.remove_suffix(1);
    std::string_view after = s.substr(at + d.size());
    while (after.starts_with(' ')) after.remove_prefix(1);
    bool marked = before.ends_with(yen) || before.ends_with("rmb");
    for (std::string_view suffix : suffixes) marked = marked || after.starts_with(suffix);
    if (!marked) continue;
    // Past the cap: more yuan than max_cents / 100, or that many and some cents.
    const std::string_view whole = d.substr(0, d.find('.'));
    if (whole.size() > 7) return true;
    std::int64_t yuan = 0;
    for (char c : whole) yuan = yuan * 10 + (c - '0');
    const bool cents = d.find_first_of("123456789", whole.size()) != std::string_view::npos;
    if (yuan > max_cents / 100 || (yuan == max_cents / 100 && cents)) return true;
  }
  return false;
}

}  // namespace linli::text
