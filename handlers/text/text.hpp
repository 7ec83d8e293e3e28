#pragma once
// Text normalisation shared by every parser. Residents type full-width digits, Chinese numerals and
// traditional characters as a matter of course; parsers match against the folded form while the
// original text is what gets stored and echoed.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linli::text {

// Full-width ASCII variants (U+FF01..U+FF5E) become ASCII, the ideographic space a space, and the
// full-width yuan sign U+FFE5 becomes U+00A5. Everything else is kept as is.
std::string to_halfwidth(std::string_view s);

// Traditional -> simplified, character by character (OpenCC t2s, loaded once; throws
// std::runtime_error naming the missing configuration). Used for matching only: names and free
// text are stored as written.
std::string to_simplified(std::string_view s);

// The form keywords and commands are matched in: half-width, simplified, ASCII lower-case.
std::string fold(std::string_view s);

// fold() of one code point.
char32_t fold_char(char32_t cp);

// Loads the traditional -> simplified table now, so a missing OpenCC configuration stops the
// program at start with a clear std::runtime_error instead of at the first message.
void load_simplifier();

// The value of a Chinese numeral that makes up all of s: 三 -> 3, 十二 -> 12, 两 -> 2, 二十五 ->
// 25, 一百零五 -> 105, 两千五 -> 2500, 三〇二 -> 302 (digit by digit, as room numbers are read).
// Financial forms (壹 贰 叁 ... 拾 佰 仟) and traditional 兩 萬 億 are accepted too.
std::optional<std::int64_t> parse_chinese_number(std::string_view s);

struct number {
  std::int64_t value;
  std::size_t length;  // bytes of s that the numeral takes
};

// Reads the numeral at the start of s: ASCII digits, full-width digits or a Chinese numeral.
// Values past 10^15 are refused rather than wrapped.
std::optional<number> read_number(std::string_view s);

// The decimal number at the start of s in ASCII digits ("59.9", "68", not "59." or ".5"): its
// text, or empty.
std::string_view decimal_at(std::string_view s);

// s without leading and trailing ASCII white space, ideographic spaces and no-break spaces.
std::string_view trim(std::string_view s);

// What follows, in `original`, the part that folds to `folded_prefix`: fold keeps one code point
// per code point, so as many code points are skipped. Trimmed.
std::string_view after_folded(std::string_view original, std::string_view folded_prefix);

// The parts with `sep` between them.
std::string join(const std::vector<std::string>& parts, std::string_view sep);

}  // namespace linli::text
