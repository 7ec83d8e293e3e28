#pragma once
// Reads an order for an open group buy in the forms residents write it: +2, ＋３, 3份, 两份
// 5栋1201, 1份 11-1-702, 我要一份 18-2-1903, 我也要一份, 要兩份 3座1502, 加一份, 再加2份, 我要 2
// 箱, 14栋1003 一箱, 7-2-301 +2, 二份 谢谢团长, +1 🙋, 改成3份, 我来一份, +5(帮楼上带), 2份就行.
// Only the order's shape is read here; the group-buy handler checks that a buy is open.

#include <cstdint>
#include <optional>
#include <string_view>

#include "handlers/text/address.hpp"

namespace linli::handlers {

struct order_reading {
  std::int64_t quantity = 0;     // negative to take some off (-1)
  bool add = false;              // +2, 加一份: added to the sender's earlier order
  bool replace = false;          // 改成3份: instead of the sender's earlier order
  std::optional<address> where;  // the household, when written
};

// The order in folded text, or nullopt when the text is not only an order: a bare number (a
// confirmation's 1) or any other words. `title` and `unit` are the buy's, folded (蔬菜包, 份).
std::optional<order_reading> read_order(std::string_view folded, std::string_view title,
                                        std::string_view unit);

}  // namespace linli::handlers
