#include "bot/platforms/common.hpp"

#include <algorithm>

#include <cctype>
#include <charconv>
#include <limits>

#include "bot/platforms/platform.hpp"

namespace linli::bot::platforms {

json parse_object(std::string_view body, std::string_view platform) {
  json root = json::parse(body, nullptr, false);
  if (root.is_discarded()) throw http_error(400, "body is not valid JSON (UTF-8)");
  if (!root.is_object()) {
    throw http_error(400, std::string(platform) + ": body must be a JSON object");
  }
  return root;
}

std::string text_field(const json& object, std::string_view name) {
  if (!object.is_object()) return {};
  const auto it = object.find(name);
  if (it == object.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return it->dump();
  return {};
}

std::int64_t int_field(const json& object, std::string_view name, std::int64_t fallback) {
  if (!object.is_object()) return fallback;
  const auto it = object.find(name);
  if (it == object.end()) return fallback;
  if (it->is_number_unsigned()) {
    // Past int64's range it is no number linli can hold; it must not wrap to a negative one.
    const auto u = it->get<std::uint64_t>();
    constexpr auto most = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    return u <= most ? static_cast<std::int64_t>(u) : fallback;
  }
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_string()) return whole_number(it->get_ref<const std::string&>()).value_or(fallback);
  return fallback;
}

const json& object_field(const json& object, std::string_view name) {
  static const json empty = json::object();
  if (!object.is_object()) return empty;
  const auto it = object.find(name);
  return it != object.end() && it->is_object() ? *it : empty;
}

std::optional<std::int64_t> whole_number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string unescape(std::string_view text, std::initializer_list<entity> entities) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const entity* found = nullptr;
    if (text[i] == '&') {
      for (const entity& e : entities) {
        if (text.substr(i).starts_with(e.from)) found = &e;
      }
    }
    if (found) {
      out += found->to;
      i += found->from.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

bool answers_in_webhook(const config::config& cfg, const std::string& name) {
  const auto it = cfg.platforms.find(name);
  return it != cfg.platforms.end() && it->second.answer == "webhook";
}

void require_json(const http_request& request) {
  const std::string_view value = request.header("content-type");
  std::string media;
  for (char c : value.substr(0, value.find(';'))) {
    if (c != ' ' && c != '\t') media.push_back(static_cast<char>(std::tolower(c)));
  }
  if (media != "application/json") throw http_error(415, "Content-Type must be application/json");
}

namespace {

// The bytes of the space at `at`: ASCII blanks 1, U+2005 and U+3000 3; 0 for anything else.
std::size_t space_at(std::string_view text, std::size_t at) {
  if (at >= text.size()) return 0;
  if (text[at] == ' ' || text[at] == '\t') return 1;
  const std::string_view rest = text.substr(at);
  return rest.starts_with("\u2005") || rest.starts_with("\u3000") ? 3 : 0;
}

}  // namespace

std::string without_mention(std::string_view text, std::size_t at, std::size_t length) {
  at = std::min(at, text.size());
  length = std::min(length, text.size() - at);
  std::size_t end = at + length;
  while (const std::size_t n = space_at(text, end)) end += n;
  std::string out(text.substr(0, at));
  // Between two words the mention leaves one space (the one before it is kept).
  const bool between = !out.empty() && end < text.size() && !out.ends_with(' ') &&
                       !out.ends_with('\n') && text[end] != '\n';
  if (between) out += ' ';
  out += text.substr(end);
  return out;
}

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

http_response json_answer(const json& body) {
  http_response r;
  r.body = dump(body);
  return r;
}

std::optional<std::string> expiring_token::get(
    const std::function<std::optional<fetched>()>& fetch) const {
  const std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (token_ && now < expires_) return token_;
  const auto got = fetch();
  if (!got || got->token.empty()) return std::nullopt;
  token_ = got->token;
  expires_ = now + std::chrono::seconds(std::max<std::int64_t>(60, got->expires_in_s - 300));
  return token_;
}

void expiring_token::forget() const {
  const std::lock_guard lock(mutex_);
  token_.reset();
}

bool plain_id(std::string_view id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

std::optional<json> answered_object(const http_result& r) {
  if (r.status != 200) return std::nullopt;
  json root = json::parse(r.body, nullptr, false);
  if (!root.is_object()) return std::nullopt;
  return root;
}

}  // namespace linli::bot::platforms

namespace linli::bot {

http_response empty_json() {
  return platforms::json_answer({{"ok", true}});
}

std::vector<outbound_message> outbox_rows(const platform& p, const envelope& message,
                                          const replies& answers) {
  return p.outbox_rows(message, answers);
}

std::vector<outbound_message> platform::outbox_rows(const envelope& message,
                                                    const replies& answers) const {
  std::vector<outbound_message> rows;
  for (std::size_t i = inline_replies(); i < answers.size(); ++i) {
    outbound_message m;
    m.chat = message.chat;
    m.text = answers[i].text;
    m.route = message.route;
    m.reply_to = message.message_key();
    m.created_ms = message.received_at_ms;
    rows.push_back(std::move(m));
  }
  return rows;
}

}  // namespace linli::bot
