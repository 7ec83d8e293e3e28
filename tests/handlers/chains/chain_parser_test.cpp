#include "handlers/chains/chain_parser.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>

using namespace linli::handlers;

namespace {

struct chain_case {
  const char* name;
  const char* text;
  std::vector<std::string> entries;  // entry texts, continuation lines joined by '\n'
  std::string title;
  std::optional<int> capacity = std::nullopt;
  std::optional<clock_time> deadline = std::nullopt;
  std::string example = "";
  std::size_t tail_lines = 0;
};

std::vector<std::string> texts(const parsed_chain& p) {
  std::vector<std::string> out;
  for (const auto& e : p.entries) out.push_back(e.text);
  return out;
}

}  // namespace

TEST_CASE("parse_chain reads the shapes people paste", "[chain_parser]") {
  const std::vector<chain_case> cases = {
      {"plain", "#接龙\n明日核酸志愿者\n\n1. 张三\n2. 李四", {"张三", "李四"}, "明日核酸志愿者"},
      {"title on the tag line", "#接龙 明日核酸志愿者\n1. 张三", {"张三"}, "明日核酸志愿者"},
      {"tag after other text",
       "大家好 #接龙 团购登记\n1. 张三 3号楼",
       {"张三 3号楼"},
       "大家好 团购登记"},
      {"group note",
       "#Group Note\nVolunteers for Monday\n1. Alice\n2. Bob",
       {"Alice", "Bob"},
       "Volunteers for Monday"},
      {"group note lower case", "#group note Monday\n1. Alice", {"Alice"}, "Monday"},
      {"full-width tag and digits",
       "＃接龙 周六消杀\n１．王五\n２．赵六",
       {"王五", "赵六"},
       "周六消杀"},
      {"traditional tag", "#接龍 明日排班\n1. 陳大文", {"陳大文"}, "明日排班"},
      {"ideographic comma marker", "#接龙 送菜\n1、张三\n2、李四", {"张三", "李四"}, "送菜"},
      {"paren marker", "#接龙 送菜\n1) 张三\n2）李四", {"张三", "李四"}, "送菜"},
      {"parenthesised number", "#接龙 送菜\n(1) 张三\n（2）李四", {"张三", "李四"}, "送菜"},
      {"circled numbers", "#接龙 送菜\n①张三\n② 李四\n⑳ 王五", {"张三", "李四", "王五"}, "送菜"},
      {"no space after marker",
       "#接龙 送菜\n1.张三 3号楼\n2.李四 5号楼",
       {"张三 3号楼", "李四 5号楼"},
       "送菜"},
      {"number then space", "#接龙 送菜\n1 张三\n2 李四", {"张三", "李四"}, "送菜"},
      {"colon marker", "#接龙 送菜\n1：张三\n2: 李四", {"张三", "李四"}, "送菜"},
      {"example line",
       "#接龙 核酸点\n例 张三 3号楼 上午\n\n1. 李四 5号楼 下午",
       {"李四 5号楼 下午"},
       "核酸点",
       std::nullopt,
       std::nullopt,
       "例 张三 3号楼 上午"},
      {"example with colon",
       "#接龙 核酸点\n示例：姓名+楼栋+时段\n1. 李四 5号楼 下午",
       {"李四 5号楼 下午"},
       "核酸点",
       std::nullopt,
       std::nullopt,
       "示例：姓名+楼栋+时段"},
      {"header lines with date and rules",
       "#接龙\n11月23日 核酸点秩序维护\n要求：穿防护服，提前10分钟到\n\n1. 张三\n2. 李四",
       {"张三", "李四"},
       "11月23日 核酸点秩序维护"},
      {"capacity 限", "#接龙 核酸点 限20人\n1. 张三", {"张三"}, "核酸点 限20人", 20},
      {"capacity 上限", "#接龙 核酸点\n上限15人\n1. 张三", {"张三"}, "核酸点", 15},
      {"capacity 名额", "#接龙 核酸点\n名额：12\n1. 张三", {"张三"}, "核酸点", 12},
      {"capacity in Chinese numerals", "#接龙 核酸点\n限二十人\n1. 张三", {"张三"}, "核酸点", 20},
      {"限时 is not a capacity", "#接龙 核酸点\n限时报名\n1. 张三", {"张三"}, "核酸点"},
      {"deadline",
       "#接龙 核酸点\n截止21:00\n1. 张三",
       {"张三"},
       "核酸点",
       std::nullopt,
       clock_time{21, 0}},
      {"deadline full-width colon",
       "#接龙 核酸点\n截止时间：２１：３０\n1. 张三",
       {"张三"},
       "核酸点",
       std::nullopt,
       clock_time{21, 30}},
      {"deadline in words",
       "#接龙 核酸点\n晚上9点截止\n1. 张三",
       {"张三"},
       "核酸点",
       std::nullopt,
       clock_time{21, 0}},
      {"deadline in the closing lines, an afternoon hour",
       "#接龙 南瓜\n1.295-909 6份\n\n三点截单",
       {"295-909 6份"},
       "南瓜",
       std::nullopt,
       clock_time{15, 0},
       "",
       1},
      {"deadline tonight in the closing lines, an evening hour (tests/corpus c079)",
       "#接龙 蔬菜包\n1 3-2-501 2份\n\n今晚9点截单，明天下午到货",
       {"3-2-501 2份"},
       "蔬菜包",
       std::nullopt,
       clock_time{21, 0},
       "",
       1},
      {"deadline tomorrow morning in the closing lines",
       "#接龙 大米\n1. 3-2-501 2袋\n\n明早10点截单",
       {"3-2-501 2袋"},
       "大米",
       std::nullopt,
       clock_time{10, 0},
       "",
       1},
      {"multi-line entry",
       "#接龙 送药\n1. 张三 3号楼\n   需要轮椅\n2. 李四",
       {"张三 3号楼\n需要轮椅", "李四"},
       "送药"},
      {"tail after blank line",
       "#接龙 送药\n1. 张三\n2. 李四\n\n请大家准时到岗！\n谢谢",
       {"张三", "李四"},
       "送药",
       std::nullopt,
       std::nullopt,
       "",
       2},
      {"blank lines between entries",
       "#接龙 送药\n\n1. 张三\n\n2. 李四\n\n\n3. 王五",
       {"张三", "李四", "王五"},
       "送药"},
      {"emoji everywhere",
       "🔥#接龙🔥 明天送菜🥬\n1. 张三😀\n2. 李四👍",
       {"张三😀", "李四👍"},
       "🔥🔥 明天送菜🥬"},
      {"empty placeholder lines", "#接龙 送菜\n1. 张三\n2.\n3. ", {"张三"}, "送菜"},
      {"numbers are hints",
       "#接龙 送菜\n1. 张三\n1. 李四\n5. 王五",
       {"张三", "李四", "王五"},
       "送菜"},
      {"waitlist section",
       "#接龙 送菜 限2人\n1. 张三\n2. 李四\n候补：\n3. 王五",
       {"张三", "李四", "王五"},
       "送菜 限2人",
       2},
      {"CRLF line ends", "#接龙 送菜\r\n1. 张三\r\n2. 李四\r\n", {"张三", "李四"}, "送菜"},
      {"header with date is not an entry",
       "#接龙\n2022.11.23 核酸点\n1. 张三",
       {"张三"},
       "2022.11.23 核酸点"},
      {"address lines are not entries", "#接龙 楼长\n3-2-501 负责人\n1. 张三", {"张三"}, "楼长"},
      {"slot caps per slot",
       "#接龙 核酸点\n上午限10人 下午限8人\n1. 张三 上午",
       {"张三 上午"},
       "核酸点"},
      {"indented entries", "#接龙 送菜\n  1. 张三\n\t2. 李四", {"张三", "李四"}, "送菜"},
  };
  REQUIRE(cases.size() >= 30);
  for (const auto& c : cases) {
    INFO(c.name);
    const auto p = parse_chain(c.text);
    REQUIRE(p);
    CHECK(texts(*p) == c.entries);
    CHECK(p->title == c.title);
    CHECK(p->capacity == c.capacity);
    CHECK(p->deadline == c.deadline);
    CHECK(p->example == c.example);
    CHECK(p->tail.size() == c.tail_lines);
  }
}

TEST_CASE("parse_chain reads per-slot capacities", "[chain_parser]") {
  const auto p = parse_chain("#接龙 核酸点 限20人\n上午限10人，下午限八人\n1. 张三 上午");
  REQUIRE(p);
  CHECK(p->capacity == 20);
  CHECK(p->slot_caps == std::map<std::string, int>{{"上午", 10}, {"下午", 8}});
}

TEST_CASE("parse_chain needs the tag on the first line", "[chain_parser]") {
  CHECK_FALSE(parse_chain("明日核酸志愿者\n1. 张三"));
  CHECK(parse_chain("明日核酸志愿者 #接龙\n1. 张三"));  // the tag may follow other text
  CHECK_FALSE(parse_chain(""));
  CHECK_FALSE(parse_chain("\n\n   \n"));
  CHECK(is_chain_post("\n\n#接龙 x"));
  CHECK_FALSE(is_chain_post("大家好\n#接龙"));
}

TEST_CASE("the same chain copied with different spacing has one identity", "[chain_parser]") {
  const auto a = parse_chain("#接龙 明日核酸志愿者\n11月23日，限20人\n1. 张三");
  const auto b = parse_chain("＃接龍　明日核酸志愿者\n11月23日 限20人\n\n1．张三\n2．李四");
  const auto other = parse_chain("#接龙 明日送菜志愿者\n11月23日，限20人\n1. 张三");
  REQUIRE((a && b && other));
  CHECK(a->header_key == b->header_key);
  CHECK(a->header_key != other->header_key);
}

TEST_CASE("parse_chain survives hostile input", "[chain_parser]") {
  std::string huge = "#接龙 大名单\n";
  for (int i = 1; i <= 10'000; ++i)
    huge += std::to_string(i) + ". 志愿者" + std::to_string(i) + "\n";
  const auto p = parse_chain(huge);
  REQUIRE(p);
  CHECK(p->entries.size() == max_chain_entries);

  // Bytes of every value after the tag: still the chain "x", and no line reads as an entry.
  std::string junk = "#接龙 x\n";
  for (int i = 0; i < 5000; ++i) junk += static_cast<char>((i * 37) % 256);
  const auto junk_chain = parse_chain(junk);
  REQUIRE(junk_chain);
  CHECK(junk_chain->title == "x");
  CHECK(junk_chain->entries.empty());

  // "1.1" is a decimal, not a numbered line: markers nested in markers are no entries either.
  std::string nested = "#接龙 x\n";
  for (int i = 0; i < 2000; ++i) nested += "1.1.1.1.1.(1)①1、1）" + std::string(i % 7, ' ') + "\n";
  const auto nested_chain = parse_chain(nested);
  REQUIRE(nested_chain);
  CHECK(nested_chain->entries.empty());
  CHECK(nested_chain->header.size() == 2001);

  const std::string one_long_line = "#接龙 x\n1. " + std::string(200'000, 'a');
  const auto long_entry = parse_chain(one_long_line);
  REQUIRE(long_entry);
  CHECK(long_entry->entries.size() == 1);
}

TEST_CASE("a chain tag with nothing after it is read safely", "[chain_parser]") {
  // Found by fuzz_text_parsers: the empty line after the tag was read one byte past its end.
  // Each text sits in a buffer of exactly its size, so ASan sees any such read.
  for (const std::string text : {"#接龙\n", "#接龙\n\n", "#接龙", "#接龙\n1.", "#接龙\n①"}) {
    const auto exact = std::make_unique<char[]>(text.size());
    std::copy(text.begin(), text.end(), exact.get());
    INFO(text);
    const auto chain = parse_chain(std::string_view(exact.get(), text.size()));
    REQUIRE(chain);
    CHECK(chain->title == "接龙");
    CHECK(chain->entries.empty());  // "1." and "①" with nothing after them name nobody
  }
}
