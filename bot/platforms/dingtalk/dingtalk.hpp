#pragma once
// DingTalk outgoing robot: a signed POST per message that @-mentions the robot.

#include <memory>

#include "bot/platforms/platform.hpp"

namespace linli::bot::platforms {

// `services.robot_key` reads the chat's newest session webhook (kept by the writer) for what linli
// sends on its own.
std::unique_ptr<platform> make_dingtalk(const config::config& cfg,
                                        const platform_services& services = {});

}  // namespace linli::bot::platforms
