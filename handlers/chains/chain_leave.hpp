#pragma once
// Leaving a chain, as the chat writes it (handlers/chains/chain_leave.cpp).

#include <optional>
#include <string_view>

#include "handlers/core/dispatcher.hpp"

namespace linli::handlers {

// The entry number in "退出 3" / "取消 三" (also /chain remove 3): 0 when none is given, nullopt
// when the words are not a number ("退出群聊" is chatter, "取消 #12" is for another handler).
std::optional<int> entry_number(std::string_view args);

// 退出 / 取消 with ctx.args after the word: nothing, or the entry number ("退出 3", "取消 第二位");
// nullopt for other words (退出群聊) or when there is no chain.
std::optional<replies> on_leave(context& ctx);

// A whole short message that says its writer leaves (我退出, …退出接龙), from someone on the chain.
std::optional<replies> on_leave_words(context& ctx);

}  // namespace linli::handlers
