#pragma once
// Posts and shifts in chat: /task, /assign, /unassign, /hours, /group, /template; claims by
// keyword (认领 T12, 我来 3号楼配送, +1 in reply to a task), 退出 T12, 完成 T12, and the answers
// 1 / 2 to a confirmation request.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "handlers/core/local_time.hpp"
#include "handlers/core/model.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

class dispatcher;

void add_task_handlers(dispatcher& d);

// The group's one line when an /assign for `day` written at `at_ms` (the dashboard's 确认排班),
// which answered `reply`, placed anyone: "后台：12-05 排班已确认，3 人次（协调员 王）"; nullopt
// when it placed nobody.
std::optional<std::string> rota_confirmed_line(storage::store& store, const chat_ref& chat,
                                               civil_date day, std::int64_t at_ms,
                                               const std::string& coordinator,
                                               std::string_view reply);

}  // namespace linli::handlers
