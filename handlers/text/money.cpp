#include "handlers/text/money.hpp"

#include "handlers/text/text.hpp"

namespace linli::text {
namespace {

using namespace std::string_view_literals;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::optional<std::int64_t> parse_cents(std::string_view decimal) {
  std::int64_t whole = 0;
  std::size_t i = 0;
  while (i < decimal.size() && is_digit(decimal[i])) {
    if (whole > 100'000'000'000) return std::nullopt;  // 10^11 yuan is not a neighbourhood sum
    whole = whole * 10 + (decimal[i++] - '0');
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
  } else if (const auto n = read_number(s.substr(at)); n && n->value <= 1'000'000) {
    cents = n->value * 100;
    digits = n->length;
  }
  if (!cents) return std::nullopt;
  at += digits;
  bool suffixed = false;
  for (std::string_view suffix : {"元"sv, "块钱"sv, "块"sv, "rmb"sv}) {
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

}  // namespace linli::text
