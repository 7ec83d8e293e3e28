#pragma once
// Reads money from text as integer cents, exactly, from the decimal digits; never floating point.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace linli::text {

// "59.9" -> 5990, "68" -> 6800, "0.5" -> 50; nullopt for more than two decimals or junk.
std::optional<std::int64_t> parse_cents(std::string_view decimal);

// Money at the start of folded text, in cents: "59.9元", "68块", "¥68", "五十元"; with
// bare_number also "200". Sets length to the bytes it took.
std::optional<std::int64_t> read_money(std::string_view folded, std::size_t& length,
                                       bool bare_number = false);

}  // namespace linli::text
