#pragma once
// What the tasks feature's command files share (internal to handlers/tasks/): the day and rules a
// message works in, who may manage a task, how a refusal reads, creating a task; and each file's
// handlers, which task_commands.cpp registers in one place.

#include <optional>
#include <string>
#include <string_view>

#include "handlers/core/dispatcher.hpp"
#include "handlers/core/subcommands.hpp"
#include "handlers/tasks/assignment.hpp"
#include "handlers/tasks/tasks.hpp"

namespace linli::handlers::tasks_detail {

// The chat's local date when the message was written.
civil_date today(const context& ctx);
assignment_rules limits(const context& ctx);
// "@name": how a reply mentions someone.
std::string at(const std::string& name);
// The day named at the start of args (明天, 11-23), else `fallback`.
civil_date day_in(const context& ctx, std::string_view args, civil_date fallback);
// A day as replies write it: "11-23".
std::string day_text(const context& ctx, civil_date day);
// describe_task in the chat's language.
std::string describe(const context& ctx, const task& t, bool with_date = false);

// Whether the sender may manage a task of `group` (coordinators any; leads their own groups).
bool may_manage(const context& ctx, const std::optional<std::string>& group);
// The refusal when may_manage says no.
std::string not_allowed(const context& ctx);
// Why `c` cannot take `t`, for people.
std::string refusal_text(const context& ctx, refusal why, const candidate& c, const task& t);

// Creates a task from a spec on `day`. The caller has checked permissions.
task create_task(context& ctx, const task_spec& spec, civil_date day);

// claim_commands.cpp: 认领 T12 / 我来 3号楼配送, +1 in reply, 退出 T12, 完成 T12.
std::optional<replies> on_claim(context& ctx);
std::optional<replies> on_plus_one(context& ctx);
std::optional<replies> on_leave(context& ctx);
std::optional<replies> on_done(context& ctx);

// rota_commands.cpp: /assign, /unassign, and the answers 1 / 2 to a confirmation request.
replies assign_command(context& ctx);
replies unassign_command(context& ctx);
std::optional<replies> on_confirm_answer(context& ctx);
// The answer a message gives to a confirmation request, as people write it: true for 1 ("1",
// "回复1确认", "1 确认", "确认1", "1👌", "1,明早见"), false for 2 ("2", "回复2", "2 明天来不了");
// nullopt for anything else ("12", "1号楼…", "确认收货了吗").
std::optional<bool> confirmation_answer(std::string_view text);

// hours_commands.cpp, group_commands.cpp.
replies hours_command(context& ctx);
replies group_command(context& ctx);

// template_commands.cpp: /template save|use, and the list.
subcommands template_table();

}  // namespace linli::handlers::tasks_detail
