#include "bot/pipeline/rate_limit.hpp"

#include <catch2/catch.hpp>

using namespace linli::bot;

TEST_CASE("token buckets pace a chat and the whole bot", "[rate_limit]") {
  token_bucket b(rate{1.0, 2.0}, 0);
  CHECK(b.ready_at(0) == 0);
  b.take(0);
  b.take(0);
  CHECK(b.ready_at(0) == 1000);
  CHECK(b.ready_at(500) == 1000);
  CHECK(b.ready_at(1000) == 1000);
  b.take(1000);
  CHECK(b.ready_at(1000) == 2000);
  CHECK_FALSE(b.full(1500));
  CHECK(b.full(4000));

  // Telegram's shape: 1/s per chat, at most 20 in any minute in a group; 30/s for the bot.
  rate_limiter limits({{1.0, 1.0}, {17.0 / 60.0, 3.0}}, rate{30.0, 30.0});
  std::vector<std::int64_t> times;
  std::int64_t now = 0;
  while (now < 300'000) {
    now = limits.ready_at("g1", now);
    limits.take("g1", now);
    times.push_back(now);
  }
  for (std::size_t i = 1; i < times.size(); ++i) CHECK(times[i] - times[i - 1] >= 1000);
  for (std::size_t i = 0; i < times.size(); ++i) {
    std::size_t in_minute = 0;
    for (std::size_t j = i; j < times.size() && times[j] < times[i] + 60'000; ++j) ++in_minute;
    CHECK(in_minute <= 20);
  }
  CHECK(times.size() >= 5 * 17);             // and it does not hold back more than it must
  CHECK(limits.ready_at("g2", now) == now);  // another chat is not held up
}

TEST_CASE("the bot's own bucket holds back every chat together", "[rate_limit]") {
  // 2 a second for the bot, 10 a second per chat: the bot's limit is the one that bites.
  rate_limiter limits({{10.0, 10.0}}, rate{2.0, 2.0});
  limits.take("a", 0);
  limits.take("b", 0);
  CHECK(limits.ready_at("c", 0) == 500);  // a third chat waits for the bot's next token
  limits.take("c", 500);
  CHECK(limits.ready_at("a", 500) == 1000);
}

TEST_CASE("a bucket refills to its burst and no further", "[rate_limit]") {
  token_bucket b(rate{2.0, 3.0}, 0);
  for (int i = 0; i < 3; ++i) b.take(0);
  CHECK(b.ready_at(0) == 500);
  CHECK(b.full(1500));
  // An hour idle still gives only the burst.
  for (int i = 0; i < 3; ++i) {
    REQUIRE(b.ready_at(3'600'000) == 3'600'000);
    b.take(3'600'000);
  }
  CHECK(b.ready_at(3'600'000) == 3'600'500);
}
