#pragma once
// Telegram Bot API: updates POSTed to the webhook set by setWebhook.

#include <memory>

#include "bot/platforms/platform.hpp"

namespace linli::bot::platforms {

std::unique_ptr<platform> make_telegram(const config::config& cfg);

}  // namespace linli::bot::platforms
