#pragma once
// The stored messages of a chat as the read API (GET /v1/chats/{chat_id}/messages) and the
// dashboard list them: every message that arrived, with what linli made of it and answered.

#include <nlohmann/json.hpp>

#include "handlers/core/model.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

// {"chat_id", "platform", "messages": [{"seq", "message_id", "sender": {"id", "name", "role"},
// "text", "timestamp", "received_at_ms", "kind", "replies": [{"text"}]}], "next_before"}, newest
// first. "next_before" is the `before_seq` of the next page, or null when this page is the last
// (it held fewer than filter.limit messages).
nlohmann::json messages_view(storage::store& store, const chat_ref& chat,
                             const storage::message_filter& filter);

}  // namespace linli::handlers
