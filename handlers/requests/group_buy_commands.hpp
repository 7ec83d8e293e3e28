#pragma once
// 团购 (group buys): a coordinator opens one (/团购 蔬菜包 68元/份 截止18:00), residents join
// with "+2" or "3-1-201 2份", everyone sees the running tally by building, and closing it
// produces the order sheet per building and household.

#include <string>
#include <vector>

#include "handlers/requests/request_types.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

class dispatcher;

void add_group_buy_handlers(dispatcher& d);

// The order sheet: per building, per household, quantities and money, and the totals.
std::string render_order_sheet(const group_buy& g, const std::vector<group_buy_order>& orders,
                               storage::language lang);

}  // namespace linli::handlers
