#include "handlers/tasks/assignment.hpp"

#include <algorithm>
#include <tuple>

namespace linli::handlers {
namespace {

int booked_minutes(const candidate& c) {
  int total = 0;
  for (const span& s : c.booked) total += s.minutes();
  return total;
}

// Lower is better: not moving someone out of their zone (today's shifts, else yesterday's), a
// matching service group, fewer hours so far, then already being in this zone.
std::tuple<int, int, int, int> preference(const candidate& c, const post& p) {
  int zone = 1;  // no zone yet
  if (!c.booked_places.empty()) {
    zone =
        std::find(c.booked_places.begin(), c.booked_places.end(), p.place) != c.booked_places.end()
            ? 0
            : 2;
  } else if (c.yesterday_zone) {
    zone = *c.yesterday_zone == p.place ? 0 : 2;
  }
  const int group = !p.group || (c.group && *c.group == *p.group) ? 0 : 1;
  return {zone == 2, group, booked_minutes(c), zone};
}

}  // namespace

std::optional<span> slot_span(const std::string& slot) {
  if (slot == "上午" || slot == "早班" || slot == "morning" || slot == "am")
    return span{0, 12 * 60};
  if (slot == "下午" || slot == "afternoon" || slot == "pm") return span{12 * 60, 18 * 60};
  if (slot == "晚上" || slot == "晚班" || slot == "evening") return span{18 * 60, 24 * 60};
  if (slot == "中午") return span{11 * 60, 14 * 60};
  if (slot == "全天" || slot == "整天" || slot == "all day") return span{0, 24 * 60};
  return std::nullopt;
}

std::optional<refusal> check(const candidate& c, const post& p, const assignment_rules& rules) {
  if (std::find(p.holders.begin(), p.holders.end(), c.id) != p.holders.end()) {
    return refusal::already_on_it;
  }
  if (c.slot) {
    if (const auto window = slot_span(*c.slot);
        window && (p.time.start < window->start || p.time.end > window->end)) {
      return refusal::outside_slot;
    }
  }
  if (p.group && c.group && *p.group != *c.group) return refusal::other_group;
  for (const span& s : c.booked) {
    const bool apart = p.time.start >= s.end + rules.min_rest_minutes ||
                       p.time.end + rules.min_rest_minutes <= s.start;
    if (!apart) return refusal::overlaps;
  }
  if (booked_minutes(c) + p.time.minutes() > rules.max_minutes) return refusal::over_cap;
  return std::nullopt;
}

plan assign(std::vector<post> posts, std::vector<candidate> people, const assignment_rules& rules) {
  std::stable_sort(posts.begin(), posts.end(), [](const post& a, const post& b) {
    return std::tie(a.time.start, a.time.end, a.task_number) <
           std::tie(b.time.start, b.time.end, b.task_number);
  });
  plan out;
  for (post& p : posts) {
    while (p.open_places > 0) {
      candidate* best = nullptr;
      for (candidate& c : people) {
        if (check(c, p, rules)) continue;
        // Ties keep roster order: the first in the list wins.
        if (!best || preference(c, p) < preference(*best, p)) best = &c;
      }
      if (!best) break;
      out.placements.push_back({p.task_number, best->id});
      // One person may stand on the roster more than once (two lines, a pasted list): every
      // line of theirs holds the shift, so none of them is booked over it or past the cap.
      const std::string id = best->id;
      for (candidate& c : people) {
        if (c.id != id) continue;
        c.booked.push_back(p.time);
        c.booked_places.push_back(p.place);
      }
      p.holders.push_back(best->id);
      --p.open_places;
    }
    if (p.open_places == 0) continue;
    gap g{p.task_number, p.open_places, static_cast<int>(people.size()), {}};
    for (const candidate& c : people) {
      if (const auto why = check(c, p, rules)) ++g.refused[*why];
    }
    out.gaps.push_back(std::move(g));
  }
  return out;
}

}  // namespace linli::handlers
