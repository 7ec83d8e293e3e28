#pragma once
// What the handlers made of a message: the label kept beside it in the inbox. These strings are
// stored and queried (`GET /v1/chats/{chat}/messages?kind=chatter`), so they are part of the data
// and never change meaning; every label a handler records is named here, and only here.

#include <string_view>

namespace linli::handlers::kinds {

// The dispatcher's own.
inline constexpr std::string_view command = "command";  // a slash command (or its keyword form)
inline constexpr std::string_view unknown_command = "unknown_command";
inline constexpr std::string_view denied = "denied";    // a command the sender may not use
inline constexpr std::string_view keyword = "keyword";  // a bare word such as 帮助
inline constexpr std::string_view chatter =
    "chatter";                                        // parsed as nothing; listed for coordinators
inline constexpr std::string_view failed = "failed";  // handling threw; the message is kept
inline constexpr std::string_view edited = "edited";  // an edit: kept, not acted on
inline constexpr std::string_view other_bot = "other_bot";  // "/cmd@another_bot": not ours

// 接龙 chains.
inline constexpr std::string_view chain_post = "chain_post";  // a copy of a chain
inline constexpr std::string_view chain_leave = "chain_leave";
inline constexpr std::string_view chain_proxy = "chain_proxy";  // 帮报: signing up someone else

// Needs, group buys, donations.
inline constexpr std::string_view request = "request";
inline constexpr std::string_view request_claim = "request_claim";
inline constexpr std::string_view request_bought = "request_bought";
inline constexpr std::string_view request_delivered = "request_delivered";
inline constexpr std::string_view request_cancel = "request_cancel";
inline constexpr std::string_view request_edit = "request_edit";
inline constexpr std::string_view address = "address";  // a registered address (/addr, 我家是…)
inline constexpr std::string_view group_buy_order = "group_buy_order";
inline constexpr std::string_view group_buy_late = "group_buy_late";  // an order after the close
inline constexpr std::string_view group_buy_withdraw = "group_buy_withdraw";  // 我的那份不要了
inline constexpr std::string_view donation = "donation";

// Offers (邻里互助).
inline constexpr std::string_view offer = "offer";
inline constexpr std::string_view offer_given = "offer_given";
inline constexpr std::string_view offer_withdraw = "offer_withdraw";

// Tasks and shifts.
inline constexpr std::string_view task_claim = "task_claim";
inline constexpr std::string_view task_leave = "task_leave";
inline constexpr std::string_view task_done = "task_done";
inline constexpr std::string_view task_confirm = "task_confirm";

}  // namespace linli::handlers::kinds
