#include "storage/codec.hpp"

#include <nlohmann/json.hpp>

namespace linli::storage::codec {
namespace {

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string encode_lines(const std::vector<std::string>& lines) {
  return dump(nlohmann::json(lines));
}

std::vector<std::string> decode_lines(const std::string& text) {
  std::vector<std::string> out;
  const auto array = nlohmann::json::parse(text, nullptr, false);
  if (!array.is_array()) return out;
  for (const auto& item : array) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::string encode_replies(const replies& rs) {
  nlohmann::json array = nlohmann::json::array();
  for (const auto& r : rs) array.push_back(r.text);
  return dump(array);
}

replies decode_replies(const std::string& text) {
  replies out;
  for (std::string& line : decode_lines(text)) out.push_back({std::move(line)});
  return out;
}

std::string encode_caps(const std::map<std::string, int>& caps) {
  return dump(nlohmann::json(caps));
}

std::map<std::string, int> decode_caps(const std::string& text) {
  std::map<std::string, int> out;
  const auto object = nlohmann::json::parse(text, nullptr, false);
  if (!object.is_object()) return out;
  for (const auto& [key, value] : object.items()) {
    if (value.is_number_integer()) out[key] = value.get<int>();
  }
  return out;
}

std::string_view state_name(entry_state s) {
  switch (s) {
    case entry_state::active:
      return "active";
    case entry_state::left:
      return "left";
    case entry_state::rejected:
      return "rejected";
  }
  return "active";
}

entry_state state_from(std::string_view name) {
  if (name == "left") return entry_state::left;
  if (name == "rejected") return entry_state::rejected;
  return entry_state::active;
}

}  // namespace linli::storage::codec
