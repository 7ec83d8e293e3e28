#pragma once
// A WeCom 智能机器人 callback as WeCom sends it, for the adapter's tests: key set A of the official
// Python sample (a 智能机器人 has the empty receive id), the plaintext encrypted and signed.

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "bot/platforms/signature.hpp"
#include "bot/platforms/wecom/wecom.hpp"
#include "bot/platforms/wecom/wecom_crypto.hpp"
#include "tests/bot/platforms/platform_test_support.hpp"

namespace linli::testing::wecom_samples {

inline const std::string token = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo";
inline const std::string encoding_key = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";

inline std::unique_ptr<bot::platform> bot_with(
    std::map<std::string, config::platform_config> options = {},
    std::map<std::string, std::string> extra = {}) {
  std::map<std::string, std::string> vars = {{"LINLI_WECOM_TOKEN", token},
                                             {"LINLI_WECOM_AES_KEY", encoding_key}};
  vars.insert(extra.begin(), extra.end());
  return bot::platforms::make_wecom(with_env(vars, std::move(options)));
}

// The plaintext encrypted, signed, in {"encrypt": ...}.
inline bot::http_request callback(const std::string& plaintext,
                                  const std::string& receive_id = "") {
  const std::string sealed = bot::wecom::encrypt(*bot::wecom::aes_key(encoding_key), plaintext,
                                                 receive_id, std::string(16, 'r'));
  const std::string signature = bot::wecom::signature(token, "1700000000", "n0nce", sealed);
  return {.method = "POST",
          .target =
              "/v1/webhook/wecom?msg_signature=" + signature + "&timestamp=1700000000&nonce=n0nce",
          .headers = {{"content-type", "application/json"}},
          .body = nlohmann::json{{"encrypt", sealed}}.dump()};
}

inline nlohmann::json payload(const std::string& file, const std::string& key = "payload") {
  return nlohmann::json::parse(fixture("wecom/" + file))[key];
}

}  // namespace linli::testing::wecom_samples
