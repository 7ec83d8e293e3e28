#include "bot/net/http_types.hpp"

#include <charconv>

#include <nlohmann/json.hpp>
#include <optional>

namespace linli::bot {

std::string_view http_request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

std::string_view http_request::path() const {
  const std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::string_view http_request::query() const {
  const std::string_view t = target;
  const auto q = t.find('?');
  return q == std::string_view::npos ? std::string_view{} : t.substr(q + 1);
}

http_response error_response(int status, std::string_view message) {
  http_response r;
  r.status = status;
  r.body = nlohmann::json{{"error", message}}.dump(-1, ' ', false,
                                                   nlohmann::json::error_handler_t::replace);
  return r;
}

http_response responder::build(const make_fn& make) noexcept {
  try {
    return make();
  } catch (const std::exception&) {
    return error_response(500, "internal error");
  }
}

std::string url_decode(std::string_view s, bool plus_is_space) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::optional<std::string> query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (url_decode(pair.substr(0, eq), true) == name) {
      return eq == std::string_view::npos ? std::string{} : url_decode(pair.substr(eq + 1), true);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::int64_t integer_query_param(std::string_view query, std::string_view name, std::int64_t min,
                                 std::int64_t max, std::int64_t fallback) {
  const auto value = query_param(query, name);
  if (!value) return fallback;
  std::int64_t v = 0;
  const char* end = value->data() + value->size();
  const auto [stop, ec] = std::from_chars(value->data(), end, v);
  if (ec == std::errc{} && stop == end && !value->empty() && v >= min && v <= max) return v;
  throw http_error(400, "'" + std::string(name) + "' must be an integer from " +
                            std::to_string(min) + " to " + std::to_string(max));
}

}  // namespace linli::bot
