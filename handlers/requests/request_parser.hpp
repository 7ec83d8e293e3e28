#pragma once
// Reads residents' supply and medicine requests from free text: the address, the items with
// quantities and prices, and what kind of need it is. Money is integer cents, parsed from the
// decimal text (handlers/text/money.hpp); never floating point.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/requests/request_types.hpp"
#include "handlers/text/address.hpp"
#include "handlers/text/money.hpp"

namespace linli::handlers {

// The shared readers of addresses and money (handlers/text/), where the parser's callers have
// always found them.
using text::find_address;
using text::parse_cents;
using text::parsed_address;
using text::read_money;
using text::to_string;

enum class category { medicine, cold_chain, food, daily, other };
std::string_view category_name(category c);  // "medicine", "cold_chain", ...

struct parsed_item {
  std::string name;
  std::int64_t quantity = 1;
  std::optional<std::string> unit;           // 盒, 斤, 个 ...
  std::optional<std::int64_t> amount_cents;  // the line's money, if stated
  friend bool operator==(const parsed_item&, const parsed_item&) = default;
};

struct parsed_request {
  std::optional<address> where;
  std::vector<parsed_item> items;
  std::optional<std::int64_t> stated_total_cents;  // 共136元
  category kind = category::other;
  bool urgent = false;
  std::optional<std::string> urgency_reason;  // the words that make it urgent, as written
  std::optional<std::string> priority_group;  // elderly, infant, pregnant: not urgent by itself
  bool question = false;                      // asked of the group (谁家有…? 有没有…)

  // The request's money: the stated total if given, else the sum of the items' amounts.
  std::optional<std::int64_t> total_cents() const;
};

// Reads a request; nullopt when the text is not one (a question that asks for nothing, thanks,
// advice, an offer of the sender's own goods, chatter, no item). Items come from the item
// lexicon wherever they stand in the message; a name the lexicon does not know is read when a
// quantity is written with it (三七粉 1瓶).
std::optional<parsed_request> parse_request(std::string_view text);

// The category of an item name (硝苯地平 -> medicine, 胰岛素 -> medicine, 冻肉 -> cold_chain).
category categorize(std::string_view item_name);

}  // namespace linli::handlers
