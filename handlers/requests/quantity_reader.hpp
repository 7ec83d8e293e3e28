#pragma once
// Reads the quantities residents write with their items (2盒, 两盒, 十 斤, x2, 半瓶, 两三个,
// 各两盒) in one pass over the text, units from handlers/text/lexicons/units.tsv.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linli::handlers {

// A quantity written in the text: 2盒, 两盒, 十 斤, x2, 半瓶, 两三个 (the upper figure).
struct quantity_mark {
  std::size_t begin = 0, end = 0;  // bytes of the folded text
  std::int64_t value = 1;
  std::optional<std::string> unit;
  bool each = false;   // 各两盒: every item before it in the clause
  bool vague = false;  // 几个, 半瓶: counted as one; a figure written next wins over it
};

// Every quantity in folded text, left to right, not overlapping. Ages and durations (6个月,
// 3天) and drug strengths (10mg, 30毫克) are not quantities. 俩 and 仨 are two and three
// (卖我俩), except of people (我们俩人).
std::vector<quantity_mark> find_quantities(std::string_view folded);

// Whether a code point is part of a numeral: an ASCII digit or 〇一二…九 两 十 百 千 万.
bool is_numeral(char32_t cp);

}  // namespace linli::handlers
