#pragma once
// Offers in the group: an offer is logged and matched to the oldest open need of its items;
// 已给 #N / 给了 #N closes it given, 撤回 #N / 不需要了 withdraws; /offers (互助) lists them.

#include <optional>
#include <string>

#include "handlers/requests/request_types.hpp"

namespace linli::handlers {

class dispatcher;
struct context;

// A need just logged is matched to the oldest open offer of one of its items: the offer becomes
// matched to it, and the line to add to the reply is returned (empty when nothing matched).
std::string match_new_need(context& ctx, const supply_request& r);

// An offer read from ctx.args and logged as the sender's, matched, with its reply; nullopt when
// the text is not an offer (an empty reply when it names nothing to give). What the free-text
// parser runs (and a correction, 代登记).
std::optional<replies> log_offer(context& ctx);

// A line of a sharing chain (共享药箱: 新康泰克,1盒10粒), logged as its poster's offer and matched;
// the reply line, or empty when the line names nothing to give.
std::string log_shared_line(context& ctx, std::string_view line);

void add_offer_handlers(dispatcher& d);

}  // namespace linli::handlers
