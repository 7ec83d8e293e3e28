#pragma once
// Who holds what on a day, shared by the task commands and the scheduler: the day's candidates
// from the signup roster, adding people to tasks, refilling places from 候补, and saving a task
// with its next due event.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "handlers/core/policy.hpp"
#include "handlers/tasks/assignment.hpp"
#include "handlers/tasks/tasks.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

// The chat's tasks on a day, cancelled ones left out, by start time.
std::vector<task> live_tasks(storage::store& store, const chat_ref& chat, civil_date day);

// A volunteer as the assignment sees them: what they hold that day (except task `except`).
candidate candidate_for(const std::string& id, const std::string& name,
                        const std::vector<task>& day, int except = 0);

// The people of the chat's latest 接龙 as candidates for `day`, each part in roster order, with
// their service groups and yesterday's zones.
struct day_roster {
  std::vector<candidate> confirmed;
  std::vector<candidate> waitlist;  // 候补
};
day_roster roster_candidates(storage::store& store, const chat_ref& chat, civil_date day,
                             const std::vector<task>& day_tasks);

// Why a post stays unfilled, for people: "名单 5 人中：3人时段不符，2人时间冲突".
std::string describe_gap(const gap& g, storage::language lang);

// The open places of a day's tasks that have not started by now_ms (and that `include` accepts,
// when given), and the plan that fills them from the confirmed roster.
struct day_plan {
  std::vector<post> posts;
  day_roster roster;
  plan result;
};
day_plan plan_day(storage::store& store, const chat_ref& chat, civil_date day,
                  const std::vector<task>& day_tasks, const shift_rules& rules, std::int64_t now_ms,
                  const std::function<bool(const task&)>& include = {});

// Adds someone to a task (in memory and in the store).
void add_member(storage::store& store, task& t, const std::string& id, const std::string& name,
                const std::string& source, bool confirmed, std::int64_t now_ms);

// Stores the task with its next due event recomputed.
void save_task(storage::store& store, task& t, const time_zone& zone, const shift_rules& rules);

// Fills a task's open places from 候补 first, then from confirmed volunteers who are free; returns
// the names added. Never asks a former holder, nor anyone who answered 2 or was dropped as
// unconfirmed on any shift that day. Does not save the task.
std::vector<std::string> refill(storage::store& store, task& t, const shift_rules& rules,
                                std::int64_t now_ms);

}  // namespace linli::handlers
