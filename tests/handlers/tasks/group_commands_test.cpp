// /group (handlers/tasks/group_commands.cpp).

#include "tests/handlers/tasks/task_fixture.hpp"

using namespace linli;
using namespace linli::handlers;
using linli::tasks_testing::task_chat;

TEST_CASE("/group shows, sets and clears the sender's service group", "[task_commands]") {
  task_chat g;
  CHECK(g.reply("li", "/group") ==
        "您还没有服务组。设置：/group 配送（秩序、采购、药品、消杀、配送）");
  CHECK(g.reply("li", "/group distribution") == "已加入配送组，排班时优先安排本组岗位。");
  CHECK(g.store->volunteer_group(g.chat, "li") == std::optional<std::string>("配送"));
  CHECK(g.reply("li", "/服务组") == "您在配送组。");
  CHECK(g.reply("li", "/group 唱歌") == "没有这个服务组。可选：秩序、采购、药品、消杀、配送。");
  CHECK(g.store->volunteer_group(g.chat, "li") == std::optional<std::string>("配送"));
  CHECK(g.reply("li", "/group 无") == "已清除您的服务组。");
  CHECK_FALSE(g.store->volunteer_group(g.chat, "li"));
  g.english();
  CHECK(g.reply("li", "/group") ==
        "You have no service group. Set one: /group 配送 (秩序, 采购, 药品, 消杀, 配送)");
  CHECK(g.reply("li", "/group 消杀") ==
        "You are in the 消杀 group; the rota prefers its posts for you.");
  CHECK(g.reply("li", "/group") == "You are in the 消杀 group.");
  CHECK(g.reply("li", "/group sing") == "No such group. Choose: 秩序, 采购, 药品, 消杀, 配送.");
  CHECK(g.reply("li", "/group none") == "Your service group is cleared.");
}

TEST_CASE("service groups steer the rota", "[task_commands]") {
  task_chat g;
  tasks_testing::sign_up(g);
  CHECK_THAT(g.replies_to("li", "/group 配送组"), Catch::Contains("已加入配送组"));
  CHECK_THAT(g.replies_to("zhang", "/group 秩序"), Catch::Contains("已加入秩序组"));
  CHECK(g.store->volunteer_group(g.chat, "zhang") == std::optional<std::string>("秩序"));
  CHECK_THAT(g.replies_to("zhang", "/group 唱歌"), Catch::Contains("没有这个服务组"));
  g.say("boss", "/task add 3号楼 配送 明天 09:00-11:00", true);
  g.say("boss", "/assign", true);
  CHECK(g.holders(1) == std::vector<std::string>{"李四"});  // 张三 is in another group
}
