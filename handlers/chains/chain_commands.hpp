#pragma once
// Everything a chat does with a 接龙: posting copies, 退出/取消, 帮报, 名单 and /roster, and the
// coordinators' /chain commands.

namespace linli::handlers {

class dispatcher;

void add_chain_handlers(dispatcher& d);

}  // namespace linli::handlers
