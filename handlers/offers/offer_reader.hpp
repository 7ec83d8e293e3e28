#pragma once
// Reads neighbours' offers (邻里互助) from free text, in the forms residents write them: 我家有X，
// 谁需要 / X可以分享 / 找我拿 / 多了两盒X / 需要X的找我 / 按需取 / 免费送. The items, quantities
// and units come from the needs' item reader (handlers/requests/item_reader.hpp), which already
// knows what the sender says they have (我有…) from what they ask for.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/offers/offer_types.hpp"

namespace linli::handlers {

struct parsed_offer {
  std::optional<address> where;  // as written
  std::vector<offer_item> items;  // empty for a reply in a thread that names nothing (我有,下来拿)
  std::string category;           // the most pressing item's (medicine first)
};

// The offer in `text`, or nullopt when it offers nothing (a need, a question, chatter). With
// `offering`, the context already says the text offers (a line of a 共享药箱 chain:
// 新康泰克,1盒10粒) and its items are read as given.
std::optional<parsed_offer> parse_offer(std::string_view text, bool offering = false);

// The lexicon's name of an item as written (卷纸 -> 卫生纸), else its folded text: what matching
// compares on both sides.
std::string canonical_item(std::string_view written);

}  // namespace linli::handlers
