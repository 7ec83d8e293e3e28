// Every platform's webhook parser on arbitrary bodies, and OneBot's CQ codes. The first byte picks
// the platform; the rest is the raw body. Verification is not in the way (no secrets are set), so
// everything reaches the parsers. WeCom's callbacks are encrypted: its body is also sealed with the
// test key as WeCom would, so the decrypted message reaches its parser too (as a POST and as the
// GET's echostr). A parser may refuse (http_error, a 4xx); anything else escaping is a finding.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "bot/platforms/onebot/onebot.hpp"
#include "bot/platforms/platform.hpp"
#include "bot/platforms/wecom/wecom_crypto.hpp"
#include "handlers/text/utf8.hpp"

using namespace linli;
using namespace linli::bot;

namespace {

constexpr std::string_view wecom_aes_key = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";

const platform_registry& enabled() {
  static const platform_registry registry = [] {
    config::config cfg;
    // Enabled without webhook secrets (--insecure-dev): requests are not authenticated, so all
    // bodies are parsed.
    cfg.insecure_dev = true;
    cfg.env.vars = {{"LINLI_TELEGRAM_TOKEN", "1:x"},
                    {"LINLI_ONEBOT_API_BASE", "http://x"},
                    {"LINLI_SLACK_BOT_TOKEN", "xoxb-x"},
                    {"LINLI_FEISHU_APP_ID", "cli_x"},
                    {"LINLI_DINGTALK_API_BASE", "http://x"},
                    {"LINLI_WECOM_AES_KEY", std::string(wecom_aes_key)},
                    {"LINLI_ONEBOT12_API_BASE", "http://x"}};
    return make_platforms(cfg);
  }();
  return registry;
}

// The requests one body becomes for platform `p`.
std::vector<http_request> requests_for(const platform& p, const std::string& body) {
  std::vector<http_request> out;
  for (const char* type : {"application/json", "application/x-www-form-urlencoded"}) {
    out.push_back(
        {"POST", "/v1/webhook/x", {{"content-type", type}, {"x-onebot-version", "12"}}, body});
  }
  if (p.name() == "wecom") {
    static const std::string key = *wecom::aes_key(wecom_aes_key);
    const std::string sealed = wecom::encrypt(key, body, "", std::string(16, 'r'));
    out.push_back({"POST",
                   "/v1/webhook/wecom?timestamp=1&nonce=n",
                   {},
                   nlohmann::json{{"encrypt", sealed}}.dump()});
    out.push_back({"GET", "/v1/webhook/wecom?echostr=" + sealed, {}, ""});
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& all = enabled().all();
  const platform& p = *all[data[0] % all.size()];
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  for (const http_request& request : requests_for(p, body)) {
    try {
      p.verify(request, 1669000000000);
      const inbound in = p.parse(request, 1669000000000);
      if (in.message && in.message->chat.chat_id.empty()) __builtin_trap();  // always a chat
    } catch (const http_error& e) {
      if (e.status < 400 || e.status > 499) __builtin_trap();
    }
  }
  std::string joined;
  for (const auto& segment : platforms::parse_cq(body)) {
    for (const auto& [key, value] : segment.data) joined += value;
  }
  // Escaping then parsing gives the text back.
  const auto round_trip = platforms::parse_cq(platforms::cq_escape(body));
  if (!body.empty() && (round_trip.size() != 1 || round_trip[0].data.at("text") != body)) {
    __builtin_trap();
  }
  return 0;
}
