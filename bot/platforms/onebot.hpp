#pragma once
// OneBot v11 message codes (CQ codes): "text[CQ:at,qq=123]more". Exposed for tests and fuzzing.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace linli::bot::platforms {

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
