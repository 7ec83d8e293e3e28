// Phone numbers are masked in what the group sees (issue 15, item 14).

#include "handlers/text/phone.hpp"

#include <catch2/catch.hpp>

using linli::text::mask_phones;

TEST_CASE("mask_phones keeps the first three and last four digits of a mobile", "[phone]") {
  CHECK(mask_phones("13812345678") == "138****5678");
  CHECK(mask_phones("1. 张三 13812345678 3号楼") == "1. 张三 138****5678 3号楼");
  CHECK(mask_phones("电话138-1234-5678，急") == "电话138****5678，急");
  CHECK(mask_phones("138 1234 5678") == "138****5678");
  CHECK(mask_phones("+86 13812345678") == "+86 138****5678");
  CHECK(mask_phones("+8613812345678") == "+86138****5678");
  CHECK(mask_phones("86-13812345678") == "86-138****5678");
  CHECK(mask_phones("a13912345678b18800001111") == "a139****5678b188****1111");
}

TEST_CASE("mask_phones leaves what is not a mobile number", "[phone]") {
  CHECK(mask_phones("3号楼2单元501 需要 硝苯地平 2盒 59.9元") ==
        "3号楼2单元501 需要 硝苯地平 2盒 59.9元");
  CHECK(mask_phones("2022-11-23 12:00") == "2022-11-23 12:00");
  CHECK(mask_phones("订单 123456789012") == "订单 123456789012");  // 12 digits
  CHECK(mask_phones("12345678901") == "12345678901");              // 1[3-9] only
  CHECK(mask_phones("138-1234 5678") == "138-1234 5678");          // mixed grouping
  CHECK(mask_phones("") == "");
}

TEST_CASE("mask_phones masks numbers written in full-width digits too", "[phone]") {
  CHECK(mask_phones("１３８１２３４５６７８") == "138****5678");
  CHECK(mask_phones("电话：１３８－１２３４－５６７８。") == "电话：138****5678。");
  CHECK(mask_phones("１３８　１２３４　５６７８") == "138****5678");
  CHECK(mask_phones("＋８６ １３８１２３４５６７８") == "＋８６ 138****5678");
  CHECK(mask_phones("8613812345678") == "86138****5678");
  // Mixed widths are still one number; a longer run of either is not a mobile.
  CHECK(mask_phones("138１２３４5678") == "138****5678");
  CHECK(mask_phones("１３８１２３４５６７８９") == "１３８１２３４５６７８９");
  CHECK(mask_phones("9１３８１２３４５６７８") == "9１３８１２３４５６７８");
  CHECK(mask_phones("５号楼") == "５号楼");
}

TEST_CASE("mask_phones hides landlines but their area code and last four digits", "[phone]") {
  CHECK(mask_phones("座机 021-62345678") == "座机 021-****5678");
  CHECK(mask_phones("0571-87654321 找王阿姨") == "0571-****4321 找王阿姨");
  CHECK(mask_phones("(010)8765432") == "(010)***5432");  // a star a digit: never longer
  CHECK(mask_phones("02162345678") == "021****5678");
  CHECK(mask_phones("0755 2345 678") == "0755 2345 678");  // a local number split in two: left
  CHECK(mask_phones("021-0234567") == "021-0234567");      // no local number starts with 0
  CHECK(mask_phones("021-623456789") == "021-623456789");  // 9 digits: not a landline
  CHECK(mask_phones("订单0211234") == "订单0211234");      // too short
  CHECK(mask_phones("3号楼2单元501 02:30 到") == "3号楼2单元501 02:30 到");
  // Masking never lengthens a text (fuzz_text_parsers checks it on every input; this one, with
  // a 7-digit local number, once got a star too many).
  for (const std::string s :
       {"(010)8765432", "0108765432", "订单号 01234567890 已付", "3号楼 -0305187589"}) {
    CHECK(mask_phones(s).size() <= s.size());
  }
}
