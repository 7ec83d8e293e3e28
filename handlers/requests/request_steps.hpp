#pragma once
// A logged need's steps in the chat, after request_commands logs it: claims (认领 #5, 我来5,
// #5我来), a coordinator's assignment (派 #5 小李), 已买 / 已送 with what was paid, 取消, and
// corrections (改 #5 …, 改 #5 类别:药品, and an edit of the message that logged the need).

#include <string>

#include "handlers/core/model.hpp"
#include "handlers/requests/request_parser.hpp"
#include "handlers/requests/request_types.hpp"

namespace linli::handlers {

class dispatcher;
struct context;

// Fills what a message says into a request (new, or corrected with 改).
void apply_parsed(context& ctx, const parsed_request& p, supply_request& r);

// "待认领", "已认领", …: a status as the chat reads it.
std::string status_label(const context& ctx, request_status s);

// Registers the step keywords (Chinese first; the English words serve chats on /lang en) and the
// edit reader.
void add_request_steps(dispatcher& d);

}  // namespace linli::handlers
