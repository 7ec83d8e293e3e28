#include "handlers/tasks/assignment.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>

using namespace linli::handlers;

namespace {

candidate person(std::string id, std::optional<std::string> slot = std::nullopt,
                 std::optional<std::string> group = std::nullopt) {
  candidate c;
  c.id = id;
  c.name = id;
  c.slot = std::move(slot);
  c.group = std::move(group);
  return c;
}

post place(int number, std::string where, int start_h, int end_h, int places,
           std::optional<std::string> group = std::nullopt) {
  return {number, std::move(where), std::move(group), {start_h * 60, end_h * 60}, places, {}};
}

}  // namespace

TEST_CASE("assign fills posts by slot, group and zone", "[assignment]") {
  const assignment_rules rules;
  const auto p = assign({place(1, "东门岗", 8, 12, 1, "秩序"), place(2, "3号楼", 9, 11, 2, "配送"),
                         place(3, "3号楼", 14, 16, 1, "配送")},
                        {person("a", "上午", "秩序"), person("b", "上午", "配送"),
                         person("c", "全天"), person("d", "下午", "配送")},
                        rules);
  CHECK(p.gaps.empty());
  CHECK(p.placements == std::vector<placement>{{1, "a"}, {2, "b"}, {2, "c"}, {3, "d"}});
}

TEST_CASE("assign keeps yesterday's zone and spreads hours", "[assignment]") {
  candidate a = person("a"), b = person("b");
  b.yesterday_zone = "5号楼";
  const auto p = assign({place(1, "5号楼", 9, 11, 1), place(2, "3号楼", 13, 15, 1)}, {a, b}, {});
  CHECK(p.placements == std::vector<placement>{{1, "b"}, {2, "a"}});
  // Within a zone, the one with fewer hours gets the next post.
  const auto q =
      assign({place(1, "x", 8, 10, 1), place(2, "x", 11, 13, 1), place(3, "x", 14, 16, 1)},
             {person("a"), person("b")}, {});
  CHECK(q.placements == std::vector<placement>{{1, "a"}, {2, "b"}, {3, "a"}});
}

TEST_CASE("assign explains every place it cannot fill", "[assignment]") {
  candidate busy = person("busy");
  busy.booked = {{9 * 60, 17 * 60}};
  const auto p = assign({place(1, "东门岗", 10, 12, 2, "秩序")},
                        {busy, person("pm", "下午"), person("driver", std::nullopt, "配送")}, {});
  REQUIRE(p.gaps.size() == 1);
  CHECK(p.gaps[0].missing == 2);
  CHECK(p.gaps[0].candidates == 3);
  CHECK(p.gaps[0].refused == std::map<refusal, int>{{refusal::outside_slot, 1},
                                                    {refusal::other_group, 1},
                                                    {refusal::overlaps, 1}});
}

TEST_CASE("assign respects the daily cap and the rest between shifts", "[assignment]") {
  assignment_rules rules;
  rules.max_minutes = 4 * 60;
  rules.min_rest_minutes = 60;
  const auto p = assign({place(1, "x", 8, 10, 1), place(2, "x", 10, 12, 1),
                         place(3, "x", 11, 13, 1), place(4, "x", 14, 17, 1)},
                        {person("a")}, rules);
  // 08-10 taken; 10-12 starts without an hour's rest; 11-13 fits; 14-17 would pass 4 hours.
  CHECK(p.placements == std::vector<placement>{{1, "a"}, {3, "a"}});
  REQUIRE(p.gaps.size() == 2);
  CHECK(p.gaps[0].refused.at(refusal::overlaps) == 1);
  CHECK(p.gaps[1].refused.at(refusal::over_cap) == 1);
}

TEST_CASE("assign holds its invariants over random rosters and posts", "[assignment][property]") {
  std::mt19937 rng(20221122);
  const char* slots[] = {"上午", "下午", "全天", "晚上"};
  const char* groups[] = {"配送", "秩序", "消杀"};
  for (int trial = 0; trial < 500; ++trial) {
    assignment_rules rules;
    rules.max_minutes = 60 * std::uniform_int_distribution(2, 10)(rng);
    rules.min_rest_minutes = 15 * std::uniform_int_distribution(0, 4)(rng);
    std::vector<post> posts;
    const int n_posts = std::uniform_int_distribution(0, 25)(rng);
    for (int i = 0; i < n_posts; ++i) {
      const int start = 30 * std::uniform_int_distribution(12, 40)(rng);
      const int length = 30 * std::uniform_int_distribution(1, 8)(rng);
      std::optional<std::string> g;
      if (rng() % 2) g = groups[rng() % 3];
      posts.push_back({i + 1,
                       "Z" + std::to_string(rng() % 4),
                       g,
                       {start, start + length},
                       static_cast<int>(rng() % 4),
                       {}});
    }
    std::vector<candidate> people;
    const int n_people = std::uniform_int_distribution(0, 30)(rng);
    for (int i = 0; i < n_people; ++i) {
      candidate c = person("v" + std::to_string(i));
      if (rng() % 3) c.slot = slots[rng() % 4];
      if (rng() % 2) c.group = groups[rng() % 3];
      if (rng() % 3 == 0) c.yesterday_zone = "Z" + std::to_string(rng() % 4);
      if (rng() % 4 == 0) {
        const int s = 30 * std::uniform_int_distribution(12, 40)(rng);
        c.booked.push_back({s, s + 60});
        c.booked_places.push_back("Z0");
      }
      people.push_back(c);
    }

    const plan p = assign(posts, people, rules);
    INFO("trial " << trial);
    CHECK(assign(posts, people, rules).placements == p.placements);  // deterministic
    CHECK(assign(posts, people, rules).gaps == p.gaps);

    std::map<int, const post*> by_number;
    for (const post& x : posts) by_number[x.task_number] = &x;
    std::map<int, int> placed;
    std::map<std::string, std::vector<span>> shifts;
    for (const candidate& c : people) shifts[c.id] = c.booked;
    for (const placement& pl : p.placements) {
      ++placed[pl.task_number];
      shifts[pl.volunteer_id].push_back(by_number.at(pl.task_number)->time);
    }
    for (const post& x : posts) {
      CHECK(placed[x.task_number] <= x.open_places);  // no capacity exceeded
    }
    for (const candidate& c : people) {
      const auto& s = shifts[c.id];
      int total = 0;
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (i >= c.booked.size()) total += s[i].minutes();
        for (std::size_t j = i + 1; j < s.size(); ++j) {
          if (i < c.booked.size() && j < c.booked.size()) continue;  // given, not ours
          const bool apart = s[j].start >= s[i].end + rules.min_rest_minutes ||
                             s[j].end + rules.min_rest_minutes <= s[i].start;
          CHECK(apart);  // nobody double-booked, and a rest between shifts
        }
      }
      int given = 0;
      for (const span& b : c.booked) given += b.minutes();
      CHECK((total == 0 || given + total <= rules.max_minutes));  // nobody over the cap
    }
    for (const gap& g : p.gaps) {
      const post& x = *by_number.at(g.task_number);
      CHECK(g.missing == x.open_places - placed[g.task_number]);
      int explained = 0;
      for (const auto& [why, count] : g.refused) explained += count;
      CHECK(explained == g.candidates);  // everyone on the roster ruled out, with a reason
    }
    for (const post& x : posts) {
      const bool has_gap = std::any_of(p.gaps.begin(), p.gaps.end(), [&](const gap& g) {
        return g.task_number == x.task_number;
      });
      CHECK(has_gap == (placed[x.task_number] < x.open_places));
    }
  }
}

TEST_CASE("assign never double-books one person who stands on the roster several times",
          "[assignment][property]") {
  // Self-signed, pasted and mixed rosters: ids drawn from a small pool, so one person may have
  // several lines. Whatever the lines, one id holds no overlapping shifts and stays under the cap.
  std::mt19937 rng(20261202);
  for (int trial = 0; trial < 300; ++trial) {
    assignment_rules rules;
    rules.max_minutes = 60 * std::uniform_int_distribution(2, 10)(rng);
    rules.min_rest_minutes = 15 * std::uniform_int_distribution(0, 4)(rng);
    std::vector<post> posts;
    const int n_posts = std::uniform_int_distribution(1, 20)(rng);
    for (int i = 0; i < n_posts; ++i) {
      const int start = 30 * std::uniform_int_distribution(12, 40)(rng);
      const int length = 30 * std::uniform_int_distribution(1, 8)(rng);
      posts.push_back({i + 1,
                       "Z" + std::to_string(rng() % 3),
                       std::nullopt,
                       {start, start + length},
                       static_cast<int>(1 + rng() % 3),
                       {}});
    }
    std::vector<candidate> people;
    const int pool = std::uniform_int_distribution(1, 6)(rng);
    const int n_lines = std::uniform_int_distribution(1, 20)(rng);
    for (int i = 0; i < n_lines; ++i) {
      candidate c = person("v" + std::to_string(rng() % pool));
      c.name = "line" + std::to_string(i);
      if (rng() % 2) c.slot = "全天";
      people.push_back(c);
    }
    const plan p = assign(posts, people, rules);
    INFO("trial " << trial);
    std::map<int, const post*> by_number;
    for (const post& x : posts) by_number[x.task_number] = &x;
    std::map<std::string, std::vector<span>> shifts;
    for (const placement& pl : p.placements) {
      shifts[pl.volunteer_id].push_back(by_number.at(pl.task_number)->time);
    }
    for (const auto& [id, s] : shifts) {
      int total = 0;
      for (std::size_t i = 0; i < s.size(); ++i) {
        total += s[i].minutes();
        for (std::size_t j = i + 1; j < s.size(); ++j) {
          const bool apart = s[j].start >= s[i].end + rules.min_rest_minutes ||
                             s[i].start >= s[j].end + rules.min_rest_minutes;
          CHECK(apart);
        }
      }
      CHECK(total <= rules.max_minutes);
    }
  }
}
