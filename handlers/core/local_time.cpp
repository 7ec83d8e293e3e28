#include "handlers/core/local_time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <cctype>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>

#include "handlers/text/text.hpp"

namespace linli::handlers {
namespace {

using std::chrono::milliseconds;
constexpr std::int64_t minute_ms = 60'000;
constexpr std::int64_t day_ms = 24 * 60 * minute_ms;

date::sys_time<milliseconds> instant(std::int64_t ms) {
  return date::sys_time<milliseconds>(milliseconds(ms));
}

std::int64_t floor_day(std::int64_t ms) {
  return ms - ((ms % day_ms) + day_ms) % day_ms;
}

}  // namespace

const time_zone* time_zone::find(std::string_view name) {
  // Looked up once per name; entries are never removed, so references stay valid.
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<time_zone>, std::less<>> zones;
  const std::lock_guard lock(mutex);
  if (const auto it = zones.find(name); it != zones.end()) return it->second.get();
  const date::time_zone* found = nullptr;
  try {
    found = date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;  // unknown name, or no tz database on this system
  }
  auto zone = std::make_unique<time_zone>(found, std::string(name));
  return zones.emplace(std::string(name), std::move(zone)).first->second.get();
}

const time_zone& time_zone::shanghai() {
  static const time_zone* zone = [] {
    const time_zone* z = find("Asia/Shanghai");
    if (!z) throw std::runtime_error("the tz database has no Asia/Shanghai: install tzdata");
    return z;
  }();
  return *zone;
}

std::int64_t time_zone::to_local(std::int64_t utc_ms) const {
  const auto info = zone_->get_info(instant(utc_ms));
  return utc_ms + std::chrono::duration_cast<milliseconds>(info.offset).count();
}

std::int64_t time_zone::to_utc(std::int64_t local_ms) const {
  const date::local_time<milliseconds> local{milliseconds(local_ms)};
  const auto info = zone_->get_info(local);
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:  // the first of the repeated hour
      return local_ms - std::chrono::duration_cast<milliseconds>(info.first.offset).count();
    case date::local_info::nonexistent:  // in the gap: as if the clock had not jumped yet
      return local_ms - std::chrono::duration_cast<milliseconds>(info.first.offset).count();
  }
  return local_ms;
}

std::string format_clock(clock_time t) {
  char out[8];
  std::snprintf(out, sizeof out, "%02d:%02d", t.hour % 100, t.minute % 100);
  return out;
}

std::int64_t next_local_time(clock_time t, std::int64_t after_ms, const time_zone& zone) {
  civil_date d = date_of(after_ms, zone);
  std::int64_t at = at_local(d, t, zone);
  if (at <= after_ms) at = at_local(add_days(d, 1), t, zone);
  return at;
}

std::string describe_deadline(std::int64_t deadline_ms, std::int64_t now_ms,
                              const time_zone& zone) {
  const std::int64_t local = zone.to_local(deadline_ms);
  const std::int64_t in_day = local - floor_day(local);
  const std::string time = format_clock({static_cast<int>(in_day / (60 * minute_ms)),
                                         static_cast<int>(in_day % (60 * minute_ms) / minute_ms)});
  if (date_of(deadline_ms, zone) == date_of(now_ms, zone)) return time;
  return local_date(deadline_ms, zone) + " " + time;  // another day: with its date
}

std::int64_t local_day_start(std::int64_t t_ms, const time_zone& zone) {
  return day_start(date_of(t_ms, zone), zone);
}

std::string local_date(std::int64_t t_ms, const time_zone& zone) {
  const civil_date d = date_of(t_ms, zone);
  char out[16];
  std::snprintf(out, sizeof out, "%d-%02d", d.month, d.day);
  return out;
}

civil_date date_of(std::int64_t t_ms, const time_zone& zone) {
  const std::int64_t days = floor_day(zone.to_local(t_ms)) / day_ms;
  const date::year_month_day ymd{date::sys_days{date::days{days}}};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

namespace {
std::int64_t local_midnight(civil_date d) {
  const date::sys_days days = date::year{d.year} / d.month / d.day;
  return static_cast<std::int64_t>(days.time_since_epoch().count()) * day_ms;
}
}  // namespace

std::int64_t day_start(civil_date d, const time_zone& zone) {
  return zone.to_utc(local_midnight(d));
}

std::int64_t at_local(civil_date d, clock_time t, const time_zone& zone) {
  return zone.to_utc(local_midnight(d) + t.minutes() * minute_ms);
}

civil_date add_days(civil_date d, int days) {
  const date::year_month_day ymd{date::sys_days{date::year{d.year} / d.month / d.day} +
                                 date::days{days}};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::string iso_date(civil_date d) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", d.year % 10000, d.month % 100, d.day % 100);
  return out;
}

namespace {
bool valid(civil_date d) {
  return d.year >= 1970 && d.year <= 9999 &&
         date::year_month_day(date::year{d.year}, date::month(static_cast<unsigned>(d.month)),
                              date::day(static_cast<unsigned>(d.day)))
             .ok();
}

// Reads up to `max` ASCII digits; nullopt when there are none.
std::optional<int> digits(std::string_view s, std::size_t& pos, std::size_t max) {
  const std::size_t begin = pos;
  int value = 0;
  while (pos < s.size() && pos - begin < max && std::isdigit(static_cast<unsigned char>(s[pos]))) {
    value = value * 10 + (s[pos++] - '0');
  }
  if (pos == begin) return std::nullopt;
  return value;
}
}  // namespace

std::optional<civil_date> parse_iso_date(std::string_view s) {
  std::size_t pos = 0;
  const auto y = digits(s, pos, 4);
  if (!y || pos != 4 || pos >= s.size() || s[pos++] != '-') return std::nullopt;
  const std::size_t month_at = pos;
  const auto m = digits(s, pos, 2);
  if (!m || pos - month_at != 2 || pos >= s.size() || s[pos++] != '-') return std::nullopt;
  const std::size_t day_at = pos;
  const auto d = digits(s, pos, 2);
  if (!d || pos - day_at != 2 || pos != s.size()) return std::nullopt;
  const civil_date out{*y, *m, *d};
  if (!valid(out)) return std::nullopt;
  return out;
}

std::optional<parsed_day> parse_day(std::string_view s, civil_date today) {
  static constexpr std::pair<std::string_view, int> relative[] = {
      {"今天", 0},     {"今日", 0}, {"明天", 1},
      {"明日", 1},     {"后天", 2}, {"day after tomorrow", 2},
      {"tomorrow", 1}, {"today", 0}};
  for (const auto& [word, offset] : relative) {
    if (s.starts_with(word)) return parsed_day{add_days(today, offset), word.size()};
  }
  std::size_t pos = 0;
  const auto first = digits(s, pos, 4);
  if (!first) return std::nullopt;
  int year = today.year;
  int month = *first;
  const bool has_year = pos == 4;
  if (has_year) {  // 2026-11-23
    year = *first;
    if (pos >= s.size() || s[pos] != '-') return std::nullopt;
    ++pos;
    const auto m = digits(s, pos, 2);
    if (!m) return std::nullopt;
    month = *m;
  }
  if (s.substr(pos).starts_with("月")) {
    pos += std::string_view("月").size();
  } else if (pos < s.size() && (s[pos] == '-' || s[pos] == '/' || s[pos] == '.')) {
    ++pos;
  } else {
    return std::nullopt;
  }
  const auto day = digits(s, pos, 2);
  if (!day) return std::nullopt;
  for (std::string_view suffix : {"日", "号"}) {
    if (s.substr(pos).starts_with(suffix)) pos += suffix.size();
  }
  // Digits or a colon right after would make this part of something else ("11-23-5", "9-10:00").
  if (pos < s.size() && (std::isdigit(static_cast<unsigned char>(s[pos])) || s[pos] == ':')) {
    return std::nullopt;
  }
  civil_date d{year, month, *day};
  if (!valid(d)) return std::nullopt;
  // Without a year, a date far in the past is next year's ("01-02" written on 12-30).
  if (!has_year && d < add_days(today, -180)) d.year += 1;
  if (!valid(d)) return std::nullopt;
  return parsed_day{d, pos};
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
