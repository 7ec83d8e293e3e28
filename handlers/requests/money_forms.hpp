#pragma once
// Reads the amounts in the forms volunteers and donors write them (handlers/text/money.hpp reads
// the plain ones): thousands separators (2,000元, 1,280.00元), 万 (2萬), Chinese numerals
// (两百块, 貳佰元), a leading colon or ¥, words after the amount (捐款两百块 给大白买水), and the
// words that say what was paid (实付, 花了, 一共, 共花, 共计, 垫付, 付了, paid). Integer cents,
// never floating point; nullopt past text::max_cents. One pass, no backtracking.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace linli::handlers {

// The amount at the start of folded text (after spaces, ':' and '¥'), in cents; a bare number
// counts. Sets `length` to the bytes it took.
std::optional<std::int64_t> read_amount(std::string_view folded, std::size_t& length);

// What a spending report says was paid: the amount after its first paid word, or nullopt when
// none is written. `unreadable` is set when a paid word stands with no readable amount after it
// (实付 很多), so the sender can be told.
std::optional<std::int64_t> read_paid(std::string_view folded, bool& unreadable);

// The words read_paid starts at (实付, 共花了, 垫付, paid, ...), folded.
std::span<const std::string_view> paid_words();

}  // namespace linli::handlers
