#include "bot/pipeline/apply.hpp"

#include "bot/log_text.hpp"

#include <spdlog/spdlog.h>

#include "handlers/text/utf8.hpp"
#include "storage/open.hpp"

namespace linli::bot {

bool replace_nul(envelope& m) {
  bool any = false;
  for (std::string* s : {&m.chat.platform, &m.chat.chat_id, &m.delivery_id, &m.from.id,
                         &m.from.name, &m.text, &m.message_id, &m.reply_to, &m.route}) {
    any = utf8::replace_nul(*s) || any;
  }
  for (auto& mention : m.mentions) any = utf8::replace_nul(mention) || any;
  return any;
}

namespace {

// The newest route that reaches the chat replaces the one kept before (a write per such message:
// DingTalk's robot hears only what @-mentions it).
void keep_route(storage::store& store, const envelope& m) {
  if (!m.route_reaches_chat || m.route.empty()) return;
  const auto kept = store.load_robot(m.chat);
  if (kept && kept->key == m.route) return;
  store.save_robot(m.chat, {m.route, m.from.id, m.received_at_ms});
}

}  // namespace

applied apply_message(storage::store& store, const handlers::dispatcher& dispatcher,
                      const envelope& message) {
  if (auto seen = store.find_message(message.chat, message.delivery_id)) {
    return {true, std::move(seen->kind), std::move(seen->answers)};
  }
  storage::stored_message row;
  row.message = message;
  // A secret a command takes (a robot key) is kept where its handler puts it, not in the inbox.
  if (auto kept = dispatcher.stored_text(message)) row.message.text = std::move(*kept);
  storage::savepoint sp(store);
  try {
    handlers::outcome out = dispatcher.handle(message, store);
    keep_route(store, message);
    sp.release();
    row.kind = std::move(out.kind);
    row.answers = std::move(out.answers);
  } catch (const std::exception& e) {
    sp.rollback();
    if (storage::is_storage_error(e)) {
      spdlog::error("storage failed handling message {} in chat {}: {}",
                    log_text(message.delivery_id), log_text(message.chat.chat_id),
                    log_text(e.what()));
      applied out;
      out.unavailable = true;
      return out;
    }
    spdlog::error("handling message {} in chat {} failed: {}", log_text(message.delivery_id),
                  log_text(message.chat.chat_id), log_text(e.what()));
    row.kind = std::string(handlers::kinds::failed);
    row.answers = {
        {"抱歉，这条消息处理出错，已保存，协调员会跟进。"
         "(Sorry, this message could not be processed; it is saved for a coordinator.)"}};
  }
  store.insert_message(row);
  return {false, std::move(row.kind), std::move(row.answers)};
}

}  // namespace linli::bot
