#include "handlers/chains/chain_commands.hpp"

#include <catch2/catch.hpp>
#include <random>

#include "handlers/chains/chain.hpp"
#include "handlers/chains/chain_parser.hpp"
#include "handlers/core/dispatcher.hpp"
#include "storage/open.hpp"
#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;
using testing::all_text;

namespace {

// 2022-11-22 18:00 in Shanghai.
constexpr std::int64_t evening_ms = 1669111200000;

using group = testing::chat_fixture;

std::vector<std::string> roster_names(testing::chat_fixture& g, entry_status status) {
  std::vector<std::string> out;
  const auto c = g.store->latest_chain(g.chat);
  if (!c) return out;
  for (const auto& l : roster(*c)) {
    if (l.status == status) out.push_back(l.entry->name);
  }
  return out;
}

const std::string header = "#接龙 明日核酸点\n限3人\n例 张三 3号楼 上午\n\n";

}  // namespace

TEST_CASE("a chain post opens the chain and acknowledges the new line", "[chain_commands]") {
  group g;
  const auto o = g.say("阿A", header + "1. 阿A 1号楼 上午");
  CHECK(o.kind == "chain_post");
  CHECK_THAT(all_text(o), Catch::Contains("新接龙「明日核酸点」") && Catch::Contains("限3人") &&
                              Catch::Contains("已登记：阿A（第1位）"));
  CHECK(roster_names(g, entry_status::confirmed) == std::vector<std::string>{"阿A"});
}

TEST_CASE("a forked copy is merged, the dropped line named and the chain reposted",
          "[chain_commands]") {
  group g;
  g.say("阿A", header + "1. 阿A 1号楼");
  g.say("阿B", header + "1. 阿A 1号楼\n2. 阿B 2号楼");
  const auto fork = g.say("阿C", header + "1. 阿A 1号楼\n2. 阿C 3号楼");
  const std::string text = all_text(fork);
  CHECK_THAT(text, Catch::Contains("已登记：阿C（第3位）"));
  CHECK_THAT(text, Catch::Contains("漏掉了 1 人") && Catch::Contains("2. 阿B 2号楼"));
  REQUIRE(fork.answers.size() == 3);
  CHECK_THAT(fork.answers[2].text, Catch::Contains("1. 阿A 1号楼\n2. 阿B 2号楼\n3. 阿C 3号楼"));
  CHECK(roster_names(g, entry_status::confirmed) == std::vector<std::string>{"阿A", "阿B", "阿C"});
}

TEST_CASE("a repost with nothing new gets no reply", "[chain_commands]") {
  group g;
  g.say("阿A", header + "1. 阿A 1号楼");
  const auto again = g.say("阿B", header + "1. 阿A 1号楼");
  CHECK(again.kind == "chain_post");
  CHECK(again.answers.empty());
}

TEST_CASE("entries past the capacity wait, and move up when someone leaves", "[chain_commands]") {
  group g;
  g.say("阿A", header + "1. 阿A");
  g.say("阿B", header + "1. 阿A\n2. 阿B");
  g.say("阿C", header + "1. 阿A\n2. 阿B\n3. 阿C");
  const auto d = g.say("阿D", header + "1. 阿A\n2. 阿B\n3. 阿C\n4. 阿D");
  CHECK_THAT(all_text(d), Catch::Contains("阿D（候补第1位）"));
  const auto left = g.say("阿A", "退出");
  CHECK(left.kind == "chain_leave");
  CHECK_THAT(all_text(left),
             Catch::Contains("已退出：阿A") && Catch::Contains("候补递补：阿D（第3位）"));
  CHECK(roster_names(g, entry_status::confirmed) == std::vector<std::string>{"阿B", "阿C", "阿D"});
}

TEST_CASE("leaving names the entry, and only its owner may leave it", "[chain_commands]") {
  group g;
  g.say("阿A", header + "1. 阿A 上午\n2. 阿A的邻居 下午");  // both lines owned by 阿A
  CHECK_THAT(all_text(g.say("阿A", "退出")), Catch::Contains("登记了多条"));
  CHECK_THAT(all_text(g.say("阿B", "退出 1")), Catch::Contains("不是您登记的"));
  CHECK_THAT(all_text(g.say("阿B", "退出")), Catch::Contains("不在接龙"));
  CHECK_THAT(all_text(g.say("阿A", "取消 第二位")), Catch::Contains("已退出：阿A的邻居"));
  CHECK_THAT(all_text(g.say("阿A", "退出 9")), Catch::Contains("没有第 9 位"));
  CHECK(g.say("阿A", "退出群聊").kind == "chatter");
  CHECK(g.say("阿A", "取消 #12").kind == "request_cancel");  // a request id, not an entry
}

TEST_CASE("a leave in words of its own, from someone on the chain", "[chain_commands]") {
  group g;
  g.say("阿A", header + "1. 阿A 上午");
  g.say("阿B", header + "1. 阿A 上午\n2. 阿B 下午");
  g.say("阿C", header + "1. 阿A 上午\n2. 阿B 下午\n3. 阿C 全天");
  // Not on the chain, asking, leaving the group, or about someone else: chatter.
  for (const char* chatter : {"怎么退出接龙？", "我退出群聊了", "他退出了"}) {
    INFO(chatter);
    CHECK(g.say("阿A", chatter).kind == "chatter");
  }
  CHECK(g.say("路人", "我退出").kind == "chatter");
  const auto a = g.say("阿A", "不好意思 家里有事 退出接龙");
  CHECK(a.kind == "chain_leave");
  CHECK_THAT(all_text(a), Catch::Contains("已退出：阿A 上午"));
  CHECK_THAT(all_text(g.say("阿B", "临时要加班 只能退出了")), Catch::Contains("已退出：阿B 下午"));
  CHECK_THAT(all_text(g.say("阿C", "取消我的报名")), Catch::Contains("已退出：阿C 全天"));
  CHECK(roster_names(g, entry_status::confirmed).empty());
}

TEST_CASE("the lines of a sharing chain are offers, matched to the needs", "[chain_commands]") {
  // As 上海静安延峰居民区 ran its 线上共享药箱 接龙 (tests/corpus m0494–m0498, 东方网 2022-12-27).
  group g;
  g.say("王阿姨", "3-2-501 需要 布洛芬 1盒");
  const std::string chain = "#接龙 线上共享药箱\n有多余，同分享\n\n1. 新康泰克,1盒10粒";
  const auto first = g.say("小林", chain);
  CHECK_THAT(all_text(first), Catch::Contains("已登记互助") && Catch::Contains("新康泰克"));
  const auto second = g.say("老周", chain + "\n2. 布洛芬1盒");
  CHECK_THAT(all_text(second), Catch::Contains("已登记互助") && Catch::Contains("#1"));
  CHECK(g.store->offers_in(g.chat, offer_status::matched).size() == 1);
  CHECK(g.store->offers_in(g.chat, offer_status::open).size() == 1);  // 新康泰克, not asked for
  // A copy that adds nothing logs nothing again; an ordinary roster's lines are no offers.
  g.say("王阿姨", chain + "\n2. 布洛芬1盒");
  CHECK(g.store->offers_in(g.chat, offer_status::open).size() == 1);
  g.say("阿A", header + "1. 阿A 布洛芬1盒");
  CHECK(g.store->offers_in(g.chat, offer_status::open).size() == 1);
}

TEST_CASE("an English chat leaves with an English word and reads English replies",
          "[chain_commands]") {
  group g;
  g.say("coordinator", "/lang en", true);
  g.say("Alice", "#Group Note Monday\n1. Alice");
  const auto fork = g.replies_to("Bob", "#Group Note Monday\n2. Bob");
  CHECK_THAT(fork, Catch::Contains("dropped 1 entry (it is still on the list)"));
  CHECK_THAT(g.replies_to("Alice", "leave"), Catch::Contains("Left: Alice"));
  CHECK(g.say("Alice", "leave me alone").kind == "chatter");
}

TEST_CASE("a stale copy after someone left does not bring them back", "[chain_commands]") {
  group g;
  const std::string v2 = header + "1. 阿A\n2. 阿B";
  g.say("阿A", header + "1. 阿A");
  g.say("阿B", v2);
  g.say("阿B", "退出");
  const auto stale = g.say("阿C", v2 + "\n3. 阿C");
  CHECK_THAT(all_text(stale), Catch::Contains("已登记：阿C（第2位）"));
  CHECK(roster_names(g, entry_status::confirmed) == std::vector<std::string>{"阿A", "阿C"});
}

TEST_CASE("after the deadline new lines are refused and kept as rejected", "[chain_commands]") {
  group g;
  g.say("协调员", "#接龙 明日送菜\n截止21:00\n\n1. 阿A");
  g.clock_ms = evening_ms + 4 * 3'600'000;  // 22:00
  const auto late = g.say("阿B", "#接龙 明日送菜\n截止21:00\n\n1. 阿A\n2. 阿B");
  CHECK_THAT(all_text(late), Catch::Contains("已于 21:00 截止") && Catch::Contains("阿B"));
  const auto c = g.store->latest_chain({"generic", "g1"});
  REQUIRE(c);
  REQUIRE(c->entries.size() == 2);
  CHECK(c->entries[1].state == entry_state::rejected);
  CHECK(roster_names(g, entry_status::confirmed) == std::vector<std::string>{"阿A"});
}

TEST_CASE("帮报 registers someone else with who registered them", "[chain_commands]") {
  group g;
  g.say("阿A", header + "1. 阿A");
  const auto o = g.say("王五", "帮报 张阿姨 3号楼 上午");
  CHECK(o.kind == "chain_proxy");
  CHECK_THAT(all_text(o), Catch::Contains("已登记：张阿姨（第2位）"));
  const auto c = g.store->latest_chain({"generic", "g1"});
  REQUIRE(c);
  REQUIRE(c->entries.size() == 2);
  CHECK(c->entries[1].registered_by == "王五");
  CHECK(c->entries[1].name == "张阿姨");
  CHECK(c->entries[1].content == "张阿姨 3号楼 上午（王五帮报）");
  CHECK_THAT(all_text(g.say("李四", "帮报 张阿姨 3号楼 上午")), Catch::Contains("已在名单中"));
  // Copies of the rendered chain carry the note and match the entry.
  const auto copy = g.say("阿C", header + "1. 阿A\n2. 张阿姨 3号楼 上午（王五帮报）\n3. 阿C");
  CHECK_THAT(all_text(copy), Catch::Contains("已登记：阿C（第3位）") && !Catch::Contains("漏掉"));
}

TEST_CASE("名单 and /roster show the chain; nothing to show says so", "[chain_commands]") {
  group g;
  CHECK_THAT(all_text(g.say("阿A", "名单")), Catch::Contains("没有进行中的接龙"));
  g.say("阿A", header + "1. 阿A\n2. 阿B\n3. 阿C\n4. 阿D");
  const auto r = g.say("阿B", "/roster");
  CHECK_THAT(all_text(r), Catch::Contains("3 人 / 3，候补 1") && Catch::Contains("候补：\n4. 阿D"));
}

TEST_CASE("/chain commands are for coordinators and change the chain", "[chain_commands]") {
  group g;
  CHECK(g.say("阿A", "/chain new 周六消杀").kind == "denied");
  CHECK_THAT(all_text(g.say("协调员", "/chain new 周六消杀", true)), Catch::Contains("周六消杀"));
  g.say("阿A", "#接龙 周六消杀\n1. 阿A\n2. 阿B\n3. 阿C");
  CHECK_THAT(all_text(g.say("协调员", "/chain cap 2", true)), Catch::Contains("名额已更新"));
  CHECK(roster_names(g, entry_status::waitlist) == std::vector<std::string>{"阿C"});
  CHECK_THAT(all_text(g.say("协调员", "/chain cap none", true)),
             Catch::Contains("候补递补：阿C（第3位）"));
  CHECK_THAT(all_text(g.say("协调员", "/chain remove 1", true)), Catch::Contains("已移除：阿A"));
  g.say("协调员", "/chain close", true);
  CHECK_THAT(all_text(g.say("协调员", "/chain close", true)), Catch::Contains("本来就已截止"));
  CHECK_THAT(all_text(g.say("阿D", "#接龙 周六消杀\n1. 阿B\n2. 阿C\n3. 阿D")),
             Catch::Contains("截止") && Catch::Contains("未计入"));
  g.say("协调员", "/chain open", true);
  CHECK_THAT(all_text(g.say("协调员", "/chain open", true)), Catch::Contains("本来就在报名中"));
  CHECK_THAT(all_text(g.say("阿E", "#接龙 周六消杀\n1. 阿B\n2. 阿C\n3. 阿E")),
             Catch::Contains("已登记：阿E"));
  CHECK_THAT(all_text(g.say("协调员", "/chain deadline 21:30", true)), Catch::Contains("21:30"));
  CHECK_THAT(all_text(g.say("协调员", "/chain frobnicate", true)), Catch::Contains("用法"));
}

TEST_CASE("a chain too long for one message is paged", "[chain_commands]") {
  group g;
  std::string text = "#接龙 大名单\n";
  for (int i = 1; i <= 400; ++i) {
    text += std::to_string(i) + ". 志愿者" + std::to_string(i) + " " + std::to_string(i % 30) +
            "号楼 上午\n";
  }
  g.say("协调员", text);
  const auto r = g.say("阿A", "名单");
  REQUIRE(r.answers.size() >= 3);
  for (const auto& page : r.answers) CHECK(page.text.size() <= page_bytes);
  CHECK_THAT(r.answers.back().text, Catch::EndsWith(")"));
}

TEST_CASE("hostile chain posts never crash and are stored as chains", "[chain_commands]") {
  group g;
  // The chain a post names, as stored in the chat.
  auto stored = [&](const std::string& post) {
    const auto parsed = parse_chain(post);
    REQUIRE(parsed);
    return g.store->find_chain(g.chat, parsed->header_key);
  };
  std::string huge = "#接龙 大名单\n";
  for (int i = 1; i <= 10'000; ++i)
    huge += std::to_string(i) + ". 志愿者" + std::to_string(i) + "\n";
  CHECK(g.say("阿A", huge).kind == "chain_post");
  const auto big = stored(huge);
  REQUIRE(big);
  // The rest is not read as entries: the first lines past the limit are kept as rejected.
  CHECK(roster(*big).size() == max_chain_entries);
  CHECK(roster(*big).back().entry->content == "志愿者" + std::to_string(max_chain_entries));
  CHECK(big->entries.size() == max_chain_entries + max_over_limit_kept);
  CHECK(big->entries.back().state == entry_state::rejected);

  std::string junk = "#接龙 x\n";
  for (int i = 0; i < 20'000; ++i) junk += static_cast<char>((i * 131) % 256);
  CHECK(g.say("阿B", junk).kind == "chain_post");
  const auto x = stored(junk);
  REQUIRE(x);
  CHECK(x->title == "x");

  const std::string blank_post = "#接龙\n" + std::string(50'000, '\n');
  const auto blank = g.say("阿C", blank_post);
  CHECK(blank.kind == "chain_post");
  CHECK_THAT(all_text(blank), Catch::Contains("新接龙「接龙」"));
  const auto untitled = stored(blank_post);
  REQUIRE(untitled);
  CHECK(untitled->entries.empty());
  // The first chain kept its entries through the later posts.
  CHECK(roster(*stored(huge)).size() == max_chain_entries);
  CHECK(stored(huge)->entries.size() == max_chain_entries + max_over_limit_kept);
}

// A simulated group: volunteers copy randomly chosen earlier versions (stale bases, forks,
// re-posts) and sometimes leave. Whatever the interleaving, the roster holds every volunteer who
// signed up and did not leave, exactly once, in order of joining, with capacity and 候补 order.
TEST_CASE("property: concurrent copies never lose or duplicate an entry", "[chain_commands]") {
  std::mt19937 rng(20221122);
  for (int trial = 0; trial < 1000; ++trial) {
    group g;
    const int volunteers = 3 + static_cast<int>(rng() % 8);
    const int capacity = 1 + static_cast<int>(rng() % 6);
    const std::string head =
        "#接龙 第" + std::to_string(trial) + "次\n限" + std::to_string(capacity) + "人\n\n";
    auto line = [](int v) {
      return "志愿者" + std::to_string(v) + " " + std::to_string(v) + "号楼";
    };
    std::vector<std::vector<int>> versions = {{}};  // each version: the volunteers it lists
    std::vector<int> joined;                        // the model: who is on the roster, in order
    auto on_roster = [&](int v) {
      return std::find(joined.begin(), joined.end(), v) != joined.end();
    };
    const std::string first = head;
    g.say("协调员", first + "1. ");  // opens the chain with no entries

    const int steps = 5 + static_cast<int>(rng() % 20);
    for (int step = 0; step < steps; ++step) {
      const int v = static_cast<int>(rng() % volunteers);
      const std::string who = "v" + std::to_string(v);
      const int action = static_cast<int>(rng() % 10);
      if (action < 2 && on_roster(v)) {
        g.say(who, "退出");
        joined.erase(std::find(joined.begin(), joined.end(), v));
        continue;
      }
      // Copy a random earlier version, usually a recent one.
      const std::size_t back = std::min<std::size_t>(versions.size() - 1, rng() % 4);
      std::vector<int> copy = versions[versions.size() - 1 - back];
      const bool append = action >= 4;
      if (append && std::find(copy.begin(), copy.end(), v) == copy.end()) copy.push_back(v);
      std::string text = head;
      for (std::size_t i = 0; i < copy.size(); ++i) {
        text += std::to_string(i + 1) + ". " + line(copy[i]) + "\n";
      }
      g.say(who, text);
      versions.push_back(copy);
      // Posting a copy with your own line puts you on the roster if you were not.
      if (std::find(copy.begin(), copy.end(), v) != copy.end() && !on_roster(v))
        joined.push_back(v);
    }

    const auto c = g.store->latest_chain({"generic", "g1"});
    REQUIRE(c);
    const auto lines = roster(*c);
    std::vector<std::string> actual, expected;
    for (const auto& l : lines) actual.push_back(l.entry->content);
    for (int v : joined) expected.push_back(line(v));
    INFO("trial " << trial);
    REQUIRE(actual == expected);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      REQUIRE(lines[i].status ==
              (static_cast<int>(i) < capacity ? entry_status::confirmed : entry_status::waitlist));
    }
  }
}

TEST_CASE("an owner adding to their own line edits it in place", "[chain_commands]") {
  group g;
  g.say("阿A", header + "1. 阿A 1号楼");
  g.say("阿B", header + "1. 阿A 1号楼\n2. 阿B 2号楼");
  const auto edit = g.say("阿A", header + "1. 阿A 1号楼 有车\n2. 阿B 2号楼");
  const std::string text = all_text(edit);
  CHECK_THAT(text, Catch::Contains("已更新：阿A 1号楼 有车") && Catch::Contains("位置不变"));
  CHECK_THAT(text, !Catch::Contains("漏掉") && !Catch::Contains("已登记"));
  CHECK(roster_names(g, entry_status::confirmed) == std::vector<std::string>{"阿A", "阿B"});
  CHECK(g.store->latest_chain(g.chat)->entries[0].content == "阿A 1号楼 有车");
  // The edited copy itself, posted again by someone else, adds nothing.
  CHECK(g.say("阿C", header + "1. 阿A 1号楼 有车\n2. 阿B 2号楼").answers.empty());
}

TEST_CASE("editing a chain post merges it as its author's copy", "[chain_commands]") {
  group g;
  g.keep_messages = true;
  g.say("阿A", header + "1. 阿A 1号楼");                // m1
  g.say("阿B", header + "1. 阿A 1号楼\n2. 阿B 2号楼");  // m2
  // 阿A edits their first post: their line changes; 阿B, added since, is not "dropped".
  const auto o = g.edit("阿A", "m1", header + "1. 阿A 1号楼 有车");
  CHECK(o.kind == "chain_post");
  const std::string text = all_text(o);
  CHECK_THAT(text, Catch::Contains("已更新：阿A 1号楼 有车"));
  CHECK_THAT(text, !Catch::Contains("漏掉"));
  CHECK(roster_names(g, entry_status::confirmed) == std::vector<std::string>{"阿A", "阿B"});
  CHECK(g.store->latest_chain(g.chat)->entries[0].content == "阿A 1号楼 有车");
}
