#include "bot/platforms/wecom/wecom_robot.hpp"

#include "bot/net/http_client.hpp"
#include "bot/platforms/common.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::bot::wecom {

std::string robot_url(std::string_view base, std::string_view key) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string url(base);
  while (url.ends_with('/')) url.pop_back();
  url += "/cgi-bin/webhook/send?key=";
  for (const char c : key) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      url += c;
    } else {
      url += '%';
      url += hex[u >> 4];
      url += hex[u & 15];
    }
  }
  return url;
}

std::string robot_body(std::string_view text) {
  return platforms::dump({{"msgtype", "text"}, {"text", {{"content", text}}}});
}

delivery checked(const http_result& r, std::string_view what) {
  delivery d = delivery_of(r);
  if (d.result != delivery::outcome::sent) return d;
  const auto answer = platforms::json::parse(r.body, nullptr, false);
  const std::int64_t code = platforms::int_field(answer, "errcode", 0);
  if (code == 0) return d;
  d.error = std::string(what) + " errcode " + std::to_string(code) + ": " +
            std::string(utf8::truncate(platforms::text_field(answer, "errmsg"), 200));
  d.result = code == -1 || code == 45009 ? delivery::outcome::retry : delivery::outcome::give_up;
  if (code == 45009) d.retry_after_ms = 60'000;  // the robot's minute is used up
  return d;
}

}  // namespace linli::bot::wecom
