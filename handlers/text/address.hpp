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
  // A room written apart from its building (楼上102的爷爷 … 3号楼): its byte range, else empty.
  std::size_t also_begin = 0;
  std::size_t also_end = 0;
};

// The first address in the text: 3号楼2单元501, 3栋2单元501室, 3-2-501, 3/2/501, 3.2.501,
// 12栋602, 12#602, 5幢1202, 7座1201, 七号楼三单元302, 十一栋一单元五〇二, A区7栋1单元301 and
// 南区12号楼 (the area kept in the building), with full-width digits too. Without a building:
// 1单元502 (unit and room) and 302室 (room only), taken only when no building is written. A
// building written without its room takes a lone 3–4 digit room elsewhere in the text (4号楼 …
// 5楼 502). One pass over the text, linear in its length.
std::optional<parsed_address> find_address(std::string_view text);

}  // namespace linli::text
