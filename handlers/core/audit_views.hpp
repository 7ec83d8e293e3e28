#pragma once
// A chat's audit trail as the read API shows it (GET /v1/chats/{chat_id}/audit): who did what
// and when, with the deployment-wide erasures (purges, retention) among them.

#include <cstdint>
#include <nlohmann/json.hpp>

#include "handlers/core/model.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

// {"chat_id", "platform", "entries": [{"seq", "at_ms", "actor": {"id", "name"}, "action",
// "target", "rows", "scope": "chat"|"deployment"}], "next_before"}, newest first, paged as
// messages_view: "next_before" is the `before_seq` of the next page, or null after the last.
nlohmann::json audit_view(storage::store& store, const chat_ref& chat, std::int64_t before_seq,
                          int limit);

}  // namespace linli::handlers
