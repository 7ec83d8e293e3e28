#include "handlers/core/local_time.hpp"

#include <catch2/catch.hpp>

using namespace linli::handlers;

namespace {
const time_zone& sh = time_zone::shanghai();
}

TEST_CASE("deadlines are the next such local time (UTC+8)", "[local_time]") {
  // 2022-11-22 10:00 UTC is 18:00 in Shanghai.
  const std::int64_t evening = 1669111200000;
  const std::int64_t deadline = next_local_time({21, 0}, evening, sh);
  CHECK(deadline == evening + 3 * 3'600'000);
  CHECK(describe_deadline(deadline, evening, sh) == "21:00");
  // Asked at 22:00 local, "21:00" is tomorrow's.
  const std::int64_t late = evening + 4 * 3'600'000;
  CHECK(next_local_time({21, 0}, late, sh) == deadline + 24 * 3'600'000);
  CHECK(describe_deadline(deadline + 24 * 3'600'000, late, sh) == "11-23 21:00");
}

TEST_CASE("local_day_start and local_date follow Shanghai's day, not UTC's", "[local_time]") {
  // 2022-11-22 17:30 UTC is 01:30 on the 23rd in Shanghai.
  const std::int64_t t = 1669138200000;
  CHECK(local_date(t, sh) == "11-23");
  CHECK(local_day_start(t, sh) == 1669132800000);  // 2022-11-22 16:00 UTC
  CHECK(local_date(local_day_start(t, sh), sh) == "11-23");
  CHECK(local_date(0, sh) == "1-01");
  CHECK(local_date(951782400000, sh) == "2-29");  // 2000-02-29 08:00 Shanghai
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

TEST_CASE("other zones follow their own offsets and daylight saving", "[local_time]") {
  const time_zone* berlin = time_zone::find("Europe/Berlin");
  REQUIRE(berlin != nullptr);
  CHECK(time_zone::find("Mars/Olympus_Mons") == nullptr);
  CHECK(time_zone::find("Asia/Shanghai") == &time_zone::shanghai());
  // 2026-03-29: clocks jump from 02:00 to 03:00; the day has 23 hours.
  const std::int64_t start = day_start({2026, 3, 29}, *berlin);
  const std::int64_t next = day_start({2026, 3, 30}, *berlin);
  CHECK(next - start == 23 * 3'600'000);
  CHECK(at_local({2026, 3, 29}, {9, 0}, *berlin) - start == 8 * 3'600'000);
  // 02:30 does not exist that day: it is read as if the clock had not jumped yet.
  CHECK(at_local({2026, 3, 29}, {2, 30}, *berlin) - start == 2 * 3'600'000 + 30 * 60'000);
  CHECK(date_of(next - 1, *berlin) == civil_date{2026, 3, 29});
  CHECK(describe_deadline(at_local({2026, 3, 30}, {8, 0}, *berlin), start, *berlin) ==
        "3-30 08:00");
}

TEST_CASE("parse_day reads days as people write them", "[local_time]") {
  const civil_date today{2026, 11, 22};
  auto day = [&](std::string_view s) -> std::optional<civil_date> {
    const auto p = parse_day(s, today);
    if (!p) return std::nullopt;
    return p->day;
  };
  CHECK(day("明天") == civil_date{2026, 11, 23});
  CHECK(day("今天 核酸") == today);
  CHECK(day("后天") == civil_date{2026, 11, 24});
  CHECK(day("tomorrow") == civil_date{2026, 11, 23});
  CHECK(day("11-23") == civil_date{2026, 11, 23});
  CHECK(day("11月25日") == civil_date{2026, 11, 25});
  CHECK(day("12/1") == civil_date{2026, 12, 1});
  CHECK(day("2027-01-02") == civil_date{2027, 1, 2});
  CHECK(day("1-2") == civil_date{2027, 1, 2});  // written in late November: next January
  CHECK(parse_day("明天 09:00", today)->length == std::string_view("明天").size());
  CHECK_FALSE(day("2-30"));
  CHECK_FALSE(day("13-01"));
  CHECK_FALSE(day("9-10:00"));  // a time window, not a date
  CHECK_FALSE(day("3号楼"));
  CHECK_FALSE(day(""));
}

TEST_CASE("parse_iso_date takes exactly YYYY-MM-DD", "[local_time]") {
  CHECK(parse_iso_date("2026-11-22") == civil_date{2026, 11, 22});
  CHECK(iso_date({2026, 1, 5}) == "2026-01-05");
  CHECK(add_days({2026, 12, 31}, 1) == civil_date{2027, 1, 1});
  CHECK(add_days({2028, 3, 1}, -1) == civil_date{2028, 2, 29});
  for (std::string_view bad :
       {"2026-11-31", "2026-1-05", "26-11-22", "2026-11-22x", "", "abcd-ef-gh"}) {
    CHECK_FALSE(parse_iso_date(bad));
  }
}
