#pragma once
// Which feature reads a message first when several understand the same words. The dispatcher
// tries keywords, then free-text parsers, in this order (lowest first), whatever order the features
// registered in; features of equal priority keep their registration order.
//
//   core        "帮助" / "help" alone: asked of the bot, before anything else.
//   tasks       "退出 T12", "认领 T12", "我来 3号楼配送", "+1" in reply to a task name a task;
//               the task handlers decline anything that names no task, so the others still see it.
//   chains      "退出" / "取消" alone or with an entry number leave a 接龙; a pasted #接龙 is a
//   copy. group_buys  "3-1-201 蔬菜包 2份", "+2" while a buy is open are orders, not needs.
//   donations   "捐 200" while a drive is open.
//   offers      "已给 #3", "撤回 #3" of the sender's own open offer, "不需要了"; text that offers
//               something (我家有X，谁需要) before it can be read as a need.
//   requests    "认领 #12", "取消 #12", "改 #12 …", and finally any text that reads as a need.
//   report      the daily summary's words.

namespace linli::handlers {

enum class priority : int {
  core = 0,
  tasks = 10,
  chains = 20,
  group_buys = 30,
  donations = 40,
  offers = 45,
  requests = 50,
  report = 60,
};

}  // namespace linli::handlers
