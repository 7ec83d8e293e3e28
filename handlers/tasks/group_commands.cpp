// /group 配送: the sender's own service group, which the rota prefers for them; "/group 无"
// clears it.

#include "handlers/tasks/task_common.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers::tasks_detail {

replies group_command(context& ctx) {
  const std::string word = text::fold(text::trim(ctx.args));
  const std::string& id = ctx.message.from.id;
  if (word.empty()) {
    const auto g = ctx.store.volunteer_group(ctx.message.chat, id);
    return {{g ? ctx.say("tasks.group.current", {{"group", *g}}) : ctx.say("tasks.group.none")}};
  }
  if (word == "无" || word == "none" || word == "清除") {
    ctx.store.save_volunteer_group(ctx.message.chat, id, "");
    return {{ctx.say("tasks.group.cleared")}};
  }
  const auto g = canonical_group(word);
  if (!g) return {{ctx.say("tasks.group.unknown")}};
  ctx.store.save_volunteer_group(ctx.message.chat, id, *g);
  return {{ctx.say("tasks.group.joined", {{"group", *g}})}};
}

}  // namespace linli::handlers::tasks_detail
