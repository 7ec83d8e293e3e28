#include "handlers/requests/money_forms.hpp"

#include <array>

#include "handlers/text/money.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {
namespace {

using namespace std::string_view_literals;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// "2,000" / "1,280.00": digits in groups of three after the first, commas dropped; empty when the
// text has no such separators.
std::string without_separators(std::string_view s, std::size_t& length) {
  std::size_t at = 0;
  while (at < s.size() && is_digit(s[at])) ++at;
  if (at == 0 || at > 3 || at >= s.size() || s[at] != ',') return {};
  std::string digits(s.substr(0, at));
  while (at + 4 <= s.size() && s[at] == ',' && is_digit(s[at + 1]) && is_digit(s[at + 2]) &&
         is_digit(s[at + 3])) {
    if (at + 4 < s.size() && is_digit(s[at + 4])) return {};  // 2,0000 is no thousands group
    digits.append(s.substr(at + 1, 3));
    at += 4;
  }
  if (at < s.size() && s[at] == ',') return {};
  if (at < s.size() && s[at] == '.') {
    std::size_t end = at + 1;
    while (end < s.size() && is_digit(s[end])) ++end;
    digits.append(s.substr(at, end - at));
    at = end;
  }
  length = at;
  return digits;
}

constexpr std::array paid_word_list = {"实付"sv, "共花了"sv, "共花"sv, "花了"sv,
                                       "一共"sv, "共计"sv,   "合计"sv, "垫付了"sv,
                                       "垫付"sv, "垫了"sv,   "付了"sv, "paid"sv};

// 付了三天了, 垫了两次: a number of days or times after a paid word is how long or how often,
// not how much.
bool reads_a_duration(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  const auto n = text::read_number(s);
  if (!n) return false;
  const std::string_view after = s.substr(n->length);
  for (std::string_view w :
       {"天"sv, "小时"sv, "个小时"sv, "个月"sv, "次"sv, "周"sv, "星期"sv, "年"sv, "分钟"sv}) {
    if (after.starts_with(w)) return true;
  }
  return false;
}

}  // namespace

std::optional<std::int64_t> read_amount(std::string_view s, std::size_t& length) {
  if (reads_a_duration(s)) return std::nullopt;
  std::size_t at = 0;
  while (at < s.size() && (s[at] == ' ' || s[at] == ':')) ++at;
  const std::size_t start = at;
  std::string_view rest = s.substr(at);
  std::size_t taken = 0;
  std::optional<std::int64_t> cents;
  const std::string_view yen = "\u00A5";
  const std::size_t marked = rest.starts_with(yen) ? yen.size() : 0;
  std::size_t digits = 0;
  if (const std::string plain = without_separators(rest.substr(marked), digits); !plain.empty()) {
    cents = text::parse_cents(plain);
    if (!cents) return std::nullopt;
    taken = marked + digits;
    for (std::string_view suffix : {"元"sv, "块钱"sv, "块"sv, "rmb"sv}) {
      if (rest.substr(taken).starts_with(suffix)) {
        taken += suffix.size();
        break;
      }
    }
  }
  // 2,0000: digits and a comma that are no thousands groups are no amount.
  if (!cents && digits == 0) {
    std::size_t at_digit = marked;
    while (at_digit < rest.size() && is_digit(rest[at_digit])) ++at_digit;
    if (at_digit > marked && at_digit + 1 < rest.size() && rest[at_digit] == ',' &&
        is_digit(rest[at_digit + 1]))
      return std::nullopt;
  }
  if (!cents) cents = text::read_money(rest, taken, true);
  if (!cents) return std::nullopt;
  // 2万, 2萬 (folded to 万): ten thousand yuan each.
  if (const std::string_view after = rest.substr(taken); after.starts_with("万")) {
    const auto big = text::checked_mul(*cents, 10'000);
    if (!big || *big > text::max_cents) return std::nullopt;
    cents = big;
    taken += std::string_view("万").size();
    for (std::string_view suffix : {"元"sv, "块"sv}) {
      if (rest.substr(taken).starts_with(suffix)) {
        taken += suffix.size();
        break;
      }
    }
  }
  length = start + taken;
  return cents;
}

std::span<const std::string_view> paid_words() {
  return paid_word_list;
}

std::optional<std::int64_t> read_paid(std::string_view s, bool& unreadable) {
  unreadable = false;
  for (std::size_t pos = 0; pos < s.size(); ++pos) {
    for (std::string_view word : paid_word_list) {
      if (!s.substr(pos).starts_with(word)) continue;
      // 一共花了45.5: one paid word after another.
      std::size_t at = pos + word.size();
      for (bool more = true; more;) {
        more = false;
        while (at < s.size() && s[at] == ' ') ++at;
        for (std::string_view next : paid_word_list) {
          if (s.substr(at).starts_with(next)) at += next.size(), more = true;
        }
      }
      std::size_t length = 0;
      if (const auto cents = read_amount(s.substr(at), length)) return cents;
      if (reads_a_duration(s.substr(at))) continue;
      unreadable = true;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace linli::handlers
