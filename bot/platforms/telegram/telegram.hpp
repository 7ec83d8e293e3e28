#pragma once
// Telegram Bot API: updates POSTed to the webhook set by setWebhook.

#include <memory>

#include "bot/platforms/platform.hpp"

namespace linli::bot::platforms {

// `services.robot_key` reads the topic the chat last used (kept by the writer), for what linli
// sends on its own.
std::unique_ptr<platform> make_telegram(const config::config& cfg,
                                        const platform_services& services = {});

}  // namespace linli::bot::platforms
