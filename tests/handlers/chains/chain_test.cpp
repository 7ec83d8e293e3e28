#include "handlers/chains/chain.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>

using namespace linli;
using namespace linli::handlers;

namespace {

const sender alice{"a", "阿A", platform_role::member};
const sender bob{"b", "阿B", platform_role::member};

// A chain with active entries for the given lines, ids in order.
chain with_lines(const std::vector<std::string>& lines, std::optional<int> capacity = {}) {
  chain c;
  c.capacity = capacity;
  std::int64_t id = 0;
  for (const auto& line : lines) {
    chain_entry e = make_entry(line, sender{"u" + std::to_string(id), line, {}}, 0);
    e.id = ++id;
    c.entries.push_back(e);
  }
  return c;
}

std::vector<std::string> names(const std::vector<roster_line>& lines, entry_status status) {
  std::vector<std::string> out;
  for (const auto& l : lines) {
    if (l.status == status) out.push_back(l.entry->name);
  }
  return out;
}

parsed_chain copy_of(const std::string& entries) {
  return *parse_chain("#接龙 测试\n" + entries);
}

}  // namespace

TEST_CASE("roster confirms in arrival order up to the capacity", "[chain]") {
  const chain c = with_lines({"甲", "乙", "丙", "丁"}, 2);
  const auto lines = roster(c);
  CHECK(names(lines, entry_status::confirmed) == std::vector<std::string>{"甲", "乙"});
  CHECK(names(lines, entry_status::waitlist) == std::vector<std::string>{"丙", "丁"});
  CHECK(lines[2].position == 3);
}

TEST_CASE("roster skips entries that left or were rejected", "[chain]") {
  chain c = with_lines({"甲", "乙", "丙"}, 2);
  c.entries[0].state = entry_state::left;
  c.entries[1].state = entry_state::rejected;
  const auto lines = roster(c);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].entry->name == "丙");
  CHECK(lines[0].status == entry_status::confirmed);
}

TEST_CASE("roster applies slot capacities and 全天 takes both halves", "[chain]") {
  chain c = with_lines({"甲 上午", "乙 全天", "丙 下午", "丁 上午", "戊 下午"});
  c.slot_caps = {{"上午", 2}, {"下午", 2}};
  const auto lines = roster(c);
  CHECK(names(lines, entry_status::confirmed) == std::vector<std::string>{"甲", "乙", "丙"});
  CHECK(names(lines, entry_status::waitlist) == std::vector<std::string>{"丁", "戊"});
}

TEST_CASE("roster leaves a slot without a cap unlimited", "[chain]") {
  chain c = with_lines({"甲 晚上", "乙 晚上", "丙 上午"});
  c.slot_caps = {{"上午", 1}};
  CHECK(names(roster(c), entry_status::waitlist).empty());
}

TEST_CASE("merge adds the poster's new line and nothing already known", "[chain]") {
  const chain c = with_lines({"甲 1号楼", "乙 2号楼"});
  const auto m = merge_copy(c, copy_of("1. 甲 1号楼\n2. 乙 2号楼\n3. 阿A 3号楼 上午"), alice, 5);
  REQUIRE(m.added.size() == 1);
  CHECK(m.added[0].name == "阿A");
  CHECK(m.added[0].detail == "3号楼 上午");
  CHECK(m.added[0].slot == "上午");
  CHECK(m.added[0].sender_id == "a");
  CHECK(m.added[0].added_ms == 5);
  CHECK(m.dropped.empty());
}

TEST_CASE("merge keeps both sides of a fork and reports what a copy dropped", "[chain]") {
  chain c = with_lines({"甲"});
  // Alice and Bob both copied the one-line version; Alice's arrived first.
  const auto a = merge_copy(c, copy_of("1. 甲\n2. 阿A"), alice, 1);
  REQUIRE(a.added.size() == 1);
  c.entries.push_back(a.added[0]);
  c.entries.back().id = 2;
  const auto b = merge_copy(c, copy_of("1. 甲\n2. 阿B"), bob, 2);
  REQUIRE(b.added.size() == 1);
  CHECK(b.added[0].name == "阿B");
  REQUIRE(b.dropped.size() == 1);
  CHECK(b.dropped[0]->name == "阿A");
}

TEST_CASE("merge matches lines regardless of numbering, spacing and width", "[chain]") {
  const chain c = with_lines({"甲 1号楼 上午"});
  const auto m = merge_copy(c, copy_of("5．甲１号楼，上午"), alice, 0);
  CHECK(m.added.empty());
  CHECK(m.dropped.empty());
}

TEST_CASE("merge never duplicates the same person's identical line", "[chain]") {
  chain c;
  const auto first = merge_copy(c, copy_of("1. 阿A 3号楼\n2. 阿A 3号楼"), alice, 0);
  CHECK(first.added.size() == 1);
}

TEST_CASE("merge counts repeated lines from different people", "[chain]") {
  // Two different volunteers both wrote just "张三"; the copy holds both.
  const chain c = with_lines({"张三"});
  const auto m = merge_copy(c, copy_of("1. 张三\n2. 张三"), bob, 0);
  REQUIRE(m.added.size() == 1);
  CHECK(m.added[0].sender_id == "b");
}

TEST_CASE("a stale copy does not bring back someone who left", "[chain]") {
  chain c = with_lines({"甲", "乙"});
  c.entries[1].state = entry_state::left;
  const auto m = merge_copy(c, copy_of("1. 甲\n2. 乙\n3. 阿A"), alice, 0);
  REQUIRE(m.added.size() == 1);
  CHECK(m.added[0].name == "阿A");
}

TEST_CASE("the owner copying their own line back rejoins", "[chain]") {
  chain c = with_lines({"甲"});
  c.entries.push_back(make_entry("阿A 3号楼", alice, 0));
  c.entries.back().id = 2;
  c.entries.back().state = entry_state::left;
  const auto m = merge_copy(c, copy_of("1. 甲\n2. 阿A 3号楼"), alice, 9);
  REQUIRE(m.added.size() == 1);
  CHECK(m.added[0].added_ms == 9);
}

TEST_CASE("render_chain round-trips: its copy adds and drops nothing", "[chain]") {
  chain c = with_lines({"甲 1号楼 上午", "乙 2号楼", "丙 3号楼", "丁"}, 2);
  c.header = {"#接龙 明日核酸", "限2人"};
  c.example = "例 张三 3号楼 上午";
  c.tail = {"请准时到岗"};
  const std::string text = render_chain(c, storage::language::zh);
  CHECK_THAT(text,
             Catch::StartsWith("#接龙 明日核酸\n限2人\n例 张三 3号楼 上午\n\n1. 甲 1号楼 上午"));
  CHECK_THAT(text, Catch::Contains("候补：\n3. 丙 3号楼\n4. 丁"));
  CHECK_THAT(text, Catch::EndsWith("\n\n请准时到岗"));
  const auto parsed = parse_chain(text);
  REQUIRE(parsed);
  CHECK(parsed->tail == c.tail);
  const auto m = merge_copy(c, *parsed, alice, 0);
  CHECK(m.added.empty());
  CHECK(m.dropped.empty());
}

TEST_CASE("render_slots groups the confirmed by slot, 全天 in both halves", "[chain]") {
  chain c = with_lines({"甲 上午", "乙 全天", "丙 下午", "丁", "戊 上午"}, 4);
  CHECK(render_slots(c, storage::language::zh) ==
        "按时段：\n上午（2人）：甲、乙（全天）\n下午（2人）：乙（全天）、丙\n全天（1人）：乙\n"
        "未注明时段（1人）：丁");
  CHECK(render_slots(with_lines({"甲", "乙"}), storage::language::zh).empty());
}

TEST_CASE("is_open follows the closed flag and the deadline", "[chain]") {
  chain c;
  CHECK(is_open(c, 100));
  c.deadline_ms = 100;
  CHECK(is_open(c, 99));
  CHECK_FALSE(is_open(c, 100));
  c.deadline_ms.reset();
  c.closed = true;
  CHECK_FALSE(is_open(c, 0));
}

TEST_CASE("merge_copy: an owner rewriting their own line edits it in place", "[chain]") {
  chain c = with_lines({"甲 1号楼", "王强 2箱"});
  c.entries[1].sender_id = alice.id;  // 王强's line was posted by alice
  const auto m = merge_copy(c, copy_of("1. 甲 1号楼\n2. 王强 2箱 有车"), alice, 9);
  CHECK(m.added.empty());
  CHECK(m.dropped.empty());
  REQUIRE(m.edited.size() == 1);
  CHECK(m.edited[0].id == 2);
  CHECK(m.edited[0].content == "王强 2箱 有车");
  CHECK(m.edited[0].changed_ms == 9);
  // Someone else rewriting 王强's line is a new entry, and 王强's is reported dropped.
  const auto other = merge_copy(c, copy_of("1. 甲 1号楼\n2. 王强 2箱 有车"), bob, 9);
  CHECK(other.edited.empty());
  CHECK(other.added.size() == 1);
  REQUIRE(other.dropped.size() == 1);
  CHECK(other.dropped[0]->id == 2);
  // A different name by the same poster is a new line, not an edit.
  const auto another = merge_copy(c, copy_of("1. 甲 1号楼\n2. 王强 2箱\n3. 李梅 1箱"), alice, 9);
  CHECK(another.edited.empty());
  CHECK(another.added.size() == 1);
}

TEST_CASE("merge gives the same answer whatever order the copy lists the lines in", "[chain]") {
  // Lines matched in the chain's order, out of it, repeated, and one that left.
  chain c = with_lines({"甲 1号楼", "乙 2号楼", "张三", "张三", "丙"});
  c.entries[4].state = entry_state::left;
  const auto summary = [&](const std::string& lines) {
    const auto m = merge_copy(c, copy_of(lines), alice, 0);
    std::vector<std::string> out;
    for (const auto& e : m.added) out.push_back("+" + e.content);
    for (const auto* e : m.dropped) out.push_back("-" + e->content);
    std::sort(out.begin(), out.end());
    return out;
  };
  const std::vector<std::string> expected = {"+阿A 3号楼", "-乙 2号楼"};
  CHECK(summary("1. 甲 1号楼\n2. 张三\n3. 张三\n4. 丙\n5. 阿A 3号楼") == expected);
  CHECK(summary("1. 阿A 3号楼\n2. 张三\n3. 丙\n4. 甲 1号楼\n5. 张三") == expected);
  CHECK(summary("1. 张三\n2. 甲１号楼\n3. 张三\n4. 阿A 3号楼\n5. 丙") == expected);
}

TEST_CASE("a copy appended to the chain merges as the same copy in another order", "[chain]") {
  // The usual copy (every active line in order, new ones at the end) takes a shorter way; a copy
  // with two lines swapped takes the general one. Both must say the same.
  std::mt19937 random(20221122);
  const std::vector<std::string> names = {"张三", "李四", "王五", "阿A", "阿B 3号楼", "阿C 上午"};
  const std::vector<sender> people = {alice, bob, {"c", "阿C", platform_role::member}};
  for (int round = 0; round < 300; ++round) {
    chain c;
    std::int64_t id = 0;
    for (int i = 0; i < 6; ++i) {
      const sender& owner = people[random() % people.size()];
      chain_entry e = make_entry(names[random() % names.size()], owner, 0);
      e.id = ++id;
      const unsigned state = random() % 5;
      if (state == 0) e.state = entry_state::left;
      if (state == 1) e.state = entry_state::rejected;
      c.entries.push_back(e);
    }
    std::vector<std::string> lines;
    for (const auto& e : c.entries) {
      if (e.state == entry_state::active) lines.push_back(e.content);
    }
    for (int extra = random() % 3; extra > 0; --extra)
      lines.push_back(names[random() % names.size()]);
    if (lines.size() < 2) continue;
    const sender& poster = people[random() % people.size()];
    const auto text_of = [](const std::vector<std::string>& l) {
      std::string out;
      for (std::size_t i = 0; i < l.size(); ++i) out += std::to_string(i + 1) + ". " + l[i] + "\n";
      return out;
    };
    std::vector<std::string> swapped = lines;
    std::swap(swapped.front(), swapped.back());
    const auto summary = [&](const merge_result& m) {
      std::vector<std::string> out;
      for (const auto& e : m.added) out.push_back("+" + e.content + "/" + e.sender_id);
      for (const auto* e : m.dropped) out.push_back("-" + e->content);
      for (const auto& e : m.edited) out.push_back("~" + e.content);
      std::sort(out.begin(), out.end());
      return out;
    };
    INFO(text_of(lines) << "poster " << poster.id);
    CHECK(summary(merge_copy(c, copy_of(text_of(lines)), poster, 0)) ==
          summary(merge_copy(c, copy_of(text_of(swapped)), poster, 0)));
  }
}
