// parse_request on money: where an amount starts and ends, and when a number before 块 is no
// money at all. The rest of the parser's tests are in request_parser_test.cpp.

#include "handlers/requests/request_parser.hpp"

#include <catch2/catch.hpp>

using namespace linli;
using namespace linli::handlers;

TEST_CASE("an amount past the cap is no money, nor is its tail", "[request_parser]") {
  // 999999999999元 once read as ¥999,999 from its last six digits: amounts start where a
  // number starts. The sender is told (request_commands: requests.logged.amount_past_cap).
  const auto r = parse_request("3-2-501 需要 大米10斤 999999999999元");
  REQUIRE(r);
  REQUIRE(r->items.size() == 1);
  CHECK(r->items[0].name == "大米");
  CHECK_FALSE(r->items[0].amount_cents);
  CHECK_FALSE(r->total_cents());
  const auto total = parse_request("3-2-501 需要 大米10斤 共12345678901元");
  REQUIRE(total);
  CHECK_FALSE(total->total_cents());
  CHECK(parse_request("3-2-501 需要 大米10斤 共99.5元")->total_cents() == 9950);
}

TEST_CASE("a small count before 块 is pieces; a price stays money", "[request_parser]") {
  const auto ginger = parse_request("需要 生姜 一块 煮姜汤");
  REQUIRE(ginger);
  REQUIRE(ginger->items.size() == 1);
  CHECK(ginger->items[0].name == "生姜");
  CHECK(ginger->items[0].quantity == 1);
  CHECK(ginger->items[0].unit == "块");
  CHECK_FALSE(ginger->total_cents());
  const auto tofu = parse_request("3-2-501 需要 豆腐两块");
  REQUIRE(tofu);
  REQUIRE(tofu->items.size() == 1);
  CHECK(tofu->items[0].quantity == 2);
  CHECK_FALSE(tofu->total_cents());
  // Digits, 块钱 and large counts are money.
  CHECK(parse_request("3-2-501 需要 大米10斤 共68块")->total_cents() == 6800);
  const auto five = parse_request("3-2-501 需要 葱 五块钱");
  REQUIRE(five);
  CHECK(five->items.size() == 1);
  CHECK(five->items[0].amount_cents == 500);
}
