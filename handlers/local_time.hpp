#pragma once
// Times of day as the chat reads them. Chats are in Asia/Shanghai (UTC+8, no daylight saving);
// handlers take "now" from the message, never from the wall clock.

#include <cstdint>
#include <string>

#include <optional>
#include <string_view>

namespace linli::handlers {

// A time of day, local to the chat.
struct clock_time {
  int hour = 0;
  int minute = 0;
  friend bool operator==(const clock_time&, const clock_time&) = default;
};

// Reads "21:00", "21：00", "21点", "21点半", "晚上9点" at the start of s (after fold).
std::optional<clock_time> parse_clock(std::string_view folded);

// Local time of day `t` at or after `after_ms`.
std::int64_t next_local_time(clock_time t, std::int64_t after_ms);

// A deadline as people read it: "21:00", with the date ("11-23 21:00") when not on now's day.
std::string describe_deadline(std::int64_t deadline_ms, std::int64_t now_ms);

// Local midnight at or before t.
std::int64_t local_day_start(std::int64_t t_ms);

// The local date of t: "11-22".
std::string local_date(std::int64_t t_ms);

}  // namespace linli::handlers
