#pragma once
// Reads the items of a need the way residents write them: names from the item lexicon
// (handlers/text/lexicons/items.tsv) wherever they sit in a sentence, each with the quantity
// written before it (两盒布洛芬, 300粒维C) or after it (布洛芬2盒, 布洛芬 两盒, 各两盒); the
// rest of the sentence is context, not items. One pass over the text for each kind of mark:
// linear in the input, no backtracking.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "handlers/requests/quantity_reader.hpp"

namespace linli::handlers {

struct read_item {
  std::size_t begin = 0, end = 0;  // bytes of the folded text
  std::string name;                // as written: simplified, half-width, case kept
  std::string category;            // the lexicon's category
  std::string canonical;           // the lexicon's name for it (卷纸 -> 卫生纸)
  std::int64_t quantity = 1;
  std::optional<std::string> unit;
  bool has_quantity = false;
};

struct item_reading {
  std::vector<read_item> items;       // what is asked for
  bool offered = false;               // items were named only as something the sender has or gives
  std::vector<read_item> owned;       // what the sender says they have (我有…): for offers
  std::vector<quantity_mark> unused;  // quantities no lexicon item took, in text order
  std::vector<std::pair<std::size_t, std::size_t>> named;  // every lexicon name, kept or not
};

// The items in `folded` (text::fold of the message, with the address and money already
// blanked to spaces). `display` is the same text folded without lower-casing, byte for byte
// aligned, for the names. `filler[i]` is true for bytes of intent, urgency and other phrases
// that may stand between an item and its quantity (需要, 急, 需冷藏); `quiet[i]` is true where a
// number is no quantity to buy (只剩三片: how much is left).
item_reading read_items(std::string_view folded, std::string_view display,
                        const std::vector<bool>& filler, const std::vector<bool>& quiet);

}  // namespace linli::handlers
