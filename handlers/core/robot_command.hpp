#pragma once
// /robot KEY_OR_URL: a coordinator binds the chat's group robot webhook (WeCom 群机器人), through
// which linli posts what it sends on its own (reminders, confirmations, promotions). The key is a
// secret: the command's text is kept in the inbox without it (command::secret_args), the reply
// and every view show it masked.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "handlers/core/model.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

class dispatcher;

// The platform whose chats need a bound robot to receive messages linli sends on its own.
inline constexpr std::string_view robot_platform = "wecom";

// The key in what a coordinator pasted: a bare key, or a webhook URL with "key=…"; nullopt when
// it is neither (only letters, digits, '-' and '_', 8 to 128 of them).
std::optional<std::string> robot_key_of(std::string_view given);

// "693a****5aaa": the first and last four characters of a long key, "****" for a short one.
std::string mask_key(std::string_view key);

void add_robot_commands(dispatcher& d);

// GET /v1/chats/{chat_id}/robot: {"bound", "key" (masked), "bound_by", "bound_at_ms", "waiting"
// (the chat's messages still to send)}; never the key itself.
nlohmann::json robot_view(storage::store& store, const chat_ref& chat);

}  // namespace linli::handlers
