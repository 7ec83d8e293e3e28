#pragma once
// The WeCom group robot webhook (群机器人, developer.work.weixin.qq.com/document/path/99110): how
// linli posts to a WeCom chat on its own. POST {base}/cgi-bin/webhook/send?key=KEY with a text
// message; the key, bound per chat by a coordinator (/robot), is the only credential.

#include <cstddef>
#include <string>
#include <string_view>

#include "bot/pipeline/outbound.hpp"

namespace linli::bot {
struct http_result;
}

namespace linli::bot::wecom {

// A text message holds at most 2048 bytes of UTF-8; a robot sends at most 20 messages a minute.
inline constexpr std::size_t robot_text_bytes = 2048;
inline constexpr int robot_per_minute = 20;

// The send URL of the robot with `key` under `base` ("https://qyapi.weixin.qq.com").
std::string robot_url(std::string_view base, std::string_view key);

// {"msgtype": "text", "text": {"content": text}}.
std::string robot_body(std::string_view text);

// What a WeCom answer means: {"errcode": 0} delivered; -1 (busy) and 45009 (over the rate
// limit) retried; any other errcode (a removed robot, a used response_url) given up. `what`
// names the destination in the error.
delivery checked(const http_result& r, std::string_view what);

}  // namespace linli::bot::wecom
