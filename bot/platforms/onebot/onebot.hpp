#pragma once
// OneBot v11, the protocol QQ bridges speak; and its message codes (CQ codes):
// "text[CQ:at,qq=123]more", exposed for tests and fuzzing.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bot/platforms/platform.hpp"

namespace linli::bot::platforms {

std::unique_ptr<platform> make_onebot(const config::config& cfg);

struct cq_segment {
  std::string type;                         // "text", "at", "reply", "image", ...
  std::map<std::string, std::string> data;  // "text" holds a text segment's words
};

// Splits a CQ-code string into segments, unescaping &amp; &#91; &#93; (and &#44; in parameters).
// Never fails: a '[' that opens no well-formed code is text.
std::vector<cq_segment> parse_cq(std::string_view message);

// Escapes text for a CQ-code string (&, [, ], and ',' inside a parameter).
std::string cq_escape(std::string_view text, bool in_parameter = false);

}  // namespace linli::bot::platforms
