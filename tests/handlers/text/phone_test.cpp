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
