// linli's own history format: one JSON object per line, the generic webhook's body
//   {"message_id": "m1", "sender": {"id": "u1", "name": "王芳"}, "text": "…", "timestamp":
//   1649727005}
// (chat_id and role, when present, are ignored: the chat is the one given to `linli import`, and a
// role in a file is not a verified one). timestamp is seconds since the epoch.

#include <nlohmann/json.hpp>
#include <string>

#include "bot/import/exports.hpp"

namespace linli::bot::imports {

namespace {

// A string, or an integer written as its digits; empty for anything else.
std::string id_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return v.dump();
  return {};
}

// The message of one line, or the reason it is not one.
std::string read_line(const nlohmann::json& j, exported_message& m) {
  if (!j.is_object()) return "not a JSON object";
  const auto text = j.find("text");
  if (text == j.end() || !text->is_string()) return "no \"text\" string";
  const auto sender = j.find("sender");
  if (sender == j.end() || !sender->is_object()) return "no \"sender\" object";
  m.sender_id = sender->contains("id") ? id_text((*sender)["id"]) : "";
  if (m.sender_id.empty()) return "no \"sender.id\"";
  if (const auto name = sender->find("name"); name != sender->end() && name->is_string()) {
    m.sender_name = name->get<std::string>();
  }
  const auto ts = j.find("timestamp");
  if (ts == j.end() || !ts->is_number_integer()) return "no integer \"timestamp\" (seconds)";
  const auto seconds = ts->get<std::int64_t>();
  if (seconds <= 0 || seconds > 253402300799) return "\"timestamp\" is not a time (seconds)";
  m.time_ms = seconds * 1000;
  if (const auto id = j.find("message_id"); id != j.end()) m.export_id = id_text(*id);
  m.text = text->get<std::string>();
  return {};
}

}  // namespace

history read_linli_jsonl(std::string_view content, const handlers::time_zone&) {
  content = without_bom(content);
  history out;
  std::int64_t number = 0;
  while (!content.empty()) {
    ++number;
    const auto end = content.find('\n');
    std::string_view line = content.substr(0, end);
    content.remove_prefix(end == std::string_view::npos ? content.size() : end + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    exported_message m;
    m.line = number;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    const std::string why = j.is_discarded() ? "not JSON" : read_line(j, m);
    if (!why.empty()) {
      out.unread.push_back({number, std::string(line), why});
      continue;
    }
    out.messages.push_back(std::move(m));
  }
  return out;
}

}  // namespace linli::bot::imports
