#include "handlers/local_time.hpp"

#include <catch2/catch.hpp>

using namespace linli::handlers;

TEST_CASE("deadlines are the next such local time (UTC+8)", "[local_time]") {
  // 2022-11-22 10:00 UTC is 18:00 in Shanghai.
  const std::int64_t evening = 1669111200000;
  const std::int64_t deadline = next_local_time({21, 0}, evening);
  CHECK(deadline == evening + 3 * 3'600'000);
  CHECK(describe_deadline(deadline, evening) == "21:00");
  // Asked at 22:00 local, "21:00" is tomorrow's.
  const std::int64_t late = evening + 4 * 3'600'000;
  CHECK(next_local_time({21, 0}, late) == deadline + 24 * 3'600'000);
  CHECK(describe_deadline(deadline + 24 * 3'600'000, late) == "11-23 21:00");
}

TEST_CASE("local_day_start and local_date follow Shanghai's day, not UTC's", "[local_time]") {
  // 2022-11-22 17:30 UTC is 01:30 on the 23rd in Shanghai.
  const std::int64_t t = 1669138200000;
  CHECK(local_date(t) == "11-23");
  CHECK(local_day_start(t) == 1669132800000);  // 2022-11-22 16:00 UTC
  CHECK(local_date(local_day_start(t)) == "11-23");
  CHECK(local_date(0) == "1-01");
  CHECK(local_date(951782400000) == "2-29");  // 2000-02-29 08:00 Shanghai
}

TEST_CASE("parse_clock reads times of day", "[local_time]") {
  CHECK(parse_clock("21:00") == clock_time{21, 0});
  CHECK(parse_clock("9点") == clock_time{9, 0});
  CHECK(parse_clock("9点半") == clock_time{9, 30});
  CHECK(parse_clock("晚上9点") == clock_time{21, 0});
  CHECK(parse_clock("下午三点十五分") == clock_time{15, 15});
  CHECK_FALSE(parse_clock("25:00"));
  CHECK_FALSE(parse_clock("21:7"));
  CHECK_FALSE(parse_clock("明天"));
}
