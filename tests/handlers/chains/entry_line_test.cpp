#include "handlers/chains/entry_line.hpp"

#include <catch2/catch.hpp>

using namespace linli::handlers;

namespace {

// The number a line starts with and the text after the marker; nullopt when not numbered.
std::optional<std::pair<int, std::string_view>> numbered(std::string_view line) {
  const auto m = read_marker(line);
  if (!m) return std::nullopt;
  return std::pair{m->number, line.substr(m->length)};
}

using entry = std::pair<int, std::string_view>;

}  // namespace

TEST_CASE("read_marker reads the numbers people put before entries", "[entry_line]") {
  CHECK(numbered("1. 张三") == entry{1, "张三"});
  CHECK(numbered("12、李四") == entry{12, "李四"});
  CHECK(numbered("3) 王五") == entry{3, "王五"});
  CHECK(numbered("（2）赵六") == entry{2, "赵六"});
  CHECK(numbered("１．陈七") == entry{1, "陈七"});
  CHECK(numbered("②　周八") == entry{2, "周八"});
  CHECK(numbered("4 吴九") == entry{4, "吴九"});
  CHECK(numbered("5：郑十") == entry{5, "郑十"});
  // No space after the marker, before an address or a name (tests/corpus c016, c029).
  CHECK(numbered("2.6-1-302 3份") == entry{2, "6-1-302 3份"});
  CHECK(numbered("1.295-909 五斤西瓜") == entry{1, "295-909 五斤西瓜"});
  CHECK(numbered("1.王强 2箱") == entry{1, "王强 2箱"});
  // tests/corpus c079, c081, c083: before a room, a 12#602 address, 7号楼, or after a bare number.
  CHECK(numbered("1.1101 阴 3人") == entry{1, "1101 阴 3人"});
  CHECK(numbered("３．12#602 3份") == entry{3, "12#602 3份"});
  CHECK(numbered("1 3-2-501 2份 176元") == entry{1, "3-2-501 2份 176元"});
  CHECK(numbered("3 7号楼1801 3份") == entry{3, "7号楼1801 3份"});
}

TEST_CASE("read_marker refuses dates, amounts, addresses and bare numbers", "[entry_line]") {
  CHECK_FALSE(numbered("2022.11.20 核酸"));
  CHECK_FALSE(numbered("1.5斤"));
  CHECK_FALSE(numbered("3 2 501"));
  CHECK_FALSE(numbered("3.14 元"));         // two digits after the dot: a number
  CHECK_FALSE(numbered("1.23456 克"));      // five: no room
  CHECK_FALSE(numbered("2022.1101 记录"));  // a four-digit marker is a year
  CHECK_FALSE(numbered("12"));
  CHECK_FALSE(numbered("12345. 太长"));
  CHECK_FALSE(numbered("(1 张三"));
  CHECK_FALSE(numbered("张三 1."));
  CHECK_FALSE(numbered(""));
}

TEST_CASE("is_line_space knows the spaces residents type", "[entry_line]") {
  CHECK(is_line_space(U' '));
  CHECK(is_line_space(U'\t'));
  CHECK(is_line_space(0x3000));
  CHECK(is_line_space(0xA0));
  CHECK_FALSE(is_line_space(U'\n'));
  CHECK_FALSE(is_line_space(U'张'));
}

TEST_CASE("match_key ignores spacing and punctuation, not content", "[entry_line]") {
  CHECK(match_key("张三 3号楼，上午") == match_key("张三3号楼 上午"));
  CHECK(match_key("張三 ３號樓") == match_key("張三 3号楼"));
  CHECK(match_key("张三 3号楼") != match_key("张三 5号楼"));
}

TEST_CASE("parse_slot names the slot an entry asks for", "[entry_line]") {
  CHECK(parse_slot("张三 3号楼 上午") == "上午");
  CHECK(parse_slot("张三 下午") == "下午");
  CHECK(parse_slot("张三 全天") == "全天");
  CHECK(parse_slot("张三 上午下午都行") == "全天");
  CHECK(parse_slot("张三 晚上") == "晚上");
  CHECK(parse_slot("张三 8:00-12:00") == "08:00-12:00");
  CHECK(parse_slot("张三 ８：００～１２：３０") == "08:00-12:30");
  CHECK(parse_slot("张三 14:00至18:00") == "14:00-18:00");
  CHECK_FALSE(parse_slot("张三 3号楼"));
  // A time of day describing something else is no slot (tests/corpus c004).
  CHECK_FALSE(parse_slot("R 打卡第二天 饮食干净，唯一的罪恶是早上的酸奶。"));
  CHECK(parse_slot("张三 早上的核酸后 下午") == "下午");
}

TEST_CASE("split_name takes the first word as the name", "[entry_line]") {
  CHECK(split_name("张三 3号楼 上午") == std::pair<std::string, std::string>{"张三", "3号楼 上午"});
  CHECK(split_name("张三，3号楼") == std::pair<std::string, std::string>{"张三", "3号楼"});
  CHECK(split_name("张三") == std::pair<std::string, std::string>{"张三", ""});
  // Hyphenated nicknames stay whole (tests/corpus/README.md, chain names).
  CHECK(split_name("张三-3号楼") == std::pair<std::string, std::string>{"张三-3号楼", ""});
  CHECK(split_name("Kevin涛-增肌-8年 打卡第9天") ==
        std::pair<std::string, std::string>{"Kevin涛-增肌-8年", "打卡第9天"});
  // A tagline's figure typed apart from its unit stays in the nickname (tests/corpus c009).
  CHECK(split_name("Kevin涛-增肌-8 年 打卡第1天") ==
        std::pair<std::string, std::string>{"Kevin涛-增肌-8 年", "打卡第1天"});
  CHECK(split_name("张三 8 年") == std::pair<std::string, std::string>{"张三", "8 年"});
  // A quantity straight after a name is the entry's detail; an address used as a name is kept.
  CHECK(split_name("刘洋3箱") == std::pair<std::string, std::string>{"刘洋", "3箱"});
  CHECK(split_name("9号楼1单元803 1份") ==
        std::pair<std::string, std::string>{"9号楼1单元803", "1份"});
  CHECK(split_name("3-1-201 2份") == std::pair<std::string, std::string>{"3-1-201", "2份"});
  CHECK(split_name("B区3栋501 1箱") == std::pair<std::string, std::string>{"B区3栋501", "1箱"});
  // Only the mark the name ended at is dropped: "林文冠Kevin  |  增肌" keeps its "|".
  CHECK(split_name("林文冠Kevin  |  增肌") ==
        std::pair<std::string, std::string>{"林文冠Kevin", "|  增肌"});
}
