#pragma once
// Slack Events API: signed event callbacks and slash commands.

#include <memory>

#include "bot/platforms/platform.hpp"

namespace linli::bot::platforms {

std::unique_ptr<platform> make_slack(const config::config& cfg);

}  // namespace linli::bot::platforms
