#pragma once
// Internal to the item reader (handlers/requests/item_reader.cpp): where the lexicon's item names
// stand in a need's folded text, and the marks around them.

#include <cstddef>
#include <string_view>
#include <vector>

#include "handlers/requests/item_reader.hpp"

namespace linli::handlers {

// Where one clause of a message ends (folded text: full-width marks are ASCII already).
bool clause_mark(char32_t cp);

// Every lexicon name in `s` (folded) where it stands as a name, with a dosage form written after
// it (叶酸 + 片); `display` gives the names as written. A one-character name counts at the start
// of a token, after a filler phrase or right after a quantity (`quantity_end[i]`).
std::vector<read_item> lexicon_items(std::string_view s, std::string_view display,
                                     const std::vector<bool>& filler,
                                     const std::vector<bool>& quantity_end);

// Whether only spaces, colons, emoji and filler phrases stand in [from, to).
bool only_filler(std::string_view s, const std::vector<bool>& filler, std::size_t from,
                 std::size_t to);

}  // namespace linli::handlers
