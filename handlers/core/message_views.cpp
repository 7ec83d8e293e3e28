#include "handlers/core/message_views.hpp"

namespace linli::handlers {

using json = nlohmann::json;

json messages_view(storage::store& store, const chat_ref& chat,
                   const storage::message_filter& filter) {
  const auto rows = store.list_messages(chat, filter);
  json messages = json::array();
  for (const auto& m : rows) {
    json answers = json::array();
    for (const reply& r : m.answers) answers.push_back({{"text", r.text}});
    messages.push_back({{"seq", m.seq},
                        {"message_id", m.message.delivery_id},
                        {"sender",
                         {{"id", m.message.from.id},
                          {"name", m.message.from.name},
                          {"role", to_string(m.message.from.role)}}},
                        {"text", m.message.text},
                        {"timestamp", m.message.sent_at},
                        {"received_at_ms", m.message.received_at_ms},
                        {"kind", m.kind},
                        {"replies", std::move(answers)}});
  }
  json next = nullptr;
  if (!rows.empty() && static_cast<int>(rows.size()) == filter.limit) next = rows.back().seq;
  return {{"chat_id", chat.chat_id},
          {"platform", chat.platform},
          {"messages", std::move(messages)},
          {"next_before", next}};
}

}  // namespace linli::handlers
