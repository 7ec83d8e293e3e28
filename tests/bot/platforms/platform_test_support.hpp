#pragma once
// Helpers shared by the platform adapters' tests: the official samples in tests/fixtures/platforms
// (copied from ../shared/fixtures/platforms), configurations with credentials, requests.

#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "bot/net/http_types.hpp"
#include "bot/platforms/platform.hpp"
#include "config/config.hpp"

namespace linli::testing {

// The bytes of tests/fixtures/platforms/<name>.
inline std::string fixture(const std::string& name) {
  std::ifstream in(std::string(LINLI_FIXTURES) + "/platforms/" + name, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline config::config with_env(std::map<std::string, std::string> vars,
                               std::map<std::string, config::platform_config> platforms = {}) {
  config::config c;
  c.env.vars = std::move(vars);
  c.platforms = std::move(platforms);
  return c;
}

// A JSON POST to a webhook.
inline bot::http_request post(std::string body,
                              std::vector<std::pair<std::string, std::string>> headers = {}) {
  headers.emplace_back("content-type", "application/json");
  return {.method = "POST", .target = "/v1/webhook/x", .headers = headers, .body = std::move(body)};
}

// The status an http_error carries, or 200 when `f` throws none.
inline int status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const bot::http_error& e) {
    return e.status;
  }
  return 200;
}

inline std::string flip_one_byte(std::string s, std::size_t at) {
  s[at] = static_cast<char>(s[at] ^ 0x01);
  return s;
}

// A platform's webhook answer for a durable message with these carried replies.
inline bot::http_response acknowledge(const bot::platform& p, const chat_ref& chat,
                                      const replies& carried, bool duplicate = false,
                                      const std::vector<outbound_message>& outbox = {},
                                      std::string_view context = {}) {
  return p.acknowledge({chat, carried, duplicate, outbox, context});
}

}  // namespace linli::testing
