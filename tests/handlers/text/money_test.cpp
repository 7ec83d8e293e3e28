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

TEST_CASE("money is capped at one million yuan per amount and exponents are not money", "[money]") {
  CHECK(parse_cents("1000000") == max_cents);
  CHECK(parse_cents("999999.99") == 99999999);
  CHECK_FALSE(parse_cents("1000000.01"));
  CHECK_FALSE(parse_cents("1000001"));
  CHECK_FALSE(parse_cents("1e9"));
  std::size_t length = 0;
  CHECK(read_money("1000000元", length) == max_cents);
  CHECK_FALSE(read_money("1000001元", length));
  CHECK_FALSE(read_money("1e9元", length));
  CHECK_FALSE(read_money("一千万元", length));
  CHECK(has_money_past_cap("大米 1000001元"));
  CHECK(has_money_past_cap("\u00A5 99999999999999999999"));
  CHECK(has_money_past_cap("1000000.5块"));
  CHECK_FALSE(has_money_past_cap("大米 1000000元 10000000袋"));
  CHECK_FALSE(has_money_past_cap("5-1-1202 求购 大米10斤"));
}

TEST_CASE("checked arithmetic reports overflow and saturating sums never wrap", "[money]") {
  CHECK(checked_add(1, 2) == 3);
  CHECK_FALSE(checked_add(INT64_MAX, 1));
  CHECK_FALSE(checked_mul(INT64_MAX / 2, 3));
  CHECK(saturating_add(INT64_MAX, 1) == INT64_MAX);
  CHECK(saturating_add(INT64_MIN, -1) == INT64_MIN);
  CHECK(saturating_mul(INT64_MAX / 2, 3) == INT64_MAX);
  CHECK(saturating_mul(INT64_MAX / 2, -3) == INT64_MIN);
}
