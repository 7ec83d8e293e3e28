#pragma once
// A chat_fixture that also keeps each message in the inbox, as the writer does: for handlers that
// look up the message another one replies to, and for erasures of what a sender wrote.

#include "tests/support.hpp"

namespace linli::testing {

struct inbox_chat : chat_fixture {
  handlers::outcome say(const std::string& who, const std::string& text, bool coordinator = false,
                        const std::string& reply_to = "") {
    handlers::outcome out = chat_fixture::say(who, text, coordinator, reply_to);
    envelope e;
    e.chat = chat;
    e.delivery_id = "m" + std::to_string(next_id);
    e.from = {who, who, coordinator ? platform_role::admin : platform_role::member};
    e.text = text;
    e.reply_to = reply_to;
    e.received_at_ms = clock_ms;
    storage::transaction tx(*store);
    store->insert_message({0, e, out.kind, out.answers});
    tx.commit();
    return out;
  }
};

}  // namespace linli::testing
