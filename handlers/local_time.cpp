#include "handlers/local_time.hpp"

#include <cstdio>

#include "handlers/text.hpp"

namespace linli::handlers {
namespace {

constexpr std::int64_t hour_ms = 3'600'000;
constexpr std::int64_t day_ms = 24 * hour_ms;
constexpr std::int64_t utc_offset_ms = 8 * hour_ms;  // Asia/Shanghai, no daylight saving

}  // namespace

std::int64_t next_local_time(clock_time t, std::int64_t after_ms) {
  const std::int64_t local = after_ms + utc_offset_ms;
  const std::int64_t midnight = local - ((local % day_ms) + day_ms) % day_ms;
  std::int64_t at = midnight + t.hour * hour_ms + t.minute * 60'000;
  if (at <= local) at += day_ms;
  return at - utc_offset_ms;
}

std::string describe_deadline(std::int64_t deadline_ms, std::int64_t now_ms) {
  const std::int64_t local = deadline_ms + utc_offset_ms;
  const std::int64_t in_day = ((local % day_ms) + day_ms) % day_ms;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", static_cast<int>(in_day / hour_ms),
                static_cast<int>(in_day % hour_ms / 60'000));
  if (local_day_start(deadline_ms) == local_day_start(now_ms)) return buffer;
  return local_date(deadline_ms) + " " + buffer;  // another day: with its date
}

std::int64_t local_day_start(std::int64_t t_ms) {
  const std::int64_t local = t_ms + utc_offset_ms;
  return local - ((local % day_ms) + day_ms) % day_ms - utc_offset_ms;
}

std::string local_date(std::int64_t t_ms) {
  // Civil date from days since the epoch (Howard Hinnant's days_from_civil, inverted).
  const std::int64_t z = (local_day_start(t_ms) + utc_offset_ms) / day_ms + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  char out[16];
  std::snprintf(out, sizeof out, "%d-%02d", static_cast<int>(m), static_cast<int>(d));
  return out;
}

std::optional<clock_time> parse_clock(std::string_view s) {
  bool pm = false;
  for (std::string_view w : {"下午", "晚上", "傍晚", "pm"}) {
    if (s.starts_with(w)) pm = true, s.remove_prefix(w.size());
  }
  for (std::string_view w : {"上午", "早上", "am"}) {
    if (s.starts_with(w)) s.remove_prefix(w.size());
  }
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  const auto hour = text::read_number(s);
  if (!hour || hour->value > 24) return std::nullopt;
  s.remove_prefix(hour->length);
  int minute = 0;
  if (s.starts_with(":")) {
    s.remove_prefix(1);
    if (s.size() < 2 || !std::isdigit(static_cast<unsigned char>(s[0])) ||
        !std::isdigit(static_cast<unsigned char>(s[1]))) {
      return std::nullopt;
    }
    minute = (s[0] - '0') * 10 + (s[1] - '0');
    if (minute > 59) return std::nullopt;
  } else if (s.starts_with("点")) {
    s.remove_prefix(std::string_view("点").size());
    if (s.starts_with("半")) {
      minute = 30;
    } else if (const auto m = text::read_number(s);
               m && m->value < 60 && s.substr(m->length).starts_with("分")) {
      minute = static_cast<int>(m->value);
    }
  } else {
    return std::nullopt;
  }
  int h = static_cast<int>(hour->value);
  if (pm && h < 12) h += 12;
  if (h == 24 && minute == 0) h = 0;
  if (h > 23) return std::nullopt;
  return clock_time{h, minute};
}

}  // namespace linli::handlers
