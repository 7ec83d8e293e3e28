#pragma once
// What one line of a 接龙 says: its number as written, the person's name, the slot they ask for,
// and the key copies are matched by. The whole post is read by chain_parser.hpp.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace linli::handlers {

struct entry_marker {
  int number;
  std::size_t length;  // bytes up to the entry text
};

// The entry number at the start of a line: "1." "1、" "1)" "1．" "１." "(1)" "①" "1 " ...;
// nullopt for a line that is not numbered ("2022.11.20", "1.5斤", "3 2 501", a bare number).
std::optional<entry_marker> read_marker(std::string_view line);

// White space within a line: space, tab, the ideographic space, the no-break space.
bool is_line_space(char32_t cp);

// The folded form of a line with white space and punctuation removed: how entries and headers
// are matched across copies ("张三 3号楼，上午" and "张三3号楼 上午" are the same line).
std::string match_key(std::string_view line);

// The slot an entry names: 上午, 下午, 全天, 晚上, or a time range "08:00-12:00"; nullopt if none.
std::optional<std::string> parse_slot(std::string_view text);

// The first word of an entry (the person's name as written) and the rest.
std::pair<std::string, std::string> split_name(std::string_view entry_text);

}  // namespace linli::handlers
