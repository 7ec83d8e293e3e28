#include "handlers/requests/money_forms.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "handlers/text/money.hpp"
#include "handlers/text/text.hpp"

using namespace linli;
using namespace linli::handlers;

namespace {

std::optional<std::int64_t> amount(const std::string& text) {
  std::size_t length = 0;
  return read_amount(text::fold(text), length);
}

std::optional<std::int64_t> paid(const std::string& text) {
  bool unreadable = false;
  return read_paid(text::fold(text), unreadable);
}

}  // namespace

// Forms from the dev part of tests/corpus/messages.jsonl (donations and spending reports).
TEST_CASE("read_amount reads the amounts donors write", "[money_forms]") {
  CHECK(amount("200") == 20000);
  CHECK(amount("2,000元") == 200000);
  CHECK(amount(" 1,280.00元") == 128000);
  CHECK(amount(":88.88元") == 8888);
  CHECK(amount("¥500") == 50000);
  CHECK(amount("２萬") == 2000000);
  CHECK(amount("两百块 给大白买水") == 20000);
  CHECK(amount("貳佰元") == 20000);
  CHECK(amount("１５０") == 15000);
  CHECK_FALSE(amount("很多"));
  CHECK_FALSE(amount("2,0000元"));
  // Past the cap: no amount, never a fragment of one.
  CHECK_FALSE(amount("999999999999元"));
  CHECK_FALSE(amount("2,000,000元"));
  CHECK_FALSE(amount("200万"));
}

TEST_CASE("read_paid reads what volunteers say they paid", "[money_forms]") {
  CHECK(paid("#3 实付58.5元") == 5850);
  CHECK(paid("#7 共计¥128.4") == 12840);
  CHECK(paid("#15,实付 1,280.00元") == 128000);
  CHECK(paid("#4(药店只有一盒)实付 32") == 3200);
  CHECK(paid("#12 paid 58.5") == 5850);
  CHECK(paid("#2 #3 一共 88 元") == 8800);
  CHECK(paid("#17 实付58元 找零2元") == 5800);
  CHECK(paid("#3 一共花了45.5") == 4550);
  CHECK(paid("#6 垫付了 两百块") == 20000);
  CHECK_FALSE(paid("#3"));
  bool unreadable = false;
  CHECK_FALSE(read_paid(text::fold("#3 实付 很多"), unreadable));
  CHECK(unreadable);
}
