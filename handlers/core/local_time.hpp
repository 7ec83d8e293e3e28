#pragma once
// Dates and times of day as a chat reads them, in the chat's time zone (default Asia/Shanghai).
// Handlers take "now" from the message or the scheduler's clock, never from the wall clock.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace linli::handlers {

// A zone of the system's tz database, by its IANA name. Zones are loaded once and live for the
// whole process, so pointers and references to them stay valid.
class time_zone {
 public:
  // nullptr when the system's database has no such zone.
  static const time_zone* find(std::string_view name);
  // Asia/Shanghai: the default for every chat.
  static const time_zone& shanghai();

  const std::string& name() const { return name_; }
  // The wall-clock reading at instant `utc_ms`, counted as if it were UTC.
  std::int64_t to_local(std::int64_t utc_ms) const;
  // The instant a wall-clock reading names. In a daylight-saving gap it is moved past the gap;
  // when the clock repeats an hour, the first of the two.
  std::int64_t to_utc(std::int64_t local_ms) const;

  time_zone(const date::time_zone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}

 private:
  const date::time_zone* zone_;
  std::string name_;
};

// A time of day, local to the chat.
struct clock_time {
  int hour = 0;
  int minute = 0;
  int minutes() const { return hour * 60 + minute; }
  friend bool operator==(const clock_time&, const clock_time&) = default;
  friend auto operator<=>(const clock_time&, const clock_time&) = default;
};

// A calendar day.
struct civil_date {
  int year = 1970;
  int month = 1;
  int day = 1;
  friend bool operator==(const civil_date&, const civil_date&) = default;
  friend auto operator<=>(const civil_date&, const civil_date&) = default;
};

// Reads "21:00", "21：00", "21点", "21点半", "晚上9点" at the start of s (after fold).
std::optional<clock_time> parse_clock(std::string_view folded);
// "09:05".
std::string format_clock(clock_time t);

// Local time of day `t` at or after `after_ms`.
std::int64_t next_local_time(clock_time t, std::int64_t after_ms, const time_zone& zone);

// A deadline as people read it: "21:00", with the date ("11-23 21:00") when not on now's day.
std::string describe_deadline(std::int64_t deadline_ms, std::int64_t now_ms, const time_zone& zone);

// Local midnight at or before t.
std::int64_t local_day_start(std::int64_t t_ms, const time_zone& zone);

// The local date of t: "11-22".
std::string local_date(std::int64_t t_ms, const time_zone& zone);

// The local calendar day of t.
civil_date date_of(std::int64_t t_ms, const time_zone& zone);
// The instant local midnight begins `d`.
std::int64_t day_start(civil_date d, const time_zone& zone);
// The instant of time of day `t` on day `d`.
std::int64_t at_local(civil_date d, clock_time t, const time_zone& zone);
// `d` moved by `days`.
civil_date add_days(civil_date d, int days);
// "2026-11-22".
std::string iso_date(civil_date d);
// Reads "2026-11-22" (exactly); nullopt for anything else or an impossible date.
std::optional<civil_date> parse_iso_date(std::string_view s);
// Reads a day as people write it, relative to `today`: 今天/明天/后天, today/tomorrow,
// "11-23", "11月23日", "11/23", "2026-11-23". `length` is how many bytes of `folded` it used.
struct parsed_day {
  civil_date day;
  std::size_t length = 0;
};
std::optional<parsed_day> parse_day(std::string_view folded, civil_date today);

}  // namespace linli::handlers
