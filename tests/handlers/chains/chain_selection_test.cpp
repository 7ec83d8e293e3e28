// Which chain a message acts on (issue 15, item 3): a member's new chain never takes over a
// coordinator's; 名单, 退出, 帮报 and the read API follow the chain a message replies to or names,
// else the coordinator's current chain; and the answers say which chain it was.

#include <catch2/catch.hpp>

#include "handlers/chains/chain.hpp"
#include "handlers/chains/chain_parser.hpp"
#include "handlers/chains/chain_views.hpp"
#include "tests/inbox_fixture.hpp"

using namespace linli;
using namespace linli::handlers;
using testing::all_text;

namespace {

std::vector<std::string> names_on(const std::optional<chain>& c) {
  std::vector<std::string> out;
  if (!c) return out;
  for (const auto& l : roster(*c)) out.push_back(l.entry->name);
  return out;
}

// A coordinator's chain (m1) with 阿A's copy (m2), then a member's own chain (m3).
struct two_chains : testing::inbox_chat {
  two_chains() {
    say("协调员", "/chain new 周六值班", true);
    say("阿A", "#接龙 周六值班\n\n1. 阿A 1号楼");
    say("捣乱者", "#接龙 假通知\n\n1. 捣乱者");
  }
};

}  // namespace

TEST_CASE("a member's new chain does not become the chat's current chain", "[chain_selection]") {
  two_chains g;
  CHECK(g.store->latest_chain(g.chat)->title == "周六值班");
  const auto roster = g.say("阿B", "名单");
  CHECK_THAT(all_text(roster), Catch::Contains("周六值班") && !Catch::Contains("假通知"));
  // The read API shows the coordinator's chain too.
  CHECK(chain_view(*g.store, g.chat, g.clock_ms)->at("title") == "周六值班");
}

TEST_CASE("帮报 and 退出 act on the coordinator's chain and say so", "[chain_selection]") {
  two_chains g;
  const auto proxy = all_text(g.say("阿B", "帮报 张阿姨 3号楼"));
  CHECK_THAT(proxy, Catch::Contains("已登记：张阿姨") && Catch::Contains("接龙「周六值班」"));
  const auto left = all_text(g.say("阿A", "退出"));
  CHECK_THAT(left, Catch::Contains("已退出：阿A") && Catch::Contains("接龙「周六值班」"));
  CHECK(names_on(g.store->latest_chain(g.chat)) == std::vector<std::string>{"张阿姨"});
}

TEST_CASE("a reply to a chain's copy acts on that chain", "[chain_selection]") {
  two_chains g;
  // m3 is the member's chain: 退出 in reply to it leaves that one, not the coordinator's.
  const auto left = all_text(g.say("捣乱者", "退出", false, "m3"));
  CHECK_THAT(left, Catch::Contains("已退出：捣乱者") && Catch::Contains("接龙「假通知」"));
  const auto roster = all_text(g.say("阿B", "名单", false, "m2"));
  CHECK_THAT(roster, Catch::Contains("周六值班") && Catch::Contains("阿A"));
  const auto proxy = all_text(g.say("阿B", "帮报 李伯 2号楼", false, "m3"));
  CHECK_THAT(proxy, Catch::Contains("接龙「假通知」"));
  // A reply to a message that is no chain falls back on the current chain.
  g.say("阿C", "大家好");
  CHECK_THAT(all_text(g.say("阿B", "名单", false, "m7")), Catch::Contains("周六值班"));
}

TEST_CASE("名单 followed by a chain's title shows that chain", "[chain_selection]") {
  two_chains g;
  CHECK_THAT(all_text(g.say("阿B", "名单 假通知")), Catch::Contains("假通知") &&
                                                        Catch::Contains("捣乱者") &&
                                                        !Catch::Contains("周六值班"));
  // Other words after 名单 stay chatter; /roster with an unknown title says so.
  CHECK(g.say("阿B", "名单 出来了吗").kind == "chatter");
  CHECK_THAT(all_text(g.say("阿B", "/roster 不存在")), Catch::Contains("没有名为「不存在」的接龙"));
  const auto view = chain_view(*g.store, g.chat, g.clock_ms, std::string("假通知"));
  REQUIRE(view);
  CHECK(view->at("title") == "假通知");
  CHECK_FALSE(chain_view(*g.store, g.chat, g.clock_ms, std::string("不存在")));
}

TEST_CASE("a coordinator's newer chain becomes current; a member's chain counts when alone",
          "[chain_selection]") {
  testing::inbox_chat g;
  g.say("阿A", "#接龙 楼长自发\n\n1. 阿A");
  CHECK(g.store->latest_chain(g.chat)->title == "楼长自发");
  CHECK_THAT(all_text(g.say("阿B", "名单")), Catch::Contains("楼长自发"));
  g.say("协调员", "/chain new 周日值班", true);
  CHECK(g.store->latest_chain(g.chat)->title == "周日值班");
  // The coordinators' /chain commands follow the same rule.
  CHECK_THAT(all_text(g.say("协调员", "/chain close", true)), Catch::Contains("周日值班"));
  CHECK_THAT(all_text(g.say("协调员", "/chain close", true, "m1")), Catch::Contains("楼长自发"));
}

TEST_CASE("a copy past the parser's limits is answered and its new lines kept as rejected",
          "[chain_selection]") {
  testing::chat_fixture g;
  std::string copy = "#接龙 大名单\n\n";
  for (std::size_t i = 1; i <= max_chain_entries + 3; ++i) {
    copy += std::to_string(i) + ". 居民" + std::to_string(i) + "\n";
  }
  const auto o = g.say("阿A", copy);
  CHECK_THAT(all_text(o), Catch::Contains("超过了可读的上限") && Catch::Contains("3 行未计入"));
  const auto c = g.store->latest_chain(g.chat);
  REQUIRE(c);
  CHECK(roster(*c).size() == max_chain_entries);
  std::vector<std::string> rejected;
  for (const auto& e : c->entries) {
    if (e.state == entry_state::rejected) rejected.push_back(e.content);
  }
  CHECK(rejected == std::vector<std::string>{"居民2001", "居民2002", "居民2003"});
  // The same copy again adds nothing new, and still says why the lines are not on the roster.
  const auto again = g.say("阿B", copy);
  CHECK_THAT(all_text(again), Catch::Contains("3 行未计入"));
  CHECK(g.store->latest_chain(g.chat)->entries.size() == c->entries.size());
}

TEST_CASE("lines past the line limit are counted and kept too", "[chain_selection]") {
  std::string copy = "#接龙 长帖\n\n1. 阿A\n";
  for (std::size_t i = 0; i < max_chain_lines; ++i) copy += "\n";
  copy += "2. 阿B\n阿C\n";
  const auto parsed = parse_chain(copy);
  REQUIRE(parsed);
  CHECK(parsed->entries.size() == 1);
  CHECK(parsed->over_limit_count == 2);
  CHECK(parsed->over_limit == std::vector<std::string>{"阿B", "阿C"});
}
