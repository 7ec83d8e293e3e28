#pragma once
// Reads residents' supply and medicine requests from free text: the address, the items with
// quantities and prices, and what kind of need it is. Money is integer cents, parsed from the
// decimal text; never floating point.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/requests/request_types.hpp"

namespace linli::handlers {

// "3-2-501", "3号楼2单元501", "12栋602"; the household key used for tallies and duplicates.
std::string to_string(const address& a);

struct parsed_address {
  address value;
  std::size_t begin = 0;  // byte range in the text it was read from
  std::size_t end = 0;
};

// The first address in the text: 3号楼2单元501, 3栋2单元501室, 3-2-501, 12栋602, 5幢1202,
// 七号楼三单元302, with full-width digits too.
std::optional<parsed_address> find_address(std::string_view text);

// "59.9" -> 5990, "68" -> 6800, "0.5" -> 50; nullopt for more than two decimals or junk.
std::optional<std::int64_t> parse_cents(std::string_view decimal);

// Money at the start of folded text, in cents: "59.9元", "68块", "¥68", "五十元"; with
// bare_number also "200". Sets length to the bytes it took.
std::optional<std::int64_t> read_money(std::string_view folded, std::size_t& length,
                                       bool bare_number = false);

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

  // The request's money: the stated total if given, else the sum of the items' amounts.
  std::optional<std::int64_t> total_cents() const;
};

// Reads a request; nullopt when the text is not one (a question, thanks, chatter, no item).
std::optional<parsed_request> parse_request(std::string_view text);

// The category of an item name (硝苯地平 -> medicine, 胰岛素 -> medicine, 冻肉 -> cold_chain).
category categorize(std::string_view item_name);

}  // namespace linli::handlers
