#pragma once
// Posts and shifts in chat: /task, /assign, /unassign, /hours, /group, /template; claims by
// keyword (认领 T12, 我来 3号楼配送, +1 in reply to a task), 退出 T12, 完成 T12, and the answers
// 1 / 2 to a confirmation request.

namespace linli::handlers {

class dispatcher;

void add_task_handlers(dispatcher& d);

}  // namespace linli::handlers
