#pragma once
// Residents' requests in the chat: new requests from free text, the lifecycle keywords
// (认领/我来, 已买, 已送, 取消, 改 followed by #N), /requests, /addr and /tally.

#include <optional>

#include "handlers/core/model.hpp"

namespace linli::handlers {

class dispatcher;
struct context;

// A resident's need read from ctx.args and logged as the sender's, with its reply; nullopt when
// the text is not a need. What the free-text parser runs (and a correction, 代登记).
std::optional<replies> log_need(context& ctx);

void add_request_handlers(dispatcher& d);

}  // namespace linli::handlers
