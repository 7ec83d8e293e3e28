#pragma once
// Times of day as the chat reads them. Chats are in Asia/Shanghai (UTC+8, no daylight saving);
// handlers take "now" from the message, never from the wall clock.

#include <cstdint>
#include <string>

#include "handlers/chain_parser.hpp"

namespace linli::handlers {

// Local time of day `t` at or after `after_ms`.
std::int64_t next_local_time(clock_time t, std::int64_t after_ms);

// A deadline as people read it: "21:00", with the date ("11-23 21:00") when not on now's day.
std::string describe_deadline(std::int64_t deadline_ms, std::int64_t now_ms);

// Local midnight at or before t.
std::int64_t local_day_start(std::int64_t t_ms);

// The local date of t: "11-22".
std::string local_date(std::int64_t t_ms);

}  // namespace linli::handlers
