#pragma once
// DingTalk outgoing robot: a signed POST per message that @-mentions the robot.

#include <memory>

#include "bot/platforms/platform.hpp"

namespace linli::bot::platforms {

std::unique_ptr<platform> make_dingtalk(const config::config& cfg);

}  // namespace linli::bot::platforms
