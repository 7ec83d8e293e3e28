#pragma once
// Posts and shifts as pure functions over the stored task: reading a /task line, who holds a
// task, its status, how it reads in chat, and when its next confirmation, cutoff or reminder is
// due.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/chains/chain_types.hpp"
#include "handlers/core/local_time.hpp"
#include "handlers/core/policy.hpp"
#include "handlers/tasks/assignment.hpp"
#include "handlers/tasks/task_types.hpp"
#include "storage/store.hpp"

namespace linli::handlers {

// What "/task add 3号楼 配送 第一波 09:00-11:00 需2人" says.
struct task_spec {
  std::string place;
  std::string title;
  std::optional<std::string> group;
  std::optional<civil_date> day;  // none: the caller decides
  clock_time start;
  clock_time end;
  int capacity = 1;
};

enum class spec_error { no_window, bad_window, no_place, bad_capacity };

struct spec_result {
  std::optional<task_spec> spec;
  spec_error error = spec_error::no_window;
};

// Reads place, title, time window (09:00-11:00, 9点-11点, 9:00～11:00), head count (需2人, 2人,
// 两人), day (明天, 11-23) and service group (组:配送, 配送组, or a group word in the title).
spec_result parse_task_spec(std::string_view text, civil_date today);

// The service group a title implies: 配送, 秩序, 采购, 药品, 消杀; none if it names none.
std::optional<std::string> infer_group(std::string_view folded_title);
// A group as written ("配送组", "distribution") in its canonical name; none if unknown.
std::optional<std::string> canonical_group(std::string_view folded);

// "T12" -> 12 at the start of folded text (t12, #T12 too); `length` is how many bytes it took.
struct task_ref {
  int number = 0;
  std::size_t length = 0;
};
std::optional<task_ref> parse_task_ref(std::string_view folded);
std::string task_label(int number);  // "T12"

std::vector<const task_member*> active_members(const task& t);
task_member* active_member(task& t, const std::string& volunteer_id);
// "open", "full" or "done" (as the read API says it).
std::string_view task_status(const task& t);
// "09:00-11:00".
std::string task_window(const task& t);
span task_span(const task& t);

// The place and, when it says more, the title: "3号楼 配送 第一波".
std::string task_name(const task& t);

// "T12 3号楼 配送 第一波 09:00-11:00（1/2）" in the chat's language; with the date when
// `with_date`.
std::string describe_task(const task& t, storage::language lang, bool with_date = false);

// Who someone on a 接龙 is, as a volunteer: their sender id, or "<registrant>#<name>" for a line
// someone else registered (帮报).
std::string volunteer_id_of(const chain_entry& e);

// When the task's next confirmation request, morning cutoff or reminder falls due; none when
// nothing is left to do.
std::optional<std::int64_t> next_event(const task& t, const time_zone& zone,
                                       const shift_rules& rules);
// The morning cutoff: confirm_by on the task's day, or its start if that is earlier.
std::int64_t cutoff_ms(const task& t, const time_zone& zone, const shift_rules& rules);
// The evening before at confirm_ask.
std::int64_t ask_ms(const task& t, const time_zone& zone, const shift_rules& rules);

// Minutes as hours for people: "2", "1.5", "7.25".
std::string format_hours(int minutes);

}  // namespace linli::handlers
