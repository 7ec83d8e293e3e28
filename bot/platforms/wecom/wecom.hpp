#pragma once
// WeCom (企业微信) 智能机器人 in API mode (developer.work.weixin.qq.com/document/path/101039): an
// encrypted JSON callback per message that @-mentions the bot in a group (or any message in a
// direct chat), a GET to verify the URL; answered by a passive, encrypted reply in the callback's
// answer while WeCom still waits, otherwise through the message's one-time response_url.

#include <memory>
#include <string>
#include <string_view>

#include "bot/platforms/platform.hpp"

namespace linli::bot::platforms {

// Messages it sends on its own go through each chat's group robot, looked up by services.robot_key.
std::unique_ptr<platform> make_wecom(const config::config& cfg,
                                     const platform_services& services = {});

}  // namespace linli::bot::platforms

namespace linli::bot::wecom {

// The text without the bot's @-mention. With the bot's name, every "@name" between spaces (or
// WeChat's U+2005, or the ends) goes; without it, a leading "@word " goes (a group delivers only
// messages that mention the bot, and people put the mention first). `removed` gets the mention
// taken out ("@RobotA"), or "".
std::string strip_mention(std::string_view text, std::string_view bot_name, std::string& removed);

// Whether a URL's scheme, host and port are exactly `origin`'s ("https://qyapi.weixin.qq.com").
bool same_origin(std::string_view url, std::string_view origin);

}  // namespace linli::bot::wecom
