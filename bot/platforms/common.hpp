#pragma once
// Small helpers the platform files share: reading JSON fields the way platforms send them, and
// checking request headers.

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "bot/net/http_client.hpp"
#include "bot/net/http_types.hpp"
#include "config/config.hpp"

namespace linli::bot::platforms {

using json = nlohmann::json;

// Parses a JSON object body; 400 if it is not one.
json parse_object(std::string_view body, std::string_view platform);

// A field as text: strings as they are, integers in decimal (ids come as either); "" if absent.
std::string text_field(const json& object, std::string_view name);

// An int64 field, or `fallback`.
std::int64_t int_field(const json& object, std::string_view name, std::int64_t fallback = 0);

// The object at `name`, or an empty object (so lookups below it find nothing).
const json& object_field(const json& object, std::string_view name);

// A whole decimal integer (a timestamp header), or nullopt.
std::optional<std::int64_t> whole_number(std::string_view text);

// Replaces each `from` in `text` by its character (&amp; -> &), left to right, once.
struct entity {
  std::string_view from;
  char to;
};
std::string unescape(std::string_view text, std::initializer_list<entity> entities);

// `text` without the bot's mention at bytes [at, at + length) and the spaces after it (U+2005 and
// U+3000 too); a mention in the middle leaves one space between the words around it.
std::string without_mention(std::string_view text, std::size_t at, std::size_t length);

// Whether platforms.<name>.answer is "webhook".
bool answers_in_webhook(const config::config& cfg, const std::string& name);

// 415 unless the Content-Type is JSON.
void require_json(const http_request& request);

// JSON text for a send API, invalid UTF-8 replaced rather than thrown.
std::string dump(const json& j);

// An http_response carrying `body` as JSON.
http_response json_answer(const json& body);

// An app access token (Feishu's tenant token, DingTalk's OpenAPI token), kept until five minutes
// before it expires (at least a minute) and fetched again after that or after forget().
// Thread-safe: one fetch at a time.
class expiring_token {
 public:
  struct fetched {
    std::string token;
    std::int64_t expires_in_s = 7200;
  };
  // `fetch` asks the platform; nullopt (or an empty token) when it could not.
  std::optional<std::string> get(const std::function<std::optional<fetched>()>& fetch) const;
  void forget() const;

 private:
  mutable std::mutex mutex_;
  mutable std::optional<std::string> token_;
  mutable std::chrono::steady_clock::time_point expires_;
};

// How long a display-name lookup may take: a message waits for it (bot/pipeline/names.hpp).
constexpr std::chrono::milliseconds name_lookup_timeout{1500};

// Whether a user id can go into a URL as it is (letters, digits, '_' and '-'): ids that cannot
// are not looked up.
bool plain_id(std::string_view id);

// The JSON object a read API answered with a 200, or nullopt.
std::optional<json> answered_object(const http_result& r);

}  // namespace linli::bot::platforms
