// The text of WeCom callbacks: the bot's @-mention, and whose URLs linli follows.

#include "bot/platforms/wecom/wecom.hpp"

#include <cctype>

namespace linli::bot::wecom {
namespace {

// The bytes of the separator at `at` (a space, WeChat's U+2005, U+3000, a line break); 0 at the
// end of the text; npos where there is none.
std::size_t separator_at(std::string_view text, std::size_t at) {
  if (at >= text.size()) return 0;
  if (text[at] == ' ' || text[at] == '\n' || text[at] == '\t') return 1;
  const std::string_view rest = text.substr(at);
  return rest.starts_with("\u2005") || rest.starts_with("\u3000") ? 3 : std::string_view::npos;
}

bool separator_before(std::string_view text, std::size_t at) {
  const std::string_view head = text.substr(0, at);
  return head.empty() || head.ends_with(' ') || head.ends_with('\n') || head.ends_with('\t') ||
         head.ends_with("\u2005") || head.ends_with("\u3000");
}

std::string without_leading_spaces(std::string_view text) {
  while (!text.empty() && separator_at(text, 0) != std::string_view::npos && text.front() != '\n') {
    text.remove_prefix(separator_at(text, 0));
  }
  return std::string(text);
}

}  // namespace

std::string strip_mention(std::string_view text, std::string_view bot_name, std::string& removed) {
  removed.clear();
  if (bot_name.empty()) {
    if (!text.starts_with('@')) return std::string(text);
    for (std::size_t at = 1; at <= text.size(); ++at) {
      const std::size_t sep = separator_at(text, at);
      if (sep == std::string_view::npos) continue;
      if (at == 1) break;  // a lone "@"
      removed = std::string(text.substr(0, at));
      return without_leading_spaces(text.substr(at + sep));
    }
    return std::string(text);
  }
  const std::string mention = "@" + std::string(bot_name);
  std::string out;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t sep = text.substr(at).starts_with(mention) && separator_before(text, at)
                                ? separator_at(text, at + mention.size())
                                : std::string_view::npos;
    if (sep == std::string_view::npos) {
      out += text[at++];
      continue;
    }
    removed = mention;
    at += mention.size() + sep;
  }
  return removed.empty() ? out : without_leading_spaces(out);
}

bool same_origin(std::string_view url, std::string_view origin) {
  const auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  if (origin.empty() || url.size() < origin.size()) return false;
  if (lower(url.substr(0, origin.size())) != lower(origin)) return false;
  // The origin must end where the URL's authority ends: "https://qyapi.weixin.qq.com.evil/",
  // "…qq.com@evil/" and "…qq.com:8443/" are other hosts.
  return url.size() == origin.size() || url[origin.size()] == '/';
}

}  // namespace linli::bot::wecom
