#pragma once
// OneBot 12 (github.com/botuniverse/onebot, the protocol WeChat bridges such as ComWeChat
// implement) over HTTP Webhook: events POSTed with a bearer token, answered through the
// send_message action or, where the implementation runs them, with actions in the webhook's
// answer. Unofficial bridges: at the operator's own risk (deploy/README.md).

#include <memory>

#include "bot/platforms/platform.hpp"

namespace linli::bot::platforms {

std::unique_ptr<platform> make_onebot12(const config::config& cfg);

}  // namespace linli::bot::platforms
