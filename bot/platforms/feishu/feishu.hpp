#pragma once
// Feishu / Lark event subscriptions (im.message.receive_v1).

#include <memory>
#include <string>

#include "bot/platforms/platform.hpp"

namespace linli::bot::platforms {

std::unique_ptr<platform> make_feishu(const config::config& cfg);

// The `uuid` of a send, by which Feishu drops a repeat within an hour: unique per part of an
// outbox row, and never the same for two rows even across a fresh database (it holds the row's
// creation time). Fits Feishu's 50-character limit.
std::string message_uuid(const outbound_message& m);

}  // namespace linli::bot::platforms
