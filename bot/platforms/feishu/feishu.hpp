#pragma once
// Feishu / Lark event subscriptions (im.message.receive_v1).

#include <memory>

#include "bot/platforms/platform.hpp"

namespace linli::bot::platforms {

std::unique_ptr<platform> make_feishu(const config::config& cfg);

}  // namespace linli::bot::platforms
