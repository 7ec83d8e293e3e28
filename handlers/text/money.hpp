#pragma once
// Reads money from text as integer cents, exactly, from the decimal digits; never floating point.
// Every amount is bounded so that no sum of a neighbourhood's amounts can wrap an int64.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace linli::text {

// The most one amount in a line may be: ¥1,000,000. Anything larger is kept as text, not money.
inline constexpr std::int64_t max_cents = 100'000'000;
// The most units one quantity in a line may be.
inline constexpr std::int64_t max_quantity = 100'000;

// a + b, or nullopt when the sum does not fit an int64.
inline std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}

// a * b, or nullopt when the product does not fit an int64.
inline std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

// a + b, held at the int64 bounds instead of wrapping: a total is never turned negative.
inline std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  if (const auto sum = checked_add(a, b)) return *sum;
  return b < 0 ? INT64_MIN : INT64_MAX;
}

// a * b, held at the int64 bounds instead of wrapping.
inline std::int64_t saturating_mul(std::int64_t a, std::int64_t b) {
  if (const auto product = checked_mul(a, b)) return *product;
  return (a < 0) != (b < 0) ? INT64_MIN : INT64_MAX;
}

// "59.9" -> 5990, "68" -> 6800, "0.5" -> 50; nullopt for more than two decimals, junk
// (exponents such as "1e9" included) or more than max_cents.
std::optional<std::int64_t> parse_cents(std::string_view decimal);

// Money at the start of folded text, in cents: "59.9元", "68块", "¥68", "五十元"; with
// bare_number also "200". Sets length to the bytes it took. nullopt past max_cents.
std::optional<std::int64_t> read_money(std::string_view folded, std::size_t& length,
                                       bool bare_number = false);

// Whether folded text marks an amount (¥ before or 元/块/rmb after) larger than max_cents:
// such an amount is not read as money, and the sender is told why.
bool has_money_past_cap(std::string_view folded);

}  // namespace linli::text
