#pragma once
// Reads a household's address from free text, as residents write it in requests, orders and /addr.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "handlers/text/address_types.hpp"

namespace linli::text {

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

}  // namespace linli::text
