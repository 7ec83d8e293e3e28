#include "handlers/text/address.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

using namespace linli;
using namespace linli::text;

namespace {

address at(std::string b, std::optional<std::string> u = std::nullopt,
           std::optional<std::string> r = std::nullopt) {
  return {std::move(b), std::move(u), std::move(r)};
}

}  // namespace

TEST_CASE("find_address reads every common form and refuses look-alikes", "[address]") {
  CHECK(find_address("3号楼2单元501")->value == at("3", "2", "501"));
  CHECK(find_address("3栋2单元501室")->value == at("3", "2", "501"));
  CHECK(find_address("住在5幢1202")->value == at("5", {}, "1202"));
  CHECK(find_address("十二栋602")->value == at("12", {}, "602"));
  CHECK(find_address("12-602")->value == at("12", {}, "602"));
  CHECK(find_address("3号楼")->value == at("3"));
  CHECK_FALSE(find_address("11-23 核酸"));  // a date
  CHECK_FALSE(find_address("3号开始"));     // a date
  CHECK_FALSE(find_address("在3楼"));       // a floor
  CHECK_FALSE(find_address("电话 13800138000"));
  CHECK(to_string(at("3", "2", "501")) == "3-2-501");
  CHECK(to_string(at("12", {}, "602")) == "12-602");
}

TEST_CASE("find_address gives the byte range of the address it read", "[address]") {
  const auto a = find_address("住在 3-2-501 的王阿姨");
  REQUIRE(a);
  CHECK(a->value == at("3", "2", "501"));
  CHECK(a->begin == std::string_view("住在 ").size());
  CHECK(a->end == std::string_view("住在 3-2-501").size());
}

TEST_CASE("find_address refuses a building number too long to be one", "[address]") {
  // Hostile input: ten thousand digits are no building, and reading them stays cheap.
  CHECK_FALSE(find_address(std::string(10'000, '3') + "号楼"));
}

TEST_CASE("find_address reads a building named by its street number, room after", "[address]") {
  // tests/corpus/messages.jsonl (dev) m0517: 延武大楼1020号1608室.
  CHECK(find_address("住延武大楼1020号1608室")->value == at("1020", {}, "1608"));
  CHECK(find_address("888号1201室")->value == at("888", {}, "1201"));
  CHECK_FALSE(find_address("1020号"));        // a street number alone
  CHECK_FALSE(find_address("1020号楼1608"));  // no estate numbers its buildings so
  CHECK_FALSE(find_address("订单号1234"));
}

TEST_CASE("find_address reads one household however it is typed", "[address]") {
  // The forms of the corpus's dev part (tests/corpus/messages.jsonl): the same household typed
  // several ways gives the same address.
  const std::vector<std::pair<std::string, address>> forms = {
      {"3-2-501", at("3", "2", "501")},
      {"3/2/501 退烧药", at("3", "2", "501")},
      {"3.2.501", at("3", "2", "501")},
      {"３－２－５０１", at("3", "2", "501")},
      {"三号楼二单元五〇一", at("3", "2", "501")},
      {"3幢2单元501室", at("3", "2", "501")},
      {"12#602 二甲双胍 1盒", at("12", {}, "602")},
      {"12栋602", at("12", {}, "602")},
      {"12-602", at("12", {}, "602")},
      {"12--602", at("12", {}, "602")},
      {"7座1201", at("7", {}, "1201")},
      {"十一栋一单元五〇二", at("11", "1", "502")},
      {"A区7栋1单元301 需要止泻药", at("A区7", "1", "301")},
      {"b区3栋501", at("B区3", {}, "501")},
      {"南区12号楼 1802 需要 感冒灵颗粒", at("南区12", {}, "1802")},
      {"1单元502 卫生纸快用完了", at("", "1", "502")},
      {"302室 需要 藿香正气胶囊 1盒", at("", {}, "302")},
      {"替楼上102的爷爷发:需要 前列地尔 3号楼", at("3", {}, "102")},
      {"我是4号楼的楼组长,独居老人 5楼 502 需要 米 10斤", at("4", {}, "502")},
  };
  for (const auto& [text, want] : forms) {
    INFO(text);
    const auto got = find_address(text);
    REQUIRE(got);
    CHECK(got->value == want);
  }
}

TEST_CASE("find_address refuses numbers that only look like the new forms", "[address]") {
  CHECK_FALSE(find_address("体温 38.5 度"));
  CHECK_FALSE(find_address("2022/4/15 到货"));
  CHECK_FALSE(find_address("一半 1/2"));
  CHECK_FALSE(find_address("#12 已买"));
  CHECK_FALSE(find_address("买了 12# 的"));
  CHECK_FALSE(find_address("3室一厅"));  // a flat's layout, no room number
  // A building whose room is not written keeps no stray amount or quantity as its room.
  CHECK(find_address("3号楼 大米 100斤")->value == at("3"));
  CHECK(find_address("3号楼 电话 13800138000")->value == at("3"));
  CHECK(find_address("3号楼 #102")->value == at("3"));
  CHECK(to_string(at("", "1", "502")) == "1单元502");
  CHECK(to_string(at("", {}, "302")) == "302室");
}

TEST_CASE("find_address gives the range of a room written apart", "[address]") {
  const std::string text = "楼上102的爷爷 3号楼";
  const auto a = find_address(text);
  REQUIRE(a);
  CHECK(text.substr(a->begin, a->end - a->begin) == "3号楼");
  CHECK(text.substr(a->also_begin, a->also_end - a->also_begin) == "102");
}

TEST_CASE("find_address stays linear on long runs of the new separators", "[address]") {
  std::string junk;
  for (int i = 0; i < 1000; ++i) junk += "1/2.3-#区";
  (void)find_address(junk);
  CHECK_FALSE(find_address(std::string(4000, '/')));
}
