#pragma once
// Residents' requests in the chat: new requests from free text, the lifecycle keywords
// (认领/我来, 已买, 已送, 取消, 改 followed by #N), /requests, /addr and /tally.

namespace linli::handlers {

class dispatcher;

void add_request_handlers(dispatcher& d);

}  // namespace linli::handlers
