#pragma once
// Filling a day's posts from the signup roster: a pure, deterministic function. Nobody is booked
// twice at once or without a rest between shifts, nobody passes the daily cap, service groups
// are respected, a volunteer stays in yesterday's zone when possible, and hours are spread evenly.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace linli::handlers {

// A span of the day in local minutes, [start, end).
struct span {
  int start = 0;
  int end = 0;
  int minutes() const { return end - start; }
  friend bool operator==(const span&, const span&) = default;
};

// A task with places still open.
struct post {
  int task_number = 0;
  std::string place;
  std::optional<std::string> group;
  span time;
  int open_places = 0;
  std::vector<std::string> holders;  // volunteer ids already on it
};

// Someone on the day's confirmed roster.
struct candidate {
  std::string id;
  std::string name;
  std::optional<std::string> slot;   // as signed up: 上午, 下午, 全天, ... (none: any time)
  std::optional<std::string> group;  // their service group, if they have one
  std::optional<std::string> yesterday_zone;
  std::vector<span> booked;  // shifts they already hold that day
  std::vector<std::string> booked_places;
};

struct assignment_rules {
  int max_minutes = 8 * 60;
  int min_rest_minutes = 30;
};

// Why someone could not take a place, in the order the checks run.
enum class refusal { already_on_it, outside_slot, other_group, overlaps, over_cap };

struct placement {
  int task_number = 0;
  std::string volunteer_id;
  friend bool operator==(const placement&, const placement&) = default;
};

struct gap {
  int task_number = 0;
  int missing = 0;
  int candidates = 0;              // people on the roster
  std::map<refusal, int> refused;  // how many were ruled out, by their first reason
  friend bool operator==(const gap&, const gap&) = default;
};

struct plan {
  std::vector<placement> placements;  // in the order the posts were filled
  std::vector<gap> gaps;
};

// The span a signup slot covers; nullopt for a slot name it does not know (any time).
std::optional<span> slot_span(const std::string& slot);

// Whether `c` may take a shift at `time` in `place` (given what they already hold), and if not,
// the first reason.
std::optional<refusal> check(const candidate& c, const post& p, const assignment_rules& rules);

// Fills the posts (earliest first) from the people. Deterministic: the same input gives the
// same plan. People are told apart by id: several lines with one id are one person, who is never
// booked twice at once nor past the cap, whatever the roster's origin.
plan assign(std::vector<post> posts, std::vector<candidate> people, const assignment_rules& rules);

}  // namespace linli::handlers
