#include "bot/platforms/generic/generic_adapter.hpp"

#include <nlohmann/json.hpp>
#include <string>

#include "bot/net/http_types.hpp"

namespace linli::bot {
namespace {

using json = nlohmann::json;

// Ids and names longer than this are refused; they are keys, not content.
constexpr std::size_t max_id_bytes = 256;

[[noreturn]] void bad(const std::string& what) {
  throw http_error(400, what);
}

// An id may come as a string or an integer (bridges differ); it is kept as text.
std::string id_field(const json& object, const char* name, const std::string& path) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) bad("missing '" + path + "'");
  std::string value;
  if (it->is_string()) {
    value = it->get<std::string>();
  } else if (it->is_number_integer()) {
    value = it->dump();
  } else {
    bad("'" + path + "' must be a string or an integer");
  }
  if (value.empty()) bad("'" + path + "' must not be empty");
  if (value.size() > max_id_bytes) {
    bad("'" + path + "' is longer than " + std::to_string(max_id_bytes) + " bytes");
  }
  return value;
}

}  // namespace

envelope parse_generic(std::string_view body, std::int64_t received_at_ms) {
  const json root = json::parse(body, nullptr, false);
  if (root.is_discarded()) bad("body is not valid JSON (UTF-8)");
  if (!root.is_object()) bad("body must be a JSON object");

  envelope e;
  e.chat = {std::string(generic_platform), id_field(root, "chat_id", "chat_id")};
  e.delivery_id = id_field(root, "message_id", "message_id");

  const auto sender = root.find("sender");
  if (sender == root.end() || !sender->is_object()) bad("missing 'sender' object");
  e.from.id = id_field(*sender, "id", "sender.id");
  if (const auto name = sender->find("name"); name != sender->end() && !name->is_null()) {
    if (!name->is_string()) bad("'sender.name' must be a string");
    e.from.name = name->get<std::string>();
    if (e.from.name.size() > max_id_bytes) {
      bad("'sender.name' is longer than " + std::to_string(max_id_bytes) + " bytes");
    }
  }
  if (e.from.name.empty()) e.from.name = e.from.id;
  if (const auto role = sender->find("role"); role != sender->end() && !role->is_null()) {
    if (*role == "admin") {
      e.from.role = platform_role::admin;
    } else if (*role != "member") {
      bad("'sender.role' must be \"member\" or \"admin\"");
    }
  }

  const auto text = root.find("text");
  if (text == root.end() || !text->is_string()) bad("missing 'text' string");
  e.text = text->get<std::string>();

  if (const auto reply = root.find("reply_to"); reply != root.end() && !reply->is_null()) {
    e.reply_to = id_field(root, "reply_to", "reply_to");
  }

  if (const auto ts = root.find("timestamp"); ts != root.end() && !ts->is_null()) {
    if (!ts->is_number_integer() || ts->get<std::int64_t>() < 0) {
      bad("'timestamp' must be a non-negative integer (seconds since 1970)");
    }
    e.sent_at = ts->get<std::int64_t>();
  }
  e.received_at_ms = received_at_ms;
  return e;
}

}  // namespace linli::bot
