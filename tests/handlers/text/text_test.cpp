#include "handlers/text/text.hpp"

#include <catch2/catch.hpp>

using namespace linli;

TEST_CASE("to_halfwidth folds full-width ASCII, ideographic space and the yuan sign", "[text]") {
  CHECK(text::to_halfwidth("３号楼２单元５０１") == "3号楼2单元501");
  CHECK(text::to_halfwidth("／ＨＥＬＰ　ｍｅ！") == "/HELP me!");
  CHECK(text::to_halfwidth("￥６８") == "¥68");
  CHECK(text::to_halfwidth("、。【】") == "、。【】");  // no ASCII twin: kept
}

TEST_CASE("to_simplified converts keyword characters and leaves others", "[text]") {
  CHECK(text::to_simplified("認領 3號樓 團購 藥") == "认领 3号楼 团购 药");
  CHECK(text::to_simplified("接龍") == "接龙");
  CHECK(text::to_simplified("张三 hello") == "张三 hello");
  // Every character OpenCC's t2s knows, not only linli's keywords; one code point for one.
  CHECK(text::to_simplified("退熱貼 藍芩口服液 嬰兒奶粉") == "退热贴 蓝芩口服液 婴儿奶粉");
  CHECK(text::fold("體溫計") == "体温计");
}

TEST_CASE("fold combines half-width, simplified and lower case", "[text]") {
  CHECK(text::fold("／Ｌａｎｇ　ＥＮ") == "/lang en");
  CHECK(text::fold("幫報 張阿姨") == "帮报 张阿姨");
}

TEST_CASE("parse_chinese_number reads the numerals residents write", "[text]") {
  struct row {
    const char* input;
    std::int64_t value;
  };
  const auto r = GENERATE(values<row>({
      {"三", 3},           {"十", 10},         {"十二", 12},
      {"两", 2},           {"二十五", 25},     {"一百", 100},
      {"一百零五", 105},   {"一百五", 150},    {"两千五", 2500},
      {"一万五", 15000},   {"三〇二", 302},    {"一二〇二", 1202},
      {"零", 0},           {"兩", 2},          {"貳拾", 20},
      {"九十九", 99},      {"一千零一", 1001}, {"三万零八百", 30800},
      {"一亿", 100000000}, {"十万", 100000},
  }));
  INFO(r.input);
  CHECK(text::parse_chinese_number(r.input) == r.value);
}

TEST_CASE("parse_chinese_number refuses text that is not wholly a numeral", "[text]") {
  CHECK_FALSE(text::parse_chinese_number(""));
  CHECK_FALSE(text::parse_chinese_number("三号"));
  CHECK_FALSE(text::parse_chinese_number("12"));
  CHECK_FALSE(text::parse_chinese_number("一起"));
}

TEST_CASE("read_number reads the numeral at the start and says how long it is", "[text]") {
  auto n = text::read_number("12栋602");
  REQUIRE(n);
  CHECK(n->value == 12);
  CHECK(n->length == 2);

  n = text::read_number("１２０２室");  // full-width digits: 3 bytes each
  REQUIRE(n);
  CHECK(n->value == 1202);
  CHECK(n->length == 12);

  n = text::read_number("七号楼");
  REQUIRE(n);
  CHECK(n->value == 7);
  CHECK(n->length == 3);

  n = text::read_number("两盒");
  REQUIRE(n);
  CHECK(n->value == 2);

  CHECK_FALSE(text::read_number("盒"));
  CHECK_FALSE(text::read_number(""));
  CHECK_FALSE(text::read_number("99999999999999999999"));  // refused, not wrapped
}

TEST_CASE("trim strips ASCII, ideographic and no-break spaces", "[text]") {
  CHECK(text::trim("  \t３号楼\u3000\u00a0\n") == "３号楼");
  CHECK(text::trim("\u3000\u3000").empty());
  CHECK(text::trim("a") == "a");
}

TEST_CASE("decimal_at reads the decimal number at the start", "[text]") {
  CHECK(text::decimal_at("59.9元") == "59.9");
  CHECK(text::decimal_at("68块") == "68");
  CHECK(text::decimal_at("59.") == "59");  // no digit after the point: the integer part
  CHECK(text::decimal_at("1.2.3") == "1.2");
  CHECK(text::decimal_at(".5").empty());
  CHECK(text::decimal_at("五十").empty());  // ASCII digits only
  CHECK(text::decimal_at("").empty());
}
