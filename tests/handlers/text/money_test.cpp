#include "handlers/text/money.hpp"

#include <catch2/catch.hpp>

using namespace linli::text;

TEST_CASE("parse_cents is exact to the cent", "[money]") {
  CHECK(parse_cents("59.9") == 5990);
  CHECK(parse_cents("59.90") == 5990);
  CHECK(parse_cents("59.99") == 5999);
  CHECK(parse_cents("0.01") == 1);
  CHECK(parse_cents("68") == 6800);
  CHECK(parse_cents("22901.70") == 2290170);
  CHECK_FALSE(parse_cents("59.999"));
  CHECK_FALSE(parse_cents("59."));
  CHECK_FALSE(parse_cents(".5"));
  CHECK_FALSE(parse_cents("5a"));
  CHECK_FALSE(parse_cents("999999999999999999"));
}

TEST_CASE("read_money reads amounts with or without a currency mark", "[money]") {
  std::size_t length = 0;
  CHECK(read_money("59.9元 大米", length) == 5990);
  CHECK(length == std::string_view("59.9元").size());
  CHECK(read_money("\u00A568", length) == 6800);
  CHECK(read_money("68块钱", length) == 6800);
  CHECK(read_money("五十元", length) == 5000);
  CHECK_FALSE(read_money("200", length));  // a bare number is money only when asked
  CHECK(read_money("200", length, true) == 20000);
  CHECK_FALSE(read_money("59.999元", length));
  CHECK_FALSE(read_money("元", length));
}
